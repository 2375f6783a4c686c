import { describe, expect, it, vi } from 'vitest';
import { contract, methodNames } from '../../shared/api';
import { BEFORE_CLOSE_EVENT, createWebApi, decodeWire, matchesAccelerator, MENU_COMMAND_EVENT } from './web';
import { answerUnsaved, KEEPALIVE_LIMIT } from './unload';

interface Sent {
  readonly url: string;
  readonly init: RequestInit;
}

/** A window whose fetch answers like src/main/web: `{ result, downloads }`. */
function fakeWindow(answer: (url: string, init: RequestInit) => unknown) {
  const sent: Sent[] = [];
  const fetch = vi.fn(async (url: string, init: RequestInit) => {
    sent.push({ url, init });
    return new Response(JSON.stringify(answer(url, init)), { status: 200 });
  });
  const beacons: string[] = [];
  Object.defineProperty(window.navigator, 'sendBeacon', { value: (url: string) => (beacons.push(url), true), configurable: true });
  const win = Object.assign(Object.create(window) as Window, { fetch });
  // each transport its own events (one page each); the document is jsdom's
  const events = new EventTarget();
  win.addEventListener = events.addEventListener.bind(events);
  win.removeEventListener = events.removeEventListener.bind(events);
  win.dispatchEvent = events.dispatchEvent.bind(events);
  Object.defineProperty(win, 'document', { value: window.document });
  Object.defineProperty(win, 'navigator', { value: window.navigator });
  return { win, sent, beacons };
}

