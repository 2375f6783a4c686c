// The render worker: preview and export render on another thread (the worker reports its
// threadId), a newer preview supersedes a stale one, the bytes equal an in-thread render, and the
// in-thread fallback takes over (logged) when the worker cannot start. Structural: no timing.
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import { createNodeHost } from '../../src/main/node-host';
import { findAppPaths } from '../../src/main/paths';
import { createRenderer, type Renderer } from '../../src/main/render-worker';
import { createExportServices, exportBriefingToFile } from '../../src/main/services/export';
import { parseBriefingJson, type Briefing } from '../../src/shared/briefing';
import { fail, ok } from '../../src/shared/errors';

const paths = findAppPaths(import.meta.dirname);
const demo = (() => {
  const parsed = parseBriefingJson(readFileSync(join(paths.resourcesDir, 'samples', 'demo-briefing.json'), 'utf8'));
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.value;
})();
const PINNED = new Date('2025-02-12T00:00:00Z');
const temps: string[] = [];
const temp = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temps.push(dir);
  return dir;
};
const renderers: Renderer[] = [];

function setup(options: { entry?: string } = {}) {
  const dir = temp('bs-rw-');
  const logged: string[] = [];
  const host = createNodeHost({
    paths,
    dataDir: join(dir, 'data'),
    now: () => PINNED,
    systemFontDirs: [],
    log: (level, message) => logged.push(`${level}: ${message}`),
    dialogs: { pickSavePath: async ({ defaultName }) => join(dir, 'out', defaultName), pickOpenPath: async () => null },
  });
  const renderer = createRenderer({ engine: host.engine, log: host.log, ...(options.entry ? { entry: options.entry } : {}) });
  renderers.push(renderer);
  const services = createExportServices(host, { getDraft: async (id) => (id === demo.id ? ok<Briefing>(demo) : fail('DRAFT_NOT_FOUND')) }, renderer);
  return { dir, host, renderer, services, logged };
}

