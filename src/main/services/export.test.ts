import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createExportServices, defaultFileName, resolveTemplate, safeSuggestedName } from './export';
import { renderBriefingPdf } from '../../core/pdf';
import type { ServiceHost } from './host';
import { findAppPaths } from '../paths';
import { createNodeHost } from '../node-host';
import { exportMethods } from '../../shared/api/export';
import { parseBriefingJson, type Briefing } from '../../shared/briefing';
import { fail, ok } from '../../shared/errors';

const paths = findAppPaths(import.meta.dirname);
const demo = (() => {
  const parsed = parseBriefingJson(readFileSync(join(paths.resourcesDir, 'samples', 'demo-briefing.json'), 'utf8'));
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.value;
})();

function setup(savePath: string | null) {
  const pickSavePath = vi.fn(async () => savePath);
  const host: ServiceHost = createNodeHost({
    paths,
    dataDir: mkdtempSync(join(tmpdir(), 'bs-data-')),
    now: () => new Date('2025-02-12T00:00:00Z'),
    dialogs: { pickSavePath, pickOpenPath: async () => null },
  });
  const beforeExport = vi.fn(async () => undefined);
  const getDraft = vi.fn(async (id: string) => (id === demo.id ? ok<Briefing>(demo) : fail('DRAFT_NOT_FOUND')));
  const services = createExportServices(host, { getDraft, beforeExport });
  opened.push(services);
  return { services, pickSavePath, getDraft, beforeExport };
}

// Each setup's render worker holds its own fonts: stopped after the file.
const opened: { closeRenderer(): Promise<void> }[] = [];
afterAll(async () => {
  await Promise.all(opened.map((s) => s.closeRenderer()));
});

describe('export jobs: suggested name, progress, cancel', () => {
  it('reduces a suggested file name to a safe base name ending in .pdf', () => {
    expect(safeSuggestedName('工作简报第5期')).toBe('工作简报第5期.pdf');
    expect(safeSuggestedName('../../etc/工作简报第5期.PDF')).toBe('工作简报第5期.PDF');
    expect(safeSuggestedName('C:\\Windows\\a<b>:c.pdf')).toBe('abc.pdf');
    expect(safeSuggestedName('  ..  ')).toBeNull();
    expect(safeSuggestedName('.pdf')).toBeNull();
  });

  it('offers the renderer’s suggested name in the save dialog', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'bs-out-')), 'x.pdf');
    const { services, pickSavePath } = setup(out);
    expect((await services.exportPdf({ draftId: demo.id, fileName: '市发改委简报第5期' })).ok).toBe(true);
    expect(pickSavePath).toHaveBeenCalledWith(expect.objectContaining({ defaultName: '市发改委简报第5期.pdf' }));
  });

  it('reports progress of numbered copies and ends in done', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bs-out-'));
    const { services } = setup(join(dir, 'copies.pdf'));
    const seen: number[] = [];
    const running = services.exportPdf({ draftId: demo.id, copies: 3, jobId: 'job-1' });
    // polls until done (the render worker starts cold in each test)
    for (const deadline = Date.now() + 60_000; Date.now() < deadline; ) {
      const p = await services.getExportProgress({ jobId: 'job-1' });
      if (p.ok && p.value) seen.push(p.value.done);
      if (p.ok && p.value?.phase === 'done') break;
      await new Promise((r) => setTimeout(r, 5));
    }
    const result = await running;
    expect(result.ok).toBe(true);
    const last = await services.getExportProgress({ jobId: 'job-1' });
    expect(last.ok && last.value).toMatchObject({ phase: 'done', done: 3, total: 3, cancelled: false });
    expect(Math.max(...seen)).toBeGreaterThanOrEqual(1);
    expect((await services.getExportProgress({ jobId: 'unknown' })).ok && null).toBeNull();
  });

  it('cancels a running export and leaves no copies behind', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bs-out-'));
    const { services } = setup(join(dir, 'copies.pdf'));
    const running = services.exportPdf({ draftId: demo.id, copies: 40, jobId: 'job-2' });
    // cancel once the first copy is on disk
    for (let i = 0; i < 400; i++) {
      const p = await services.getExportProgress({ jobId: 'job-2' });
      if (p.ok && p.value && p.value.done >= 1) break;
      await new Promise((r) => setTimeout(r, 5));
    }
    expect((await services.cancelExport({ jobId: 'job-2' })).ok).toBe(true);
    const result = await running;
    expect(result.ok ? 'ok' : result.code).toBe('CANCELLED');
    expect(readdirSync(dir).filter((f) => f.endsWith('.pdf'))).toEqual([]);
    const last = await services.getExportProgress({ jobId: 'job-2' });
    expect(last.ok && last.value).toMatchObject({ phase: 'done', cancelled: true });
  });
});

