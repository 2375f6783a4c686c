import { Plugin, PluginKey, type EditorState, type Transaction } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import { filterCommands, type InsertCommand } from '../../components/editor/commands';
import { nodes } from '../schema';

// The `/` menu: `/` (or 、, what a Chinese IME types on that key) at the start of an empty
// paragraph opens a list of what can be inserted; typing filters it, ↑↓ choose, Enter inserts,
// Esc closes and leaves the text as typed.

export interface SlashState {
  readonly active: boolean;
  /** doc position of the `/` */
  readonly from: number;
  readonly query: string;
  readonly commands: readonly InsertCommand[];
  readonly selected: number;
  /** the paragraph start where Esc closed the menu (it stays closed until the text changes) */
  readonly dismissedAt: number | null;
}

export const slashKey = new PluginKey<SlashState>('slash-menu');

const closed: SlashState = { active: false, from: 0, query: '', commands: [], selected: 0, dismissedAt: null };

type Meta = { move: number } | { dismiss: true };

function compute(state: EditorState, previous: SlashState, tr: Transaction | null): SlashState {
  const meta = tr?.getMeta(slashKey) as Meta | undefined;
  if (meta && 'move' in meta && previous.active) {
    const n = previous.commands.length;
    return n === 0 ? previous : { ...previous, selected: (previous.selected + meta.move + n) % n };
  }
  const sel = state.selection;
  const $from = sel.$from;
  if (!sel.empty || $from.parent.type !== nodes.paragraph || $from.depth !== 1) return { ...closed, dismissedAt: null };
  const text = $from.parent.textBetween(0, $from.parentOffset, undefined, '\ufffc');
  const m = /^[/、](\S{0,16})$/.exec(text);
  if (!m || $from.parent.content.size !== $from.parentOffset) return { ...closed, dismissedAt: null };
  const start = $from.start();
  if (meta && 'dismiss' in meta) return { ...closed, dismissedAt: start };
  if (previous.dismissedAt === start && !tr?.docChanged) return previous;
  if (previous.dismissedAt === start && previous.query === (m[1] ?? '')) return previous;
  const query = m[1] ?? '';
  const commands = filterCommands(query);
  const selected = previous.active && previous.query === query ? Math.min(previous.selected, Math.max(0, commands.length - 1)) : 0;
  return { active: true, from: start, query, commands, selected, dismissedAt: null };
}

/** `onPick` inserts the chosen command; the `/query` text is already removed when it runs. */
export function slashPlugin(onPick: (command: InsertCommand, view: EditorView) => void): Plugin<SlashState> {
  return new Plugin<SlashState>({
    key: slashKey,
    pick: onPick,
    state: {
      init: (_config, state) => compute(state, closed, null),
      apply: (tr, previous, _old, state) => compute(state, previous, tr),
    },
    props: {
      handleKeyDown(view, event) {
        const s = slashKey.getState(view.state);
        if (!s?.active || event.isComposing) return false;
        if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
          view.dispatch(view.state.tr.setMeta(slashKey, { move: event.key === 'ArrowDown' ? 1 : -1 }));
          return true;
        }
        if (event.key === 'Escape') {
          view.dispatch(view.state.tr.setMeta(slashKey, { dismiss: true }));
          return true;
        }
        if (event.key === 'Enter' || event.key === 'Tab') {
          const command = s.commands[s.selected];
          if (!command) return event.key === 'Enter' ? false : true;
          pickSlashCommand(view, command);
          return true;
        }
        return false;
      },
    },
  });
}

/** Removes the `/query` text and hands the command to the plugin's `onPick`. */
export function pickSlashCommand(view: EditorView, command: InsertCommand): void {
  const s = slashKey.getState(view.state);
  if (!s?.active) return;
  const $pos = view.state.doc.resolve(s.from);
  view.dispatch(view.state.tr.delete(s.from, $pos.end()));
  const plugin = view.state.plugins.find((p) => p.spec.key === slashKey);
  (plugin?.spec.pick as ((c: InsertCommand, v: EditorView) => void) | undefined)?.(command, view);
}
