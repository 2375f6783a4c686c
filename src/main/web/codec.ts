// JSON on the browser mode's wire. Uint8Array values (preview PDF bytes) travel as tagged base64,
// the way Electron's structured clone carries them over IPC; the page's transport
// (src/renderer/transport/web.ts) turns them back into Uint8Array.

/** The tag of an encoded byte array: `{ __bytes_base64: "…" }`. */
export const BYTES_TAG = '__bytes_base64';

/** JSON.stringify with Uint8Array → `{ __bytes_base64 }`. */
export function encodeWire(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (v instanceof Uint8Array ? { [BYTES_TAG]: Buffer.from(v).toString('base64') } : v));
}
