import { Schema, type DOMOutputSpec, type Node as PMNode, type NodeType } from 'prosemirror-model';
import { blockSchema } from '../../shared/briefing';
import { figureLinkSchema } from '../../shared/briefing/schema';

// The ProseMirror schema of a briefing's body. It mirrors `shared/briefing` (the saved format and
// the truth) node for node, so the mapping in `mapping.ts` is lossless:
//
//   paragraph (inline*: text with the `bold` mark, `figure` atoms)   ← paragraph block, its runs
//   heading(level) / note(label) (text*)                             ← heading / 按语
//   attachment (attachmentTitle attachmentParagraph*)                ← 附件 with its paragraphs
//   excerpt / table / chart (atoms, the block kept whole in `data`)  ← node views (Svelte)
//   pageBreak (atom)
//
// Every block node carries the block's `id`; the doc carries everything else of the briefing
// (title, meta, template …) in one attribute, `head`, so title and metadata changes are steps of
// the same history as the body.

const blockAttrs = { id: { default: '' } };

/** Reads a JSON attribute written by `toDOM`, validated: pasted HTML is outside input. */
function jsonAttr(dom: HTMLElement, name: string): unknown {
  const raw = dom.getAttribute(name);
  if (raw === null) return undefined;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return undefined;
  }
}

/** The parse rule of an atom block: only a block the briefing schema accepts comes back. */
function atomRule(type: 'excerpt' | 'table' | 'chart') {
  return {
    tag: `div[data-bs-block="${type}"]`,
    getAttrs(dom: HTMLElement) {
      const data = jsonAttr(dom, 'data-block');
      const parsed = blockSchema.safeParse({ id: 'x', ...(typeof data === 'object' && data !== null ? data : {}), type });
      return parsed.success ? { id: dom.getAttribute('data-block-id') ?? '', data: withoutId(parsed.data) } : false;
    },
  };
}

/** A block without its id (atoms keep the id as a separate attribute). */
export function withoutId<T extends { id: string }>(block: T): Omit<T, 'id'> {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- the id is dropped on purpose
  const { id, ...rest } = block;
  return rest;
}

function atomSpec(type: 'excerpt' | 'table' | 'chart') {
  return {
    group: 'block',
    atom: true,
    selectable: true,
    draggable: true,
    attrs: { ...blockAttrs, data: {} },
    parseDOM: [atomRule(type)],
    toDOM(node: PMNode): DOMOutputSpec {
      return ['div', { 'data-bs-block': type, 'data-block-id': node.attrs.id as string, 'data-block': JSON.stringify(node.attrs.data) }];
    },
  };
}

