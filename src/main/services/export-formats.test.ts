// The export's 共印N份 / 印发日期 and its formats (PDF, Word, OFD; one or several, numbered copies in each).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createExportServices, exportBriefingToFile, resolveTemplate } from './export';
import { findAppPaths } from '../paths';
import { createNodeHost } from '../node-host';
import { createEngine } from '../engine';
import { exportMethods } from '../../shared/api/export';
import { parseBriefingJson, type Briefing } from '../../shared/briefing';
import { fail, ok } from '../../shared/errors';

const paths = findAppPaths(import.meta.dirname);
const demo = (() => {
  const parsed = parseBriefingJson(readFileSync(join(paths.resourcesDir, 'samples', 'demo-briefing.json'), 'utf8'));
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.value;
})();
// The engine's clock: 2025-03-07 in Beijing, three weeks after the demo's issue date (2025-02-12).
const clock = () => new Date('2025-03-07T02:00:00Z');
const engine = createEngine({ resourcesDir: paths.resourcesDir, templatesDir: paths.templatesDir, dataDir: mkdtempSync(join(tmpdir(), 'bs-data-')), systemFontDirs: [], clock, appVersion: '0.0.0-test' });
const pdfText = (file: string) => execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
/** The text of a docx's body (w:t runs joined). */
const docxText = (file: string) => [...strFromU8(unzipSync(readFileSync(file))['word/document.xml']!).matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');
const out = () => mkdtempSync(join(tmpdir(), 'bs-out-'));

describe('共印N份 and 印发日期 from the export', () => {
  it('an export of 3 numbered copies prints （共印3份） in the 报尾 of every copy, not the draft’s 印数', async () => {
    const dir = out();
    const template = resolveTemplate(engine, 'gongzuo-jianbao');
    if (!template.ok) throw new Error(template.message);
    const result = await exportBriefingToFile(engine, { briefing: demo, template: template.value, outPath: join(dir, 'x.pdf'), copies: 3 });
    expect(result.ok && result.value.copies.length).toBe(3);
    for (const copy of ['000001', '000003']) {
      const text = pdfText(join(dir, `x-${copy}.pdf`));
      expect(text).toContain('（共印3份）');
      expect(text).not.toContain('（共印80份）');
    }
  });

  it('a single file keeps the draft’s 印数 (it is printed that many times)', async () => {
    const dir = out();
    const template = resolveTemplate(engine, 'gongzuo-jianbao');
    if (!template.ok) throw new Error(template.message);
    const result = await exportBriefingToFile(engine, { briefing: demo, template: template.value, outPath: join(dir, 'x.pdf') });
    expect(result.ok).toBe(true);
    expect(pdfText(join(dir, 'x.pdf'))).toContain('（共印80份）');
  });

  it('a template that prints 印发日期 prints the export’s day from the engine clock, not the issue date', async () => {
    const dir = out();
    const template = resolveTemplate(engine, 'xinxi-zhuanbao');
    if (!template.ok) throw new Error(template.message);
    const briefing: Briefing = { ...demo, template: { id: 'xinxi-zhuanbao', version: template.value.template.version } };
    const result = await exportBriefingToFile(engine, { briefing, template: template.value, outPath: join(dir, 'x.pdf'), copies: 2 });
    expect(result.ok).toBe(true);
    const text = pdfText(join(dir, 'x-000002.pdf'));
    expect(text).toContain('2025年3月7日印发');
    expect(text).not.toContain('2025年2月12日印发');
  });
});

describe('export formats', () => {
  it('writes each numbered copy as PDF, Word and OFD, with its 份号 and 共印N份 in each, and one register', async () => {
    const dir = out();
    const template = resolveTemplate(engine, 'gongzuo-jianbao');
    if (!template.ok) throw new Error(template.message);
    const progress: number[] = [];
    const result = await exportBriefingToFile(engine, {
      briefing: demo,
      template: template.value,
      outPath: join(dir, 'x.pdf'),
      copies: 2,
      recipients: ['市委办公室'],
      formats: ['docx', 'ofd', 'pdf'],
      onProgress: (done) => progress.push(done),
    });
    if (!result.ok) throw new Error(result.message);
    expect(readdirSync(dir).sort()).toEqual(['x-000001.docx', 'x-000001.ofd', 'x-000001.pdf', 'x-000002.docx', 'x-000002.ofd', 'x-000002.pdf', 'x-分发登记表.csv', 'x-分发登记表.pdf']);
    expect(result.value.formats).toEqual(['docx', 'ofd', 'pdf']);
    expect(result.value.path).toBe(join(dir, 'x-000001.docx'));
    expect(result.value.copies[1]!.files).toEqual({ docx: join(dir, 'x-000002.docx'), ofd: join(dir, 'x-000002.ofd'), pdf: join(dir, 'x-000002.pdf') });
    expect(result.value.files?.map((f) => f.format)).toEqual(['docx', 'ofd', 'pdf', 'docx', 'ofd', 'pdf', 'pdf', 'csv']);
    expect(progress).toEqual([1, 2]);
    const word = docxText(join(dir, 'x-000002.docx'));
    expect(word).toContain('000002');
    expect(word).toContain('共印2份');
    const ofd = unzipSync(readFileSync(join(dir, 'x-000002.ofd')));
    const pages = Object.keys(ofd).filter((name) => /^Doc_0\/Pages\/Page_\d+\/Content\.xml$/.test(name));
    expect(pages.length).toBe(result.value.pageCount);
    const ofdText = pages.map((p) => [...strFromU8(ofd[p]!).matchAll(/<ofd:TextCode[^>]*>([^<]*)<\/ofd:TextCode>/g)].map((m) => m[1]).join('')).join('');
    expect(ofdText).toContain('000002');
    expect(ofdText).toContain('（共印2份）');
  });

  it('a single export in several formats writes one file per format beside the picked name', async () => {
    const dir = out();
    const template = resolveTemplate(engine, 'gongzuo-jianbao');
    if (!template.ok) throw new Error(template.message);
    const result = await exportBriefingToFile(engine, { briefing: demo, template: template.value, outPath: join(dir, '简报.pdf'), formats: ['pdf', 'ofd'] });
    if (!result.ok) throw new Error(result.message);
    expect(readdirSync(dir).sort()).toEqual(['简报.ofd', '简报.pdf']);
    expect(result.value.path).toBe(join(dir, '简报.pdf'));
    expect(result.value.copies).toEqual([]);
    expect(result.value.register).toBeNull();
  });

  it('asks before replacing another format’s file of a single export, and writes nothing when told no', async () => {
    const dir = out();
    const template = resolveTemplate(engine, 'gongzuo-jianbao');
    if (!template.ok) throw new Error(template.message);
    const first = await exportBriefingToFile(engine, { briefing: demo, template: template.value, outPath: join(dir, 'x.docx'), formats: ['docx'] });
    expect(first.ok).toBe(true);
    const before = readFileSync(join(dir, 'x.docx'));
    const confirmReplace = vi.fn(async () => false);
    const again = await exportBriefingToFile(engine, { briefing: demo, template: template.value, outPath: join(dir, 'x.pdf'), formats: ['pdf', 'docx'], confirmReplace });
    expect(again.ok ? 'ok' : again.code).toBe('CANCELLED');
    expect(confirmReplace).toHaveBeenCalledWith([expect.objectContaining({ path: join(dir, 'x.docx'), role: 'copy', format: 'docx', copyNumber: null })]);
    expect(readdirSync(dir)).toEqual(['x.docx']);
    expect(readFileSync(join(dir, 'x.docx')).equals(before)).toBe(true);
  });

  it('the IPC contract accepts one to three distinct known formats and refuses others', () => {
    const parse = (formats: unknown) => exportMethods.exportPdf.request.safeParse({ draftId: 'd1', formats }).success;
    expect(parse(['pdf'])).toBe(true);
    expect(parse(['docx', 'ofd', 'pdf'])).toBe(true);
    expect(parse([])).toBe(false);
    expect(parse(['pdf', 'pdf'])).toBe(false);
    expect(parse(['doc'])).toBe(false);
    expect(parse('pdf')).toBe(false);
  });
});

describe('export service with formats (render worker)', () => {
  const opened: { closeRenderer(): Promise<void> }[] = [];
  afterAll(async () => {
    await Promise.all(opened.map((s) => s.closeRenderer()));
  });

  it('asks for the first format’s file in the save dialog and renders every format in the worker', async () => {
    const dir = out();
    const pickSavePath = vi.fn(async () => join(dir, '简报.docx'));
    const host = createNodeHost({ paths, dataDir: mkdtempSync(join(tmpdir(), 'bs-data-')), now: clock, systemFontDirs: [], dialogs: { pickSavePath, pickOpenPath: async () => null } });
    const services = createExportServices(host, { getDraft: async (id) => (id === demo.id ? ok<Briefing>(demo) : fail('DRAFT_NOT_FOUND')) });
    opened.push(services);
    const result = await services.exportPdf({ draftId: demo.id, formats: ['docx', 'pdf'], fileName: '工作简报第5期.pdf', jobId: 'fmt-1' });
    if (!result.ok) throw new Error(result.message);
    expect(pickSavePath).toHaveBeenCalledWith(expect.objectContaining({ title: '导出 Word、PDF', defaultName: '工作简报第5期.docx', filters: [{ name: 'Word 文档', extensions: ['docx'] }] }));
    expect(readdirSync(dir).sort()).toEqual(['简报.docx', '简报.pdf']);
    expect(existsSync(join(dir, '简报.pdf'))).toBe(true);
    expect(pdfText(join(dir, '简报.pdf'))).toContain('（共印80份）');
  });
});