describe('export services', () => {
  it('exportPdf asks for the path with a default name, flushes the draft and writes the PDF', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'bs-out-')), 'x.pdf');
    const { services, pickSavePath, beforeExport } = setup(out);
    const result = await services.exportPdf({ draftId: demo.id });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(beforeExport).toHaveBeenCalledWith(demo.id);
    expect(pickSavePath).toHaveBeenCalledWith(expect.objectContaining({ defaultName: '工作简报第5期.pdf' }));
    expect(result.value.path).toBe(out);
    expect(result.value.byteSize).toBe(statSync(out).size);
    expect(result.value.pageCount).toBeGreaterThanOrEqual(4);
    expect(result.value.fonts.map((f) => f.role)).toEqual(['xiaobiaosong', 'songti', 'fangsong', 'heiti', 'kaiti', 'fallback']);
    expect(readFileSync(out).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('a cancelled save dialog is a CANCELLED failure and writes nothing', async () => {
    const { services } = setup(null);
    const result = await services.exportPdf({ draftId: demo.id });
    expect(result.ok ? 'ok' : result.code).toBe('CANCELLED');
  });

  it('an unknown draft is reported by the store’s failure', async () => {
    const { services, pickSavePath } = setup('/tmp/never.pdf');
    const result = await services.exportPdf({ draftId: 'nope' });
    expect(result.ok ? 'ok' : result.code).toBe('DRAFT_NOT_FOUND');
    expect(pickSavePath).not.toHaveBeenCalled();
  });

  it('the renderer cannot choose the output path', () => {
    expect(exportMethods.exportPdf.request.safeParse({ draftId: 'a', path: '/etc/passwd' }).success).toBe(false);
    expect(exportMethods.exportPdf.request.safeParse({ draftId: 'a', copies: 3, recipients: ['张三'], watermark: '征求意见稿' }).success).toBe(true);
  });

  it('previewPdf returns the PDF bytes of an unsaved briefing', async () => {
    const { services } = setup(null);
    const result = await services.previewPdf({ briefing: { ...demo, title: '预览中的标题' } });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.pdf).toBeInstanceOf(Uint8Array);
    expect(Buffer.from(result.value.pdf.subarray(0, 5)).toString()).toBe('%PDF-');
    expect(result.value.pageCount).toBeGreaterThan(0);
  });

  it('listTemplates lists the built-ins with what each asks of a draft', async () => {
    const { services } = setup(null);
    const result = await services.listTemplates({});
    if (!result.ok) throw new Error(result.message);
    const traits = Object.fromEntries(result.value.map((t) => [t.id, t.traits]));
    expect(traits['gongzuo-jianbao']).toEqual({ docNumber: false, numberedCopiesAlways: false, fixedMark: '', mainRecipientsUnderTitle: false, labels: { bao: '报', song: '送', fa: '发' } });
    expect(traits['huiyi-cailiao']).toEqual({ docNumber: false, numberedCopiesAlways: true, fixedMark: '会后收回', mainRecipientsUnderTitle: false, labels: { bao: '报', song: '送', fa: '发' } });
    expect(traits['lingdao-canyue']?.labels).toEqual({ bao: '报送', song: '抄送', fa: '发' });
    expect(traits['xinxi-zhuanbao']).toEqual({ docNumber: true, numberedCopiesAlways: false, fixedMark: '', mainRecipientsUnderTitle: true, labels: { bao: '主送', song: '抄送', fa: '分送' } });
  });

  it('a logo that can no longer be read is left out, and the export says so', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bs-out-'));
    const dataDir = mkdtempSync(join(tmpdir(), 'bs-data-'));
    const host: ServiceHost = createNodeHost({ paths, dataDir, now: () => new Date('2025-02-12T00:00:00Z'), dialogs: { pickSavePath: async () => join(dir, 'logo.pdf'), pickOpenPath: async () => null } });
    const imported = host.engine.templates.import(join(paths.root, 'tests', 'fixtures', 'templates', 'with-logo', 'template.json'));
    expect(imported.ok && imported.value.assets).toEqual(['images/emblem.png']);
    const pinned: Briefing = { ...demo, template: { id: 'with-logo', version: '1.0.0' } };
    const services = createExportServices(host, { getDraft: async () => ok(pinned), beforeExport: async () => undefined });
    const drawn = await services.exportPdf({ draftId: pinned.id });
    if (!drawn.ok) throw new Error(drawn.message);
    expect(drawn.value.warnings).toBeUndefined();
    expect(readFileSync(drawn.value.path).toString('latin1')).toContain('/Subtype /Image');
    rmSync(join(dataDir, 'templates', 'with-logo', 'images', 'emblem.png'));
    const left = await services.exportPdf({ draftId: pinned.id });
    if (!left.ok) throw new Error(left.message);
    expect(left.value.warnings).toHaveLength(1);
    expect(left.value.warnings![0]).toContain('已省略');
    expect(readFileSync(left.value.path).toString('latin1')).not.toContain('/Subtype /Image');
  });

  it('a template extending one with a logo (by id, from another folder) draws the base’s logo', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'bs-data-'));
    const host: ServiceHost = createNodeHost({ paths, dataDir, now: () => new Date('2025-02-12T00:00:00Z'), dialogs: { pickSavePath: async () => null, pickOpenPath: async () => null } });
    expect(host.engine.templates.import(join(paths.root, 'tests', 'fixtures', 'templates', 'with-logo', 'template.json')).ok).toBe(true);
    const elsewhere = mkdtempSync(join(tmpdir(), 'bs-child-'));
    const child = join(elsewhere, 'child.json');
    writeFileSync(child, JSON.stringify({ extends: 'with-logo', id: 'quwei-logo', name: '区委简报（带徽标）', version: '1.0.0', description: '只改了名称颜色。', masthead: { seriesName: { style: { role: 'xiaobiaosong', sizePt: 40, color: '#C8102E' } } } }));
    const loaded = resolveTemplate(host.engine, child);
    if (!loaded.ok) throw new Error(loaded.message);
    expect(loaded.value.assetDirs).toEqual([elsewhere, join(dataDir, 'templates', 'with-logo'), paths.templatesDir]);
    const rendered = await renderBriefingPdf(demo, loaded.value.template, host.engine.hostFor(loaded.value));
    if (!rendered.ok) throw new Error(rendered.message);
    expect(rendered.value.missingImages).toEqual([]);
    expect(Buffer.from(rendered.value.pdf).toString('latin1')).toContain('/Subtype /Image');
  });

  it('a template that always numbers its copies (会议材料) exports numbered copies and a register even when none were asked for', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bs-out-'));
    const meeting: Briefing = { ...demo, meta: { ...demo.meta, printCopyNumber: false, copies: 2 }, template: { id: 'huiyi-cailiao', version: '1.1.0' } };
    const pickSavePath = vi.fn(async () => join(dir, '会议材料.pdf'));
    const host: ServiceHost = createNodeHost({ paths, dataDir: mkdtempSync(join(tmpdir(), 'bs-data-')), now: () => new Date('2025-02-12T00:00:00Z'), dialogs: { pickSavePath, pickOpenPath: async () => null } });
    const services = createExportServices(host, { getDraft: async () => ok(meeting), beforeExport: async () => undefined });
    const result = await services.exportPdf({ draftId: meeting.id });
    if (!result.ok) throw new Error(result.message);
    expect(result.value.copies.map((c) => c.copyNumber)).toEqual(['000001', '000002']);
    expect(readdirSync(dir).sort()).toEqual(['会议材料-000001.pdf', '会议材料-000002.pdf', '会议材料-分发登记表.csv', '会议材料-分发登记表.pdf']);
    // pinned to the old 1.0.0 (numbering optional then), the same draft exports one file as it did
    const old = createExportServices(host, { getDraft: async () => ok({ ...meeting, template: { id: 'huiyi-cailiao', version: '1.0.0' } }), beforeExport: async () => undefined });
    pickSavePath.mockResolvedValueOnce(join(dir, '旧版.pdf'));
    const single = await old.exportPdf({ draftId: meeting.id });
    expect(single.ok && single.value.copies).toEqual([]);
    expect(readdirSync(dir)).toContain('旧版.pdf');
  });

  it('checkBriefing reports characters without a font and punctuation problems', async () => {
    const { services } = setup(null);
    const briefing: Briefing = { ...demo, title: '测试,标题\uE000' };
    const result = await services.checkBriefing({ briefing });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.missingGlyphs.map((m) => m.codePoint)).toEqual([0xe000]);
    expect(result.value.missingGlyphs[0]!.where).toContainEqual({ field: 'title' });
    expect(result.value.warnings.join('')).toContain('半角标点');
  });

  it('names the file after the series and issue, without characters file systems refuse', () => {
    expect(defaultFileName(demo)).toBe('工作简报第5期.pdf');
    expect(defaultFileName({ ...demo, meta: { ...demo.meta, seriesName: '政务/信息:动态', issueNumber: null } })).toBe('政务信息动态.pdf');
  });
});

