// Import progress and cancel (issue 14 item 1): a long PDF reports its pages through
// getImportProgress while importSource runs; cancelImport stops it and nothing is kept.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ImportProgress } from '../../shared/api';
import { findAppPaths } from '../paths';
import { createNodeHost } from '../node-host';
import { loadLibrary } from '../library';
import { longReport, sourceFont, writeSourcePdf } from '../sources/test-support';
import { mergedLibraryCache } from '../user-library/merge';
import { createUserLibraryStore } from '../user-library/store';
import { createSourceServices } from './sources';

const paths = findAppPaths(import.meta.dirname);
const dir = mkdtempSync(join(tmpdir(), 'bs-import-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function setup(open: string[]) {
  const dataDir = mkdtempSync(join(dir, 'data-'));
  const host = createNodeHost({ paths, dataDir, newId: () => 'x', dialogs: { pickSavePath: async () => null, pickOpenPath: async () => open.shift() ?? null } });
  // the source services alone, over the user library as the service set builds it
  const store = createUserLibraryStore(dataDir, { now: () => new Date(0) });
  const library = mergedLibraryCache(() => loadLibrary(host.resourcesDir), () => ({ data: store.data(), revision: store.revision() }));
  return { dataDir, services: createSourceServices(host, { store, library }), close: async () => undefined };
}

async function longPdf(pages: number): Promise<string> {
  const { paragraphs, breaks } = longReport(pages);
  return writeSourcePdf(join(dir, `long-${pages}.pdf`), paragraphs, { font: sourceFont(paths.resourcesDir), breaks });
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('import progress and cancel', () => {
  it('reports the pages read while a PDF imports, then done', async () => {
    const file = await longPdf(12);
    const { services, close } = setup([file]);
    const seen: ImportProgress[] = [];
    const running = services.importSource({ jobId: 'job-a' });
    let finished = false;
    void running.then(() => (finished = true));
    while (!finished) {
      const p = await services.getImportProgress({ jobId: 'job-a' });
      if (p.ok && p.value && JSON.stringify(p.value) !== JSON.stringify(seen.at(-1))) seen.push(p.value);
      await turn();
    }
    const result = await running;
    if (!result.ok) throw new Error(result.message);
    expect(result.value.source.paragraphs).toHaveLength(1 + 12 * 3);
    const reading = seen.filter((p) => p.phase === 'reading' && p.total === 12);
    expect(reading.length).toBeGreaterThan(1);
    // pages only go forward
    expect(reading.every((p, i) => i === 0 || p.done >= reading[i - 1]!.done)).toBe(true);
    expect(await services.getImportProgress({ jobId: 'job-a' })).toEqual({ ok: true, value: { phase: 'done', done: 12, total: 12, cancelled: false } });
    expect(await services.getImportProgress({ jobId: 'unknown' })).toEqual({ ok: true, value: null });
    await close();
  });

  it('cancel during the pages: importSource answers CANCELLED and nothing reaches the user library', async () => {
    const file = await longPdf(30);
    const { services, close, dataDir } = setup([file]);
    const running = services.importSource({ jobId: 'job-b' });
    for (;;) {
      const p = await services.getImportProgress({ jobId: 'job-b' });
      if (p.ok && p.value && p.value.done >= 2) break;
      await turn();
    }
    expect(await services.cancelImport({ jobId: 'job-b' })).toEqual({ ok: true, value: null });
    expect(await running).toMatchObject({ ok: false, code: 'CANCELLED' });
    const after = await services.getImportProgress({ jobId: 'job-b' });
    expect(after.ok && after.value).toMatchObject({ phase: 'done', cancelled: true });
    expect(after.ok && after.value && after.value.done).toBeLessThan(30);
    expect(existsSync(join(dataDir, 'library', 'user-library.json'))).toBe(false);
    const listed = await services.listSources({});
    expect(listed.ok && listed.value.sources).toEqual([]);
    await close();
  });

  it('cancelling an unknown or finished job is harmless', async () => {
    const { services, close } = setup([]);
    expect(await services.cancelImport({ jobId: 'nobody' })).toEqual({ ok: true, value: null });
    expect(await services.importSource({ jobId: 'job-c' })).toMatchObject({ ok: false, code: 'CANCELLED' });
    expect(await services.cancelImport({ jobId: 'job-c' })).toEqual({ ok: true, value: null });
    const p = await services.getImportProgress({ jobId: 'job-c' });
    expect(p.ok && p.value).toMatchObject({ phase: 'done', cancelled: false });
    await close();
  });
});
