/** What a dialog can focus with Tab. */
const FOCUSABLE = 'button:not(:disabled), input:not(:disabled), textarea, select, [tabindex="0"]';

/**
 * Keeps Tab and Shift+Tab inside `container` (a modal dialog): from the last focusable element
 * Tab wraps to the first, and back. Other keys are left alone.
 */
export function trapFocus(event: KeyboardEvent, container: HTMLElement | undefined): void {
  if (event.key !== 'Tab' || !container) return;
  const focusable = [...container.querySelectorAll<HTMLElement>(FOCUSABLE)];
  const first = focusable[0];
  const last = focusable.at(-1);
  if (event.shiftKey && document.activeElement === first) {
    event.preventDefault();
    last?.focus();
  } else if (!event.shiftKey && document.activeElement === last) {
    event.preventDefault();
    first?.focus();
  }
}
