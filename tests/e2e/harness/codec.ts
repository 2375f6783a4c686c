// JSON encoding for the harness transport: Uint8Array (PDF bytes) travel as tagged base64, the way
// Electron's structured clone would carry them.

const TAG = '__bytes_base64';

/** JSON.stringify with Uint8Array → { __bytes_base64 }. */
export function encode(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (v instanceof Uint8Array ? { [TAG]: Buffer.from(v).toString('base64') } : v));
}

/** The browser-side decoder, as source text for the init script. */
export const decodeSource = `function __bsDecode(text) {
  return JSON.parse(text, (key, v) => {
    if (v && typeof v === 'object' && typeof v.${TAG} === 'string') {
      const bin = atob(v.${TAG});
      const out = new Uint8Array(bin.length);
      for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
      return out;
    }
    return v;
  });
}`;
