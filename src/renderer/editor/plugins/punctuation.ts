import { InputRule, inputRules } from 'prosemirror-inputrules';
import type { Plugin } from 'prosemirror-state';
import { fullWidthFor } from '../../../core/briefing';

// 全角标点 — ASCII punctuation typed after Chinese becomes full-width, as an input rule. Input
// rules never run while an IME composition is open (prosemirror-inputrules checks
// `view.composing`), so a pinyin IME that commits its own text is never rewritten mid-word, and
// Backspace right after a conversion undoes it (undoInputRule in the keymap).

const OBJECT = '\ufffc';

export function punctuationPlugin(enabled: () => boolean): Plugin {
  const rule = new InputRule(/[,.;:?!()'"]$/, (state, match, start, end) => {
    if (!enabled()) return null;
    const char = match[0];
    const $start = state.doc.resolve(start);
    const parent = $start.parent;
    const before = parent.textBetween(0, $start.parentOffset, undefined, OBJECT);
    const $end = state.doc.resolve(end);
    const after = parent.textBetween($end.parentOffset, parent.content.size, undefined, OBJECT);
    const replacement = fullWidthFor(char, before, after);
    if (replacement === null) return null;
    return state.tr.insertText(replacement, start, end);
  });
  return inputRules({ rules: [rule] });
}
