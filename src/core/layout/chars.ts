/**
 * Character classes for Chinese typesetting: which characters take a full-width cell, which may not
 * start or end a line (避头尾, GB/T 15834 §5.1 extended with Word's Simplified-Chinese kinsoku list),
 * which punctuation has a blank half that can be compressed, which characters form unbreakable runs.
 */

/** Never at the start of a line (the second half of —— and …… is handled as a pair). */
export const NO_LINE_START = new Set([
  ...'。，、；：？！）〕】》〉」』〗〙〛”’…—·％‰℃～々〃ゝゞ°′″',
  ...')]},.:;?!%',
]);

/** Never at the end of a line. */
export const NO_LINE_END = new Set([...'（〔【《〈「『〖〘〚“‘～', ...'([{¥$£￥']);

/** Punctuation whose glyph sits in the left half of its cell: the right half can be squeezed. */
export const CLOSING_PUNCT = new Set([...'，。、；：？！）〕】》〉」』〗”’']);

/** Punctuation whose glyph sits in the right half of its cell: the left half can be squeezed. */
export const OPENING_PUNCT = new Set([...'（〔【《〈「『〖“‘']);

/** Characters that read as a unit when they follow a number: 2025年, 1.85万亿元, 53所, 15%. */
const UNIT_CHARS = new Set([
  ...'年月日时分秒号期届次个位名人家项所座台辆吨米克斤亩公里元角万亿千百兆倍度岁天周户套件份条款章节页批类种例枚只张篇部册本间栋处余多强成',
  ...'%％‰℃',
]);

/** True for characters that occupy a full-width (1 em) cell in Chinese text. */
export function isFullWidth(codePoint: number): boolean {
  return (
    (codePoint >= 0x2e80 && codePoint <= 0x303f) || // CJK radicals, symbols and punctuation
    (codePoint >= 0x3040 && codePoint <= 0x30ff) || // kana
    (codePoint >= 0x3100 && codePoint <= 0x31ff) ||
    (codePoint >= 0x3200 && codePoint <= 0x4dbf) || // enclosed, compatibility, Ext-A
    (codePoint >= 0x4e00 && codePoint <= 0x9fff) || // URO
    (codePoint >= 0xf900 && codePoint <= 0xfaff) ||
    (codePoint >= 0xfe30 && codePoint <= 0xfe4f) ||
    (codePoint >= 0xff01 && codePoint <= 0xff60) || // full-width forms
    (codePoint >= 0xffe0 && codePoint <= 0xffe6) ||
    (codePoint >= 0x20000 && codePoint <= 0x3ffff) || // Ext-B … and beyond
    codePoint === 0x2014 || // — (一字线 / half of 破折号)
    codePoint === 0x2015 ||
    codePoint === 0x2026 || // …
    (codePoint >= 0x2018 && codePoint <= 0x201d) || // ‘ ’ “ ”
    codePoint === 0x2605 ||
    codePoint === 0x2606 ||
    codePoint === 0x203b ||
    (codePoint >= 0x25a0 && codePoint <= 0x25ff) || // ■ □ ○ ●
    (codePoint >= 0x2460 && codePoint <= 0x24ff) // ① …
  );
}

/** Han ideographs (for counting and tests). */
export function isHan(char: string): boolean {
  return /\p{Script=Han}/u.test(char);
}

/** Letters and digits that form unbreakable Latin words and numbers (DeepSeek, R&D, 1.85). */
export function isWordChar(char: string): boolean {
  return /^[A-Za-z0-9\u00C0-\u024F&_@#'’]$/.test(char);
}

export function isDigit(char: string | undefined): boolean {
  return char !== undefined && char >= '0' && char <= '9';
}

export function isUnitChar(char: string | undefined): boolean {
  return char !== undefined && UNIT_CHARS.has(char);
}

/** U+0020 and other breakable spaces (not the ideographic space, which is a full cell). */
export function isSpace(char: string): boolean {
  return char === ' ' || char === '\u00A0' || char === '\t';
}