export const schema = new Schema({
  nodes: {
    doc: { content: 'block+', attrs: { head: { default: null } } },
    paragraph: {
      group: 'block',
      content: 'inline*',
      marks: 'bold',
      attrs: blockAttrs,
      parseDOM: [{ tag: 'p', getAttrs: (dom: HTMLElement) => ({ id: dom.getAttribute('data-block-id') ?? '' }) }],
      toDOM: (node) => ['p', { class: 'bs-para', 'data-block-id': node.attrs.id as string }, 0],
    },
    heading: {
      group: 'block',
      content: 'text*',
      marks: '',
      defining: true,
      attrs: { ...blockAttrs, level: { default: 1 } },
      parseDOM: [1, 2, 3, 4].map((level) => ({
        tag: `h${level}`,
        getAttrs: (dom: HTMLElement) => ({ id: dom.getAttribute('data-block-id') ?? '', level }),
      })),
      toDOM: (node) => [`h${node.attrs.level as number}`, { class: `bs-h bs-h${node.attrs.level as number}`, 'data-block-id': node.attrs.id as string }, 0],
    },
    note: {
      group: 'block',
      content: 'text*',
      marks: '',
      defining: true,
      attrs: { ...blockAttrs, label: { default: null } },
      parseDOM: [
        {
          tag: 'aside.bs-note',
          getAttrs: (dom: HTMLElement) => ({ id: dom.getAttribute('data-block-id') ?? '', label: dom.getAttribute('data-label') }),
        },
      ],
      toDOM: (node) => [
        'aside',
        { class: 'bs-note', 'data-block-id': node.attrs.id as string, ...(node.attrs.label !== null ? { 'data-label': node.attrs.label as string } : {}) },
        0,
      ],
    },
    attachment: {
      group: 'block',
      content: 'attachmentTitle attachmentParagraph*',
      defining: true,
      isolating: true,
      attrs: blockAttrs,
      parseDOM: [{ tag: 'section.bs-attachment', getAttrs: (dom: HTMLElement) => ({ id: dom.getAttribute('data-block-id') ?? '' }) }],
      toDOM: (node) => ['section', { class: 'bs-attachment', 'data-block-id': node.attrs.id as string }, 0],
    },
    attachmentTitle: {
      content: 'text*',
      marks: '',
      parseDOM: [{ tag: 'h5.bs-attachment-title' }],
      toDOM: () => ['h5', { class: 'bs-attachment-title' }, 0],
    },
    attachmentParagraph: {
      content: 'text*',
      marks: '',
      parseDOM: [{ tag: 'p.bs-attachment-para', priority: 60 }],
      toDOM: () => ['p', { class: 'bs-attachment-para' }, 0],
    },
    excerpt: atomSpec('excerpt'),
    table: atomSpec('table'),
    chart: atomSpec('chart'),
    pageBreak: {
      group: 'block',
      atom: true,
      selectable: true,
      draggable: true,
      attrs: blockAttrs,
      parseDOM: [{ tag: 'hr.bs-page-break', getAttrs: (dom: HTMLElement) => ({ id: dom.getAttribute('data-block-id') ?? '' }) }],
      toDOM: (node) => ['hr', { class: 'bs-page-break', 'data-block-id': node.attrs.id as string }],
    },
    text: { group: 'inline' },
    /** A library figure linked to its item: one atom, never half-edited (取消关联 makes it text). */
    figure: {
      group: 'inline',
      inline: true,
      atom: true,
      selectable: true,
      draggable: true,
      marks: 'bold',
      attrs: { itemId: {}, frozen: {}, text: {} },
      parseDOM: [
        {
          tag: 'span.bs-figure',
          getAttrs(dom: HTMLElement) {
            const link = figureLinkSchema.safeParse({ itemId: dom.getAttribute('data-item-id'), frozen: jsonAttr(dom, 'data-frozen') });
            const text = dom.textContent ?? '';
            return link.success && text !== '' ? { itemId: link.data.itemId, frozen: link.data.frozen, text } : false;
          },
        },
      ],
      toDOM(node): DOMOutputSpec {
        const frozen = node.attrs.frozen as { city: string; district?: string; subject: string };
        return [
          'span',
          {
            class: 'bs-figure',
            'data-item-id': node.attrs.itemId as string,
            'data-frozen': JSON.stringify(node.attrs.frozen),
            contenteditable: 'false',
            title: `${frozen.city}${frozen.district ?? ''} · ${frozen.subject}（与资料库关联；右键或选中后可取消关联）`,
          },
          node.attrs.text as string,
        ];
      },
      leafText: (node) => node.attrs.text as string,
    },
  },
  marks: {
    bold: {
      parseDOM: [
        { tag: 'strong' },
        { tag: 'b', getAttrs: (node: HTMLElement) => node.style.fontWeight !== 'normal' && null },
        { style: 'font-weight', getAttrs: (value: string) => /^(bold(er)?|[6-9]\d{2,})$/.test(value) && null },
      ],
      toDOM: () => ['strong', 0],
    },
  },
});

/** The node types of the schema, by name. */
export const nodes = schema.nodes as Record<
  'doc' | 'paragraph' | 'heading' | 'note' | 'attachment' | 'attachmentTitle' | 'attachmentParagraph' | 'excerpt' | 'table' | 'chart' | 'pageBreak' | 'text' | 'figure',
  NodeType
>;
export const boldMark = schema.marks.bold!;
