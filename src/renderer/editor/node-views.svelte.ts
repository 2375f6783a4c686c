import type { Node as PMNode } from 'prosemirror-model';
import type { Decoration, EditorView, NodeView, NodeViewConstructor } from 'prosemirror-view';
import { mount, unmount } from 'svelte';
import type { Block } from '../../shared/briefing';
import { editorContext } from '../components/editor/context';
import AtomBlock from '../components/editor/AtomBlock.svelte';
import type { EditorState } from '../state/editor.svelte';
import { nodeToBlock } from './mapping';

// Tables, charts and excerpts are atoms of the doc drawn by Svelte components mounted in a node
// view. Their own fields (a table cell, a chart title) are ordinary inputs: events inside them are
// the component's (`stopEvent`), DOM changes inside are not the doc's (`ignoreMutation`), and a
// change goes back as a transaction through `EditorState.setField`.

class SvelteAtomView implements NodeView {
  readonly dom: HTMLElement;
  readonly #props: { block: Block; marker: number | undefined; number: string | undefined; selected: boolean };
  readonly #component: ReturnType<typeof mount>;
  #node: PMNode;

  constructor(node: PMNode, editor: EditorState, decorations: readonly Decoration[]) {
    this.#node = node;
    this.dom = document.createElement('div');
    this.dom.className = `bs-atom bs-atom-${node.type.name}`;
    this.dom.contentEditable = 'false';
    this.dom.dataset.blockId = node.attrs.id as string;
    this.dom.dataset.testid = 'block';
    this.dom.dataset.type = node.type.name;
    this.#props = $state({ block: nodeToBlock(node), marker: markerOf(decorations), number: attrOf(decorations, 'data-number'), selected: false });
    this.#component = mount(AtomBlock, { target: this.dom, props: this.#props, context: editorContext(editor) });
  }

  update(node: PMNode, decorations: readonly Decoration[]): boolean {
    if (node.type !== this.#node.type) return false;
    if (node !== this.#node) {
      this.#node = node;
      this.dom.dataset.blockId = node.attrs.id as string;
      this.#props.block = nodeToBlock(node);
    }
    this.#props.marker = markerOf(decorations);
    this.#props.number = attrOf(decorations, 'data-number');
    return true;
  }

  selectNode(): void {
    this.#props.selected = true;
    this.dom.classList.add('ProseMirror-selectednode');
  }

  deselectNode(): void {
    this.#props.selected = false;
    this.dom.classList.remove('ProseMirror-selectednode');
  }

  /** Typing, clicks and pastes inside the component's own fields and buttons are its own. */
  stopEvent(event: Event): boolean {
    const target = event.target as HTMLElement | null;
    if (!target || !this.dom.contains(target)) return false;
    if (event.type.startsWith('drag') || event.type === 'drop') return false;
    return target.closest('input, textarea, select, button, summary, details, [data-own-events]') !== null;
  }

  ignoreMutation(): boolean {
    return true;
  }

  destroy(): void {
    void unmount(this.#component);
  }
}

/** An attribute a node decoration of the numbering plugin gives this node (〔n〕, 表1). */
function attrOf(decorations: readonly Decoration[], name: string): string | undefined {
  for (const d of decorations) {
    const value = (d as unknown as { type?: { attrs?: Record<string, string> } }).type?.attrs?.[name];
    if (value !== undefined) return value;
  }
  return undefined;
}

function markerOf(decorations: readonly Decoration[]): number | undefined {
  const marker = attrOf(decorations, 'data-marker');
  return marker === undefined ? undefined : Number(marker);
}

/** The node views of the body, for `new EditorView(…, { nodeViews })`. */
export function atomNodeViews(editor: EditorState): Record<string, NodeViewConstructor> {
  const make = (node: PMNode, _view: EditorView, _getPos: () => number | undefined, decorations: readonly Decoration[]) => new SvelteAtomView(node, editor, decorations);
  return { excerpt: make, table: make, chart: make };
}
