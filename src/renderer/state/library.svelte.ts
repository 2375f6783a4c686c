/** Requests to focus the library search box (menu 在资料库中查找, Ctrl+K); the panel watches it. */
export const libraryFocus = $state({ requests: 0 });

/** Asks the library panel on screen to focus its search box. */
export function requestLibraryFocus(): void {
  libraryFocus.requests++;
}
