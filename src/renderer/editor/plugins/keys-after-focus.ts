import { Plugin } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';

// A key pressed soon after the body gains focus must not be undone. ProseMirror (prosemirror-view
// 1.44, DOMObserver.flush) assumes that a caret at the very start of the document within 200 ms of
// a focus event is the browser resetting the selection, and puts the old selection back. Found by
// the typing e2e: click, End, ↑, Home, "1", ↑ — the last ↑ reaches the first heading within those
// 200 ms and was silently taken back, so the next character went into the wrong paragraph. Once a
// key has been pressed the selection moves because of keys, not because of the focus, so the
// focus time is forgotten at the first key down. `input.lastFocus` is internal to prosemirror-view:
// the guard keeps this a no-op if a later version renames it.

interface ViewInput {
  lastFocus?: unknown;
}

/** Forgets when the view gained focus, if the view still keeps that time where 1.44 does. */
export function forgetFocusTime(view: EditorView): void {
  const input = (view as unknown as { input?: ViewInput }).input;
  if (input && typeof input.lastFocus === 'number') input.lastFocus = 0;
}

export function keysAfterFocusPlugin(): Plugin {
  return new Plugin({
    props: {
      handleKeyDown(view) {
        forgetFocusTime(view);
        return false;
      },
    },
  });
}