describe('the browser mode transport (window.api over fetch)', () => {
  it('has every contract method and posts it to its channel', async () => {
    const { win, sent } = fakeWindow(() => ({ result: { ok: true, value: [] }, downloads: [] }));
    const api = createWebApi(win) as unknown as Record<string, (r: unknown) => Promise<unknown>>;
    for (const method of methodNames) expect(typeof api[method], method).toBe('function');
    await expect(api.listDrafts!({})).resolves.toEqual({ ok: true, value: [] });
    expect(sent[0]!.url).toBe(`/__api/${encodeURIComponent(contract.listDrafts.channel)}`);
    expect(sent[0]!.init.method).toBe('POST');
    expect(sent[0]!.init.keepalive).toBe(false);
  });

  it('turns tagged base64 back into bytes', () => {
    const decoded = decodeWire(JSON.stringify({ pdf: { __bytes_base64: btoa('%PDF-') } })) as { pdf: Uint8Array };
    expect(decoded.pdf).toBeInstanceOf(Uint8Array);
    expect(new TextDecoder().decode(decoded.pdf)).toBe('%PDF-');
  });

  it('downloads an export the server offers, and revealing it downloads it again', async () => {
    const file = { id: 'd1', name: '简报.pdf', path: '/home/u/导出/简报.pdf' };
    const { win } = fakeWindow((url) => (url.includes('export') ? { result: { ok: true, value: { path: file.path } }, downloads: [file] } : { result: { ok: true, value: null }, downloads: [] }));
    const clicks: string[] = [];
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicks.push(`${this.getAttribute('href')} ${this.download}`);
    });
    const api = createWebApi(win);
    await api.exportPdf({ draftId: 'a1' });
    expect(clicks).toEqual(['/__download/d1 简报.pdf']);
    await api.showInFolder({ path: file.path });
    expect(clicks).toHaveLength(2);
    click.mockRestore();
  });

  it('asks for a file with the browser chooser and uploads it; a cancelled chooser is CANCELLED without a call', async () => {
    const { win, sent } = fakeWindow((url) => (url.startsWith('/__upload') ? { id: 'up1' } : { result: { ok: true, value: { fileName: 'a.json' } }, downloads: [] }));
    let answer: File[] | null = [new File(['{}'], 'a.json')];
    const click = vi.spyOn(HTMLInputElement.prototype, 'click').mockImplementation(function (this: HTMLInputElement) {
      expect(this.accept).toBe('.json');
      if (answer) {
        Object.defineProperty(this, 'files', { value: answer, configurable: true });
        this.dispatchEvent(new Event('change'));
      } else this.dispatchEvent(new Event('cancel'));
    });
    const api = createWebApi(win);
    await expect(api.importDraft({})).resolves.toMatchObject({ ok: true });
    expect(sent.map((s) => s.url)).toEqual(['/__upload?name=a.json', `/__api/${encodeURIComponent('draft:import')}`]);
    expect((sent[1]!.init.headers as Record<string, string>)['X-BriefSmith-Upload']).toBe('up1');
    // the body of the call names no path
    expect(sent[1]!.init.body).toBe('{}');
    answer = null;
    await expect(api.importDraft({})).resolves.toMatchObject({ ok: false, code: 'CANCELLED' });
    expect(sent).toHaveLength(2);
    click.mockRestore();
  });

  it('pagehide raises the close request, then sends the flush beacon; requests after it are keepalive', async () => {
    const { win, sent, beacons } = fakeWindow(() => ({ result: { ok: true, value: null }, downloads: [] }));
    const api = createWebApi(win);
    const order: string[] = [];
    const off = api.onBeforeClose(() => {
      order.push('close');
      void api.readyToClose({});
    });
    win.dispatchEvent(new Event('pagehide'));
    expect(order).toEqual(['close']);
    expect(beacons).toEqual(['/__flush']);
    expect(sent.at(-1)!.init.keepalive).toBe(true);
    off();
    win.dispatchEvent(new Event('pageshow'));
  });

  it('beforeunload: saving starts at once; the page is held only when keepalive could not carry the save', () => {
    const { win } = fakeWindow(() => ({ result: { ok: true, value: null }, downloads: [] }));
    createWebApi(win);
    const close = () => {
      const event = new Event('beforeunload', { cancelable: true }) as BeforeUnloadEvent;
      win.dispatchEvent(event);
      return event.defaultPrevented;
    };
    // Nothing unsaved: no question.
    expect(close()).toBe(false);
    const flushed: string[] = [];
    let unsaved = { bytes: 1_000, failing: false };
    const off = answerUnsaved(win, () => ({ draftId: 'd1', ...unsaved, flush: () => flushed.push('d1'), stash: () => true }));
    // A small pending save: saving starts, keepalive carries the rest, no question.
    expect(close()).toBe(false);
    expect(flushed).toEqual(['d1']);
    // A large draft: the browser asks the user to stay while it saves.
    unsaved = { bytes: KEEPALIVE_LIMIT + 1, failing: false };
    expect(close()).toBe(true);
    // Saves failing: held too.
    unsaved = { bytes: 10, failing: true };
    expect(close()).toBe(true);
    expect(flushed).toEqual(['d1', 'd1', 'd1']);
    off();
  });

  it('pagehide keeps in the page what keepalive cannot carry, before the close request; not a small save', () => {
    const { win } = fakeWindow(() => ({ result: { ok: true, value: null }, downloads: [] }));
    const api = createWebApi(win);
    const order: string[] = [];
    api.onBeforeClose(() => order.push('close'));
    answerUnsaved(win, () => ({ draftId: 'big', bytes: KEEPALIVE_LIMIT * 2, failing: false, flush: () => undefined, stash: (at) => (order.push(`stash big ${typeof at}`), true) }));
    answerUnsaved(win, () => ({ draftId: 'small', bytes: 100, failing: false, flush: () => undefined, stash: () => (order.push('stash small'), true) }));
    win.dispatchEvent(new Event('pagehide'));
    expect(order).toEqual(['stash big string', 'close']);
    win.dispatchEvent(new Event('pageshow'));
  });

  it('a request body over the keepalive limit in bytes is not sent keepalive (Chinese text is three bytes a character)', async () => {
    const { win, sent } = fakeWindow(() => ({ result: { ok: true, value: null }, downloads: [] }));
    const api = createWebApi(win) as unknown as Record<string, (r: unknown) => Promise<unknown>>;
    win.dispatchEvent(new Event('pagehide'));
    // 25,000 characters: under the limit as a string length, 75 KB as bytes.
    await api.saveDraft!({ draft: { id: 'd1', title: '简'.repeat(25_000) } });
    expect(sent.at(-1)!.init.keepalive).toBe(false);
    await api.saveDraft!({ draft: { id: 'd1', title: '简'.repeat(100) } });
    expect(sent.at(-1)!.init.keepalive).toBe(true);
    win.dispatchEvent(new Event('pageshow'));
  });

  it('hands menu commands to listeners, and ignores unknown ones', () => {
    const { win } = fakeWindow(() => null);
    const api = createWebApi(win);
    const got: string[] = [];
    const off = api.onMenuCommand((c) => got.push(c));
    win.dispatchEvent(new CustomEvent(MENU_COMMAND_EVENT, { detail: 'undo' }));
    win.dispatchEvent(new CustomEvent(MENU_COMMAND_EVENT, { detail: 'rm -rf' }));
    off();
    win.dispatchEvent(new CustomEvent(MENU_COMMAND_EVENT, { detail: 'redo' }));
    expect(got).toEqual(['undo']);
    const closes = vi.fn();
    const offClose = api.onBeforeClose(closes);
    win.dispatchEvent(new CustomEvent(BEFORE_CLOSE_EVENT));
    offClose();
    expect(closes).toHaveBeenCalledTimes(1);
  });

  it('a server that is gone is a Chinese failure, not a thrown error', async () => {
    const { win } = fakeWindow(() => null);
    (win as unknown as { fetch: unknown }).fetch = async () => {
      throw new TypeError('Failed to fetch');
    };
    const result = await createWebApi(win).listDrafts({});
    expect(result).toMatchObject({ ok: false, code: 'INTERNAL' });
    expect(!result.ok && result.message).toContain('briefsmith open');
  });

  it('takes the desktop menu’s keys itself (no menu in a tab): Ctrl+E exports, Ctrl+Shift+O imports; not undo', () => {
    const { win } = fakeWindow(() => null);
    const api = createWebApi(win);
    const got: string[] = [];
    api.onMenuCommand((c) => got.push(c));
    const key = (init: KeyboardEventInit) => {
      const event = new KeyboardEvent('keydown', { cancelable: true, ...init });
      win.dispatchEvent(event);
      return event.defaultPrevented;
    };
    expect(key({ ctrlKey: true, code: 'KeyE', key: 'e' })).toBe(true);
    expect(key({ ctrlKey: true, shiftKey: true, code: 'KeyO', key: 'O' })).toBe(true);
    expect(key({ ctrlKey: true, altKey: true, code: 'KeyS', key: 's' })).toBe(true);
    expect(key({ ctrlKey: true, code: 'KeyZ', key: 'z' })).toBe(false);
    expect(key({ code: 'KeyE', key: 'e' })).toBe(false);
    expect(key({ ctrlKey: true, shiftKey: true, code: 'KeyE', key: 'E' })).toBe(false);
    expect(got).toEqual(['export-pdf', 'import-draft', 'save-version']);
    expect(matchesAccelerator({ ctrlKey: false, metaKey: true, shiftKey: false, altKey: false, code: 'KeyE' }, 'CmdOrCtrl+E', true)).toBe(true);
  });
});
