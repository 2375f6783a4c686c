import { baseKeymap, toggleMark } from 'prosemirror-commands';
import { dropCursor } from 'prosemirror-dropcursor';
import { gapCursor } from 'prosemirror-gapcursor';
import { history, redo, undo } from 'prosemirror-history';
import { undoInputRule } from 'prosemirror-inputrules';
import { keymap } from 'prosemirror-keymap';
import { EditorState as PMState, type Command, type Plugin } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import type { Briefing } from '../../shared/briefing';
import type { InsertCommand } from '../components/editor/commands';
import { lineBoundary, moveBlock, setTextblockType } from './commands';
import { briefingToDoc } from './mapping';
import { findPlugin } from './plugins/find';
import { idsPlugin } from './plugins/ids';
import { keysAfterFocusPlugin } from './plugins/keys-after-focus';
import { limitsPlugin, type RefusedChange } from './plugins/limits';
import { caretPlaceholderPlugin, numberingPlugin } from './plugins/decorations';
import { pastePlugin } from './plugins/paste';
import { punctuationPlugin } from './plugins/punctuation';
import { slashPlugin } from './plugins/slash';
import { boldMark, nodes } from './schema';

// The editing state of a briefing: its doc and every plugin (ids, limits, history, keys, input
// rules, the `/` menu, find, numbering). Pure of the DOM until a view is attached, so the same
// state runs in unit tests and behind the EditorView.

export interface BodyOptions {
  /** a fresh block id */
  readonly newId: () => string;
  /** whether ASCII punctuation after Chinese becomes full-width */
  readonly fullWidth: () => boolean;
  /** a change was refused because the saved format would refuse it */
  readonly onRefused: (refused: RefusedChange) => void;
  /** a `/` command was chosen (its text is already removed) */
  readonly onSlashPick: (command: InsertCommand, view: EditorView) => void;
  /** ms of pause that starts a new undo step while typing */
  readonly newGroupDelay?: number;
}

/** Enter: split the block; at the end of a heading the new block is a paragraph. */
const enter: Command = baseKeymap.Enter!;

export function bodyPlugins(options: BodyOptions): Plugin[] {
  const headings: Record<string, Command> = {};
  for (const level of [1, 2, 3, 4]) headings[`Mod-Shift-${level}`] = setTextblockType(nodes.heading, { level });
  headings['Mod-Shift-0'] = setTextblockType(nodes.paragraph);
  return [
    // Before every key handler: a key right after focus keeps the selection it makes.
    keysAfterFocusPlugin(),
    // Input rules first: their handleTextInput must see typing before anything else.
    punctuationPlugin(options.fullWidth),
    slashPlugin(options.onSlashPick),
    keymap({
      'Mod-z': undo,
      'Shift-Mod-z': redo,
      'Mod-y': redo,
      Backspace: undoInputRule,
      'Mod-b': toggleMark(boldMark),
      Enter: enter,
      // The saved format has no line break inside a paragraph: Shift+Enter starts a new one too.
      'Shift-Enter': enter,
      Home: lineBoundary('start', false),
      End: lineBoundary('end', false),
      'Shift-Home': lineBoundary('start', true),
      'Shift-End': lineBoundary('end', true),
      'Alt-ArrowUp': moveBlock(-1),
      'Alt-ArrowDown': moveBlock(1),
      ...headings,
    }),
    keymap(baseKeymap),
    history({ newGroupDelay: options.newGroupDelay ?? 700 }),
    pastePlugin(options.fullWidth),
    idsPlugin(options.newId),
    limitsPlugin(options.onRefused),
    findPlugin(),
    numberingPlugin(),
    caretPlaceholderPlugin(),
    dropCursor({ color: '#2f6fde', width: 2 }),
    gapCursor(),
  ];
}

/** The editing state of `briefing`. */
export function createBodyState(briefing: Briefing, options: BodyOptions): PMState {
  return PMState.create({ doc: briefingToDoc(briefing), plugins: bodyPlugins(options) });
}
