// The app's Content Security Policy: one policy for the Electron window (a response header set by
// main/electron/security.ts) and the browser mode's server (main/web/security.ts).

/**
 * The renderer's Content Security Policy, one directive per line: nothing from any remote origin;
 * scripts only from the app itself (no 'unsafe-eval', no 'unsafe-inline'); blob: workers for
 * pdf.js; inline styles for Svelte transitions. `src/renderer/index.html` carries the same policy
 * in a meta tag (`META_CONTENT_SECURITY_POLICY`: without frame-ancestors, which browsers ignore
 * in a meta tag); main/electron/security.test.ts compares both for equality. A list of string
 * literals on purpose: scripts/electronegativity.mjs reads it (following the import from the file
 * the scanner reports) and its allowlist pins it directive by directive.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** The policy as `index.html`'s meta tag must carry it: the header's, less what a meta tag cannot set. */
export const META_CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY.split('; ')
  .filter((directive) => !directive.startsWith('frame-ancestors '))
  .join('; ');