describe('exports never destroy files they did not create', () => {
  /** Waits until the job is in `phase` (or done). */
  async function waitFor(services: ReturnType<typeof setup>['services'], jobId: string, phase: string) {
    for (let i = 0; i < 2_000; i++) {
      const p = await services.getExportProgress({ jobId });
      if (p.ok && p.value && (p.value.phase === phase || p.value.phase === 'done')) return p.value;
      await new Promise((r) => setTimeout(r, 5));
    }
    throw new Error(`job ${jobId} never reached ${phase}`);
  }
  const snapshot = (dir: string) => Object.fromEntries(readdirSync(dir).sort().map((f) => [f, readFileSync(join(dir, f)).toString('base64')]));

  it('a cancelled numbered export of the same name leaves the earlier complete set unchanged', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bs-out-'));
    const { services } = setup(join(dir, '简报.pdf'));
    const earlier = await services.exportPdf({ draftId: demo.id, copies: 3, recipients: ['张三', '李四', '王五'] });
    expect(earlier.ok).toBe(true);
    const before = snapshot(dir);
    expect(Object.keys(before)).toEqual(['简报-000001.pdf', '简报-000002.pdf', '简报-000003.pdf', '简报-分发登记表.csv', '简报-分发登记表.pdf']);

    // The same name again, 5 copies: the user is asked, replaces, then cancels after the first copy.
    const running = services.exportPdf({ draftId: demo.id, copies: 5, jobId: 'again' });
    const asked = await waitFor(services, 'again', 'confirm');
    expect(asked.phase).toBe('confirm');
    expect(asked.conflicts?.map((c) => [c.role, c.copyNumber])).toEqual([
      ['copy', '000001'],
      ['copy', '000002'],
      ['copy', '000003'],
      ['register-pdf', null],
      ['register-csv', null],
    ]);
    expect(asked.conflicts?.[0]).toMatchObject({ path: join(dir, '简报-000001.pdf'), byteSize: Buffer.from(before['简报-000001.pdf']!, 'base64').length });
    expect((await services.confirmExportReplace({ jobId: 'again', replace: true })).ok).toBe(true);
    for (let i = 0; i < 2_000; i++) {
      const p = await services.getExportProgress({ jobId: 'again' });
      if (p.ok && p.value && p.value.done >= 1) break;
      await new Promise((r) => setTimeout(r, 5));
    }
    await services.cancelExport({ jobId: 'again' });
    const result = await running;
    expect(result.ok ? 'ok' : result.code).toBe('CANCELLED');
    // every earlier file, byte for byte; no temporary folder left
    expect(snapshot(dir)).toEqual(before);
  });

  it('answering “no” to the replace question writes nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bs-out-'));
    const { services } = setup(join(dir, '简报.pdf'));
    expect((await services.exportPdf({ draftId: demo.id, copies: 2 })).ok).toBe(true);
    const before = snapshot(dir);
    const running = services.exportPdf({ draftId: demo.id, copies: 2, jobId: 'no' });
    expect((await waitFor(services, 'no', 'confirm')).conflicts).toHaveLength(4);
    await services.confirmExportReplace({ jobId: 'no', replace: false });
    const result = await running;
    expect(result.ok ? 'ok' : result.code).toBe('CANCELLED');
    expect(snapshot(dir)).toEqual(before);
    expect((await services.getExportProgress({ jobId: 'no' })).ok).toBe(true);
  });

  it('cancelling while the question is open writes nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bs-out-'));
    const { services } = setup(join(dir, '简报.pdf'));
    // no job id: nobody can be asked, so an existing set is never replaced
    writeFileSync(join(dir, '简报-000002.pdf'), 'earlier');
    const noJob = await services.exportPdf({ draftId: demo.id, copies: 2 });
    expect(noJob.ok ? 'ok' : noJob.code).toBe('WRITE_FAILED');
    expect(noJob.ok ? '' : noJob.message).toContain('简报-000002.pdf 等 1 个');
    const running = services.exportPdf({ draftId: demo.id, copies: 2, jobId: 'esc' });
    expect((await waitFor(services, 'esc', 'confirm')).conflicts?.map((c) => c.copyNumber)).toEqual(['000002']);
    await services.cancelExport({ jobId: 'esc' });
    expect(((await running) as { code?: string }).code).toBe('CANCELLED');
    expect(readdirSync(dir)).toEqual(['简报-000002.pdf']);
    expect(readFileSync(join(dir, '简报-000002.pdf'), 'utf8')).toBe('earlier');
  });

  it('a confirmed replacement writes the new set in place of the old one and leaves no temporary folder', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bs-out-'));
    writeFileSync(join(dir, '简报-000001.pdf'), 'earlier');
    const { services } = setup(join(dir, '简报.pdf'));
    const running = services.exportPdf({ draftId: demo.id, copies: 2, jobId: 'yes' });
    await waitFor(services, 'yes', 'confirm');
    await services.confirmExportReplace({ jobId: 'yes', replace: true });
    const result = await running;
    if (!result.ok) throw new Error(result.message);
    expect(readdirSync(dir).sort()).toEqual(['简报-000001.pdf', '简报-000002.pdf', '简报-分发登记表.csv', '简报-分发登记表.pdf']);
    expect(readFileSync(join(dir, '简报-000001.pdf')).subarray(0, 5).toString()).toBe('%PDF-');
    expect(result.value.copies.map((c) => c.path)).toEqual([join(dir, '简报-000001.pdf'), join(dir, '简报-000002.pdf')]);
  });

  it('answering a job that is not waiting is refused', async () => {
    const { services } = setup(null);
    const answer = await services.confirmExportReplace({ jobId: 'nothing', replace: true });
    expect(answer.ok ? 'ok' : answer.code).toBe('INVALID_ARGUMENT');
  });
});
