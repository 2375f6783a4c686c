// Paste from Word and web pages: keep the paragraphs, drop every style.
import { pastedTextToParagraphs } from '../../../core/briefing';

const BLOCK_TAGS = new Set(['P', 'DIV', 'LI', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'TR', 'BLOCKQUOTE', 'SECTION', 'ARTICLE', 'HEADER', 'FOOTER', 'PRE', 'TABLE', 'UL', 'OL', 'DT', 'DD']);
const SKIP_TAGS = new Set(['STYLE', 'SCRIPT', 'HEAD', 'TITLE', 'META', 'LINK', 'XML', 'O:P', 'NOSCRIPT', 'TEMPLATE']);

/** The text of pasted HTML with one line per block element (Word's <p class=MsoNormal>, <br>, <li> …). */
export function htmlToText(html: string): string {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  let out = '';
  const walk = (node: Node) => {
    if (node.nodeType === Node.TEXT_NODE) {
      // Source line breaks inside HTML text are just spaces.
      out += (node.nodeValue ?? '').replace(/[\r\n]+/g, ' ');
      return;
    }
    if (node.nodeType !== Node.ELEMENT_NODE) return;
    const el = node as Element;
    const tag = el.tagName.toUpperCase();
    if (SKIP_TAGS.has(tag)) return;
    if (tag === 'BR') {
      out += '\n';
      return;
    }
    if (tag === 'TD' || tag === 'TH') out += ' ';
    const block = BLOCK_TAGS.has(tag);
    if (block) out += '\n';
    for (const child of Array.from(el.childNodes)) walk(child);
    if (block) out += '\n';
  };
  walk(doc.body);
  return out;
}

/** The paragraphs on a clipboard: from its HTML when there is some, else its plain text. */
export function clipboardParagraphs(data: DataTransfer | null, options: { fullWidth?: boolean } = {}): string[] {
  if (!data) return [];
  const html = data.getData('text/html');
  const text = html ? htmlToText(html) : data.getData('text/plain');
  return pastedTextToParagraphs(text, options);
}
