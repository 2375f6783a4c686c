// The open editor, given to every component below the editor view through Svelte context.
import { getContext, setContext } from 'svelte';
import type { EditorState } from '../../state/editor.svelte';

const KEY = Symbol('briefsmith-editor');

/** Makes `editor` available to the components below (call in the editor view). */
export function provideEditor(editor: EditorState): void {
  setContext(KEY, editor);
}

/** The open editor, or undefined outside one (a component used on its own). */
export function useEditor(): EditorState | undefined {
  return getContext<EditorState | undefined>(KEY);
}

/** The context map holding `editor`, for mounting a component on its own (component tests). */
export function editorContext(editor: EditorState): Map<unknown, unknown> {
  return new Map<unknown, unknown>([[KEY, editor]]);
}
