import { Fragment, Slice, type Node as PMNode } from 'prosemirror-model';
import { Plugin } from 'prosemirror-state';
import { pastedTextToParagraphs, toFullWidthPunctuation } from '../../../core/briefing';
import { schema } from '../schema';

// Paste from Word and web pages as an official expects: one paragraph per line, indentation and
// Word's empty spacer paragraphs dropped, ASCII punctuation inside Chinese made full-width (when
// 全角标点 is on). Linked figures copied inside the app are atoms and pass through untouched.

const blank = (node: PMNode) => node.isTextblock && node.textContent.replace(/[\s\u00a0\u3000\u200b\ufeff]/g, '') === '';

function cleanText(node: PMNode, fullWidth: boolean): PMNode {
  if (!node.isText || !fullWidth) return node;
  const text = toFullWidthPunctuation(node.text!);
  return text === node.text ? node : schema.text(text, node.marks);
}

function cleanFragment(fragment: Fragment, fullWidth: boolean, dropBlank: boolean): Fragment {
  const out: PMNode[] = [];
  fragment.forEach((node) => {
    if (dropBlank && blank(node)) return;
    if (node.isText) out.push(cleanText(node, fullWidth));
    else if (node.isLeaf) out.push(node);
    else out.push(node.copy(cleanFragment(node.content, fullWidth, false)));
  });
  return Fragment.from(out);
}

export function pastePlugin(fullWidth: () => boolean): Plugin {
  return new Plugin({
    props: {
      transformPastedText(text) {
        return pastedTextToParagraphs(text, { fullWidth: fullWidth() }).join('\n');
      },
      transformPasted(slice) {
        // Blank paragraphs go only when there is something else: pasting a lone space stays a space.
        const dropBlank = slice.content.childCount > 1;
        const content = cleanFragment(slice.content, fullWidth(), dropBlank);
        if (content.size === 0) return slice;
        return new Slice(content, Math.min(slice.openStart, content.size === 0 ? 0 : slice.openStart), slice.openEnd);
      },
    },
  });
}