afterAll(async () => {
  await Promise.all(renderers.map((r) => r.close()));
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

describe('render worker', () => {
  const world = setup();

  it('renders the preview on another thread, with the same bytes as this thread', async () => {
    const preview = await world.services.previewPdf({ briefing: demo });
    expect(preview.ok).toBe(true);
    if (!preview.ok) return;
    expect(world.renderer.inWorker()).toBe(true);
    expect(world.renderer.lastThreadId()).not.toBeNull();
    expect(world.renderer.lastThreadId()).not.toBe(threadId);
    expect(preview.value.sources?.length).toBeGreaterThan(0);
    // the same job on this thread (the host's engine, the same pinned clock) gives the same bytes
    const here = createRenderer({ engine: world.host.engine, log: world.host.log, inThread: true });
    renderers.push(here);
    const local = await createExportServices(world.host, undefined, here).previewPdf({ briefing: demo });
    expect(here.lastThreadId()).toBe(threadId);
    expect(local.ok && Buffer.from(local.value.pdf).equals(Buffer.from(preview.value.pdf))).toBe(true);
  });

  it('a newer preview supersedes a stale one: the stale one answers CANCELLED and the newer result stands', async () => {
    const edited: Briefing = { ...demo, title: `${demo.title}（修改稿）` };
    const stale = world.services.previewPdf({ briefing: demo });
    const fresh = world.services.previewPdf({ briefing: edited });
    const [a, b] = await Promise.all([stale, fresh]);
    expect(a.ok ? 'ok' : a.code).toBe('CANCELLED');
    expect(b.ok).toBe(true);
    // the newer answer is the edited draft's PDF: equal to a fresh render of it, not of the stale draft
    const again = await world.services.previewPdf({ briefing: edited });
    const original = await world.services.previewPdf({ briefing: demo });
    if (!b.ok || !again.ok || !original.ok) throw new Error('preview failed');
    expect(Buffer.from(b.value.pdf).equals(Buffer.from(again.value.pdf))).toBe(true);
    expect(Buffer.from(b.value.pdf).equals(Buffer.from(original.value.pdf))).toBe(false);
  });

  it('exports numbered copies from the worker with progress, byte-identical to an in-thread export', async () => {
    const progress: number[] = [];
    const running = world.services.exportPdf({ draftId: demo.id, copies: 3, jobId: 'w-1' });
    let last = null;
    while (!(last?.phase === 'done')) {
      const p = await world.services.getExportProgress({ jobId: 'w-1' });
      last = p.ok ? p.value : null;
      if (last) progress.push(last.done);
      await new Promise((r) => setTimeout(r, 2));
    }
    const result = await running;
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(world.renderer.lastThreadId()).not.toBe(threadId);
    expect(progress.at(-1)).toBe(3);
    expect(result.value.copies.map((c) => c.copyNumber)).toEqual(['000001', '000002', '000003']);
    // the same export on this thread: same files, same bytes
    const template = world.host.engine.templates.useRef(demo.template);
    if (!template.ok) throw new Error(template.message);
    const outDir = temp('bs-rw-here-');
    const here = await exportBriefingToFile(world.host.engine, { briefing: demo, template: template.value.loaded, outPath: join(outDir, 'x.pdf'), copies: 3 });
    expect(here.ok).toBe(true);
    if (!here.ok) return;
    const names = (d: string) => readdirSync(d).filter((f) => f.endsWith('.pdf')).sort();
    const workerDir = join(world.dir, 'out');
    expect(names(workerDir).length).toBe(4); // 3 copies and the register
    const a = names(workerDir).map((f) => readFileSync(join(workerDir, f)));
    const b = names(outDir).map((f) => readFileSync(join(outDir, f)));
    expect(a.map((x, i) => x.equals(b[i]!))).toEqual([true, true, true, true]);
  });

  it('cancel stops the worker between copies and leaves nothing behind', async () => {
    const w = setup();
    const running = w.services.exportPdf({ draftId: demo.id, copies: 30, jobId: 'w-2' });
    for (;;) {
      const p = await w.services.getExportProgress({ jobId: 'w-2' });
      if (p.ok && p.value && p.value.done >= 1) break;
      await new Promise((r) => setTimeout(r, 2));
    }
    await w.services.cancelExport({ jobId: 'w-2' });
    const result = await running;
    expect(result.ok ? 'ok' : result.code).toBe('CANCELLED');
    expect(readdirSync(join(w.dir, 'out'))).toEqual([]);
  });

  it('falls back to this thread, logged, when the worker cannot start', async () => {
    const w = setup({ entry: join(tmpdir(), 'no-such-render-worker.js') });
    const preview = await w.services.previewPdf({ briefing: demo });
    expect(preview.ok).toBe(true);
    expect(w.renderer.inWorker()).toBe(false);
    expect(w.renderer.lastThreadId()).toBe(threadId);
    expect(w.logged.some((l) => l.startsWith('warn: render worker'))).toBe(true);
  });

  it('校对’s glyph check runs in the worker: this thread parses no font for it, and the answer equals an in-thread check', async () => {
    const w = setup();
    // Every font this thread's engine would parse goes through hostFor (its provider): it must not be asked.
    const asked: string[] = [];
    const hostFor = w.host.engine.hostFor.bind(w.host.engine);
    w.host.engine.hostFor = (loaded) => (asked.push(loaded.template.id), hostFor(loaded));
    const briefing: Briefing = { ...demo, title: `${demo.title}\uE000` };
    const result = await w.services.checkBriefing({ briefing });
    if (!result.ok) throw new Error(result.message);
    expect(result.value.missingGlyphs).toEqual([{ char: '\uE000', codePoint: 0xe000, where: [{ field: 'title' }] }]);
    expect(result.value.fonts.map((f) => f.role)).toEqual(['xiaobiaosong', 'songti', 'fangsong', 'heiti', 'kaiti', 'fallback']);
    expect(asked).toEqual([]);
    const template = w.host.engine.templates.resolve(demo.template.id);
    if (!template.ok) throw new Error(template.message);
    const inWorker = await w.renderer.check({ briefing, template: template.value });
    expect(inWorker.ok && inWorker.value.threadId !== threadId).toBe(true);
    // The fallback gives the same answer on this thread.
    const here = setup({ entry: join(tmpdir(), 'no-such-render-worker.js') });
    const inThread = await here.renderer.check({ briefing, template: template.value });
    expect(inThread.ok && inThread.value.threadId).toBe(threadId);
    expect(inThread.ok && inThread.value.missing).toEqual(inWorker.ok && inWorker.value.missing);
  });
});
