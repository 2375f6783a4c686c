// Control characters: C0 (NUL … US), DEL, C1 (U+0080 … U+009F); and the invisible bidirectional
// overrides and isolates that reorder what a terminal or a dialog shows (“Trojan Source”).
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
// Terminal escape sequences: CSI (ESC [ … final byte), OSC (ESC ] … BEL or ESC \), other ESC + one
// character; the 8-bit CSI (U+009B) and OSC (U+009D) forms too.
// eslint-disable-next-line no-control-regex
const ESCAPES = /(?:\u001b\[|\u009b)[0-?]*[ -/]*[@-~]|(?:\u001b\]|\u009d)[^\u0007\u001b\u009c]*(?:\u0007|\u001b\\|\u009c)?|\u001b[@-Z\\-_]?/g;

/**
 * Text from outside (a file name, a field of a template, an argument) made safe to echo in a
 * terminal or a message: escape sequences removed whole, every other control character (NUL,
 * line breaks, tabs, DEL, C1, bidi overrides) replaced by a space, so the echo stays on one line
 * and cannot move the cursor, recolour or retitle the terminal. Long text is cut at `max`
 * characters with an ellipsis.
 */
export function printable(text: string, max = 200): string {
  const clean = text.replace(ESCAPES, '').replace(CONTROL, ' ');
  const chars = [...clean];
  return chars.length > max ? `${chars.slice(0, max).join('')}…` : clean;
}

/**
 * Output we write ourselves (messages that may contain echoed input) made safe for a terminal:
 * escape sequences and control characters are removed, but the line breaks and tabs of the
 * message itself are kept. The last line of defence; `printable` is for each echoed value.
 */
export function terminalSafe(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(ESCAPES, '').replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '');
}
