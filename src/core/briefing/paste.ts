import { toFullWidthPunctuation } from './punctuation';

/**
 * Splits pasted plain text into paragraphs the way an official expects after copying from Word or
 * a web page: one paragraph per line, the indentation (spaces, U+3000) and trailing blanks dropped,
 * empty lines dropped, ASCII punctuation inside Chinese made full-width.
 */
export function pastedTextToParagraphs(text: string, options: { fullWidth?: boolean } = {}): string[] {
  const fullWidth = options.fullWidth ?? true;
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[\v\f\u2028\u2029]/g, '\n')
    .split('\n')
    .map((line) =>
      line
        .replace(/\u00a0/g, ' ')
        .replace(/[\u200b\ufeff]/g, '')
        .replace(/^[\s\u3000]+|[\s\u3000]+$/g, '')
        // Word pads Chinese with spaces between runs: drop spaces between two Chinese characters.
        .replace(/(\p{Script=Han}|[，。、；：？！“”）])[ \t]+(?=\p{Script=Han}|[，。、；：？！“”（])/gu, '$1'),
    )
    .filter((line) => line !== '')
    .map((line) => (fullWidth ? toFullWidthPunctuation(line) : line));
}
