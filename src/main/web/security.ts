// The browser mode's request checks (issue 16): who may talk to the local server. The threats are
// other local users (they can reach 127.0.0.1 too), other web pages in the user's browser (a page
// on another site or on another port of 127.0.0.1) and DNS rebinding (evil.example resolving to
// 127.0.0.1). Every request passes `checkRequest` before anything else looks at it.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { CONTENT_SECURITY_POLICY } from '../csp';

/** Headers on every response: the CSP (the Electron window's, `main/csp.ts`), no sniffing, no framing, no referrer (the token never leaks), no CORS. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), usb=(), serial=(), bluetooth=()',
};

/** A fresh session token: 32 random bytes, URL-safe. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Compares two secrets in constant time (a wrong length is simply unequal). */
export function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The session cookie's name. Cookies are not scoped by port, so two servers on 127.0.0.1 (two
 * data folders) must not overwrite each other's: the port is part of the name.
 */
export function cookieName(port: number): string {
  return `briefsmith-session-${port}`;
}

/** The Set-Cookie value that replaces the URL's token: HttpOnly, SameSite=Strict, the whole site, this session only. */
export function sessionCookie(port: number, token: string): string {
  return `${cookieName(port)}=${token}; HttpOnly; SameSite=Strict; Path=/`;
}

/** The value of cookie `name` in a Cookie header, or null. */
export function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

/** What a request carries that the checks read (Node's IncomingMessage headers, lower-case). */
export interface RequestFacts {
  readonly method: string;
  readonly url: URL;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

/** Why a request was refused (stable codes; the response says it in Chinese). */
export type Refusal = 'BAD_HOST' | 'BAD_ORIGIN' | 'CROSS_SITE' | 'NO_TOKEN' | 'BAD_TOKEN';

/** The outcome of the checks: refused, the token exchange (set the cookie, redirect), or allowed. */
export type Verdict = { readonly kind: 'refuse'; readonly reason: Refusal } | { readonly kind: 'exchange' } | { readonly kind: 'allow' };

const header = (headers: RequestFacts['headers'], name: string): string | undefined => {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/** The Host values this server answers to: 127.0.0.1 or localhost, with its own port only. */
export function allowedHosts(port: number): readonly string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`];
}

/**
 * Checks one request, in this order:
 * 1. `Host` is 127.0.0.1 or localhost with our port (a DNS-rebinding page sends its own name);
 * 2. `Origin`, when present, is this very origin; a request that changes anything (not GET/HEAD)
 *    must carry it (browsers always do for POST) — a page on another port is another origin;
 * 3. `Sec-Fetch-Site`, when present, is same-origin or none (typed, bookmarked, opened by us);
 * 4. the token: `?token=` in a GET is exchanged for the cookie (any Sec-Fetch-Site: whoever
 *    knows the token is the user); otherwise the session cookie must hold it.
 */
export function checkRequest(request: RequestFacts, port: number, token: string): Verdict {
  const host = (header(request.headers, 'host') ?? '').toLowerCase();
  if (!allowedHosts(port).includes(host)) return { kind: 'refuse', reason: 'BAD_HOST' };
  const origin = header(request.headers, 'origin');
  const ownOrigin = `http://${host}`;
  const reads = request.method === 'GET' || request.method === 'HEAD';
  if (origin !== undefined ? origin !== ownOrigin : !reads) return { kind: 'refuse', reason: 'BAD_ORIGIN' };
  const given = request.url.searchParams.get('token');
  if (given !== null && reads) {
    return sameSecret(given, token) ? { kind: 'exchange' } : { kind: 'refuse', reason: 'BAD_TOKEN' };
  }
  const site = header(request.headers, 'sec-fetch-site');
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return { kind: 'refuse', reason: 'CROSS_SITE' };
  const cookie = readCookie(header(request.headers, 'cookie'), cookieName(port));
  if (cookie === null) return { kind: 'refuse', reason: 'NO_TOKEN' };
  return sameSecret(cookie, token) ? { kind: 'allow' } : { kind: 'refuse', reason: 'BAD_TOKEN' };
}

/** The Chinese text of a refusal (the body of the 403/401 page). */
export function refusalText(reason: Refusal): string {
  switch (reason) {
    case 'BAD_HOST':
      return '拒绝访问：地址不是本机（127.0.0.1 或 localhost）上的简报工坊。';
    case 'BAD_ORIGIN':
    case 'CROSS_SITE':
      return '拒绝访问：请求来自其他网页。';
    case 'NO_TOKEN':
      return '请用启动时给出的完整地址（含令牌）打开简报工坊：在终端运行 briefsmith open。';
    case 'BAD_TOKEN':
      return '令牌不正确或已过期：简报工坊每次启动都会换新令牌，请用终端里给出的新地址打开。';
  }
}
