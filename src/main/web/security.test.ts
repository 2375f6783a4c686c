import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../csp';
import { checkRequest, cookieName, readCookie, SECURITY_HEADERS, sessionCookie } from './security';

const PORT = 43210;
const TOKEN = 'tok_0123456789abcdefghijklmnopqrstuvwxyzABCDE';
const req = (method: string, path: string, headers: Record<string, string>) => ({ method, url: new URL(path, 'http://127.0.0.1'), headers });
const own = { host: `127.0.0.1:${PORT}` };
const cookie = { cookie: `other=1; ${cookieName(PORT)}=${TOKEN}` };

describe('browser mode request checks', () => {
  it('sends exactly the Electron window CSP', () => {
    expect(SECURITY_HEADERS['Content-Security-Policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
  });

  it('trades the URL token for the cookie, and only the right token', () => {
    expect(checkRequest(req('GET', `/?token=${TOKEN}`, own), PORT, TOKEN)).toEqual({ kind: 'exchange' });
    expect(checkRequest(req('GET', '/?token=wrong', own), PORT, TOKEN)).toEqual({ kind: 'refuse', reason: 'BAD_TOKEN' });
    expect(checkRequest(req('GET', `/?token=${TOKEN}x`, own), PORT, TOKEN)).toEqual({ kind: 'refuse', reason: 'BAD_TOKEN' });
    expect(sessionCookie(PORT, TOKEN)).toBe(`${cookieName(PORT)}=${TOKEN}; HttpOnly; SameSite=Strict; Path=/`);
  });

  it('refuses a request without the cookie or with a wrong one', () => {
    expect(checkRequest(req('GET', '/', own), PORT, TOKEN)).toEqual({ kind: 'refuse', reason: 'NO_TOKEN' });
    expect(checkRequest(req('GET', '/', { ...own, cookie: `${cookieName(PORT)}=nope` }), PORT, TOKEN)).toEqual({ kind: 'refuse', reason: 'BAD_TOKEN' });
    // another port's session cookie is not ours
    expect(checkRequest(req('GET', '/', { ...own, cookie: `${cookieName(PORT + 1)}=${TOKEN}` }), PORT, TOKEN)).toEqual({ kind: 'refuse', reason: 'NO_TOKEN' });
    expect(checkRequest(req('GET', '/', { ...own, ...cookie }), PORT, TOKEN)).toEqual({ kind: 'allow' });
  });

  it('answers only to 127.0.0.1 or localhost with its own port (DNS rebinding sends its own name)', () => {
    for (const host of [`evil.com:${PORT}`, `127.0.0.1:${PORT + 1}`, '127.0.0.1', `0.0.0.0:${PORT}`, `[::1]:${PORT}`, `127.0.0.1.evil.com:${PORT}`, '']) {
      expect(checkRequest(req('GET', `/?token=${TOKEN}`, { host, ...cookie }), PORT, TOKEN), host).toEqual({ kind: 'refuse', reason: 'BAD_HOST' });
    }
    expect(checkRequest(req('GET', '/', { host: `localhost:${PORT}`, ...cookie }), PORT, TOKEN)).toEqual({ kind: 'allow' });
    expect(checkRequest(req('GET', '/', { host: `LOCALHOST:${PORT}`, ...cookie }), PORT, TOKEN)).toEqual({ kind: 'allow' });
  });

  it('takes API calls only from its own origin, and requires the Origin on them', () => {
    const post = (headers: Record<string, string>) => checkRequest(req('POST', '/__api/draft:list', { ...own, ...cookie, ...headers }), PORT, TOKEN);
    expect(post({ origin: `http://127.0.0.1:${PORT}` })).toEqual({ kind: 'allow' });
    expect(post({})).toEqual({ kind: 'refuse', reason: 'BAD_ORIGIN' });
    expect(post({ origin: `http://127.0.0.1:${PORT + 1}` })).toEqual({ kind: 'refuse', reason: 'BAD_ORIGIN' });
    expect(post({ origin: `http://localhost:${PORT}` })).toEqual({ kind: 'refuse', reason: 'BAD_ORIGIN' });
    expect(post({ origin: 'null' })).toEqual({ kind: 'refuse', reason: 'BAD_ORIGIN' });
    expect(post({ origin: 'https://evil.com' })).toEqual({ kind: 'refuse', reason: 'BAD_ORIGIN' });
    // a page on another port of 127.0.0.1 is same-site: the Strict cookie goes along, the checks do not let it in
    expect(post({ origin: `http://127.0.0.1:${PORT}`, 'sec-fetch-site': 'same-site' })).toEqual({ kind: 'refuse', reason: 'CROSS_SITE' });
    expect(checkRequest(req('GET', '/__download/x', { ...own, ...cookie, 'sec-fetch-site': 'cross-site' }), PORT, TOKEN)).toEqual({ kind: 'refuse', reason: 'CROSS_SITE' });
    expect(checkRequest(req('GET', '/', { ...own, ...cookie, 'sec-fetch-site': 'none' }), PORT, TOKEN)).toEqual({ kind: 'allow' });
  });

  it('reads one cookie out of a Cookie header', () => {
    expect(readCookie('a=1; b=2;c=3', 'b')).toBe('2');
    expect(readCookie('a=1', 'b')).toBeNull();
    expect(readCookie(undefined, 'b')).toBeNull();
  });
});
