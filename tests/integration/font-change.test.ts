// A font file updated on disk while the app runs (a font package upgrade, a user replacing
// 仿宋_GB2312 with a newer copy): the engine had read only part of the file, and the next glyph it
// needs comes from a file that is no longer the one it parsed. The render must not fail: the
// engine reads its fonts again and the job runs once more — in the render worker and on this thread.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../src/main/engine';
import { createNodeHost } from '../../src/main/node-host';
import { findAppPaths } from '../../src/main/paths';
import { createRenderer, type Renderer } from '../../src/main/render-worker';
import { createExportServices } from '../../src/main/services/export';
import { parseBriefingJson, type Briefing } from '../../src/shared/briefing';
import { fail, ok } from '../../src/shared/errors';

const paths = findAppPaths(import.meta.dirname);
const demo = (() => {
  const parsed = parseBriefingJson(readFileSync(join(paths.resourcesDir, 'samples', 'demo-briefing.json'), 'utf8'));
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.value;
})();
// Characters the demo does not use: their outlines are read only after the file has changed.
const later: Briefing = { ...demo, blocks: [...demo.blocks, { id: 'p-new', type: 'paragraph', runs: [{ text: '蝴蝶翩跹，鹦鹉啄木，骆驼蜿蜒穿越戈壁。' }] }] };
const PINNED = new Date('2025-02-12T00:00:00Z');
const temps: string[] = [];
const renderers: Renderer[] = [];

afterAll(async () => {
  await Promise.all(renderers.map((r) => r.close()));
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

function world(entry?: string) {
  const dir = mkdtempSync(join(tmpdir(), 'bs-fontchange-'));
  temps.push(dir);
  mkdirSync(join(dir, 'fonts'));
  // 仿宋 (the body text) from a file of the user's: FandolFang, large enough to be read in part.
  const font = join(dir, 'fonts', '我的仿宋.otf');
  copyFileSync(join(paths.resourcesDir, 'fonts', 'FandolFang-Regular.otf'), font);
  const logged: string[] = [];
  const log = (level: string, message: string) => logged.push(`${level}: ${message}`);
  const options = { resourcesDir: paths.resourcesDir, templatesDir: paths.templatesDir, dataDir: join(dir, 'data'), systemFontDirs: [], userFonts: { fangsong: font }, clock: () => PINNED, appVersion: paths.version, log };
  const host = createNodeHost({ paths, dataDir: options.dataDir, now: () => PINNED, log, engine: createEngine(options) });
  const renderer = createRenderer({ engine: host.engine, log, ...(entry ? { entry } : {}) });
  renderers.push(renderer);
  const services = createExportServices(host, { getDraft: async (id) => (id === demo.id ? ok<Briefing>(demo) : fail('DRAFT_NOT_FOUND')) }, renderer);
  // The same briefing from an engine that never saw the old file: what the retried render must give.
  const fresh = async (briefing: Briefing) => {
    const engine = createEngine({ ...options, dataDir: join(dir, 'data2'), log: () => undefined });
    const host2 = createNodeHost({ paths, dataDir: join(dir, 'data2'), now: () => PINNED, engine });
    const other = createExportServices(host2, { getDraft: async () => fail('DRAFT_NOT_FOUND') }, createRenderer({ engine, log: () => undefined, entry: join(dir, 'no-worker.js') }));
    return other.previewPdf({ briefing });
  };
  return { font, services, renderer, logged, fresh };
}

describe('a font file changed on disk while the app runs', () => {
  for (const where of ['render worker', 'this thread'] as const) {
    it(`${where}: the next render reads the fonts again and gives what a fresh engine gives`, async () => {
      const w = world(where === 'this thread' ? join(tmpdir(), 'bs-no-such-worker.js') : undefined);
      const first = await w.services.previewPdf({ briefing: demo });
      expect(first.ok).toBe(true);
      if (!first.ok) return;
      expect(w.renderer.inWorker()).toBe(where === 'render worker');
      // The body is set in the user's file, read in part so far.
      expect(first.value.fonts.some((f) => f.location === w.font)).toBe(true);
      // Between two renders (the reads of one render share an open file until the event loop turns)…
      await new Promise((resolve) => setImmediate(resolve));
      // …updated on disk: the same bytes written again an hour later (another size or content changes the stamp alike).
      copyFileSync(join(paths.resourcesDir, 'fonts', 'FandolFang-Regular.otf'), w.font);
      const hourLater = new Date(Date.now() + 3_600_000);
      utimesSync(w.font, hourLater, hourLater);
      const second = await w.services.previewPdf({ briefing: later });
      expect(second.ok).toBe(true);
      if (!second.ok) return;
      expect(w.logged.some((l) => /^warn: (\[render worker\] )?font file changed on disk/.test(l))).toBe(true);
      const expected = await w.fresh(later);
      expect(expected.ok).toBe(true);
      if (!expected.ok) return;
      expect(Buffer.from(second.value.pdf).equals(Buffer.from(expected.value.pdf))).toBe(true);
      // The check (校对) after the change answers too.
      const checked = await w.services.checkBriefing({ briefing: later });
      expect(checked.ok).toBe(true);
    }, 120_000);
  }
});
