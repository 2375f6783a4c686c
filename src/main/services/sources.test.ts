import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { excerptFromItem, proofread } from '../../core/briefing';
import type { ReviewCandidate } from '../../shared/api';
import { findAppPaths } from '../paths';
import { createNodeHost } from '../node-host';
import { createDispatcher } from './dispatch';
import { createServices } from './index';

const paths = findAppPaths(import.meta.dirname);
const report = join(paths.root, 'tests', 'fixtures', 'sources', 'report.txt');
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function setup(open: (string | null)[] = [], before?: (dataDir: string) => void) {
  const dataDir = mkdtempSync(join(tmpdir(), 'bs-sources-'));
  before?.(dataDir);
  dirs.push(dataDir);
  let n = 0;
  const host = createNodeHost({
    paths,
    dataDir,
    newId: () => `id${++n}`,
    dialogs: { pickSavePath: async () => null, pickOpenPath: async () => open.shift() ?? null },
  });
  const set = createServices(host);
  return { dataDir, services: set.services, dispatch: createDispatcher(set.services, () => undefined), close: set.close };
}

const accepted = (c: ReviewCandidate, extra: Record<string, unknown> = {}) => ({
  kind: c.kind === 'measure' ? ('measure' as const) : ('indicator' as const),
  subject: c.subject ?? c.quote.slice(0, 20),
  quote: c.quote,
  paragraph: c.paragraph,
  value: c.value,
  unit: c.unit,
  valueText: c.valueText,
  baseValue: c.baseValue,
  baseUnit: c.baseUnit,
  qualifier: c.qualifier,
  year: c.year,
  city: c.city ?? '南京',
  district: c.district,
  metric: c.metric,
  name: null,
  metricLabel: null,
  ...extra,
});

describe('sources services', () => {
  it('imports a file picked in the open dialog, proposes metadata and candidates with suggested metrics', async () => {
    const { services, close } = setup([report]);
    const result = await services.importSource({});
    if (!result.ok) throw new Error(JSON.stringify(result));
    const { source, candidates, city } = result.value;
    expect(source.fileName).toBe('report.txt');
    expect(source.title).toBe('2025年南京市政府工作报告（节选）');
    expect(source.date).toBe('2025-01-15');
    expect(city).toBe('南京');
    const gdp = candidates.find((c) => c.valueText === '1.85万亿元');
    expect(gdp).toMatchObject({ kind: 'indicator', value: 1.85, unit: '万亿元', year: 2024, city: '南京', metric: 'gdp' });
    expect(candidates.every((c, i) => c.id === `c${i + 1}`)).toBe(true);
    await close();
  });

  it('a cancelled dialog is CANCELLED; pasted text imports without a dialog', async () => {
    const { services, close } = setup([]);
    expect(await services.importSource({})).toMatchObject({ ok: false, code: 'CANCELLED' });
    const pasted = await services.importSource({ text: '杭州市2025年工作\n全市地区生产总值增长6%。' });
    if (!pasted.ok) throw new Error(pasted.message);
    expect(pasted.value.source.paragraphs).toEqual(['杭州市2025年工作', '全市地区生产总值增长6%。']);
    expect(pasted.value.candidates.some((c) => c.valueText === '6%')).toBe(true);
    await close();
  });

  it('accepted items are searchable (Chinese and pinyin) beside the bundled ones, citeable, and listed with their source', async () => {
    const { services, dispatch, dataDir, close } = setup([report]);
    const imported = await services.importSource({});
    if (!imported.ok) throw new Error(imported.message);
    const { source, candidates } = imported.value;
    const pick = candidates.filter((c) => c.valueText === '1.85万亿元' || c.valueText === '1200家');
    expect(pick).toHaveLength(2);
    const result = await dispatch('sources:accept', {
      source: { title: source.title, outlet: '南京市人民政府', date: source.date, paragraphs: source.paragraphs },
      items: pick.map((c) => accepted(c)),
    });
    if (!result.ok) throw new Error(JSON.stringify(result));
    const { itemIds, sourceId } = result.value as { itemIds: string[]; sourceId: string };
    expect(itemIds).toHaveLength(2);
    // On disk, in the bundled schema, with origin user.
    const file = JSON.parse(readFileSync(join(dataDir, 'library', 'user-library.json'), 'utf8'));
    expect(file.items.map((i: { origin: string }) => i.origin)).toEqual(['user', 'user']);
    for (const query of ['高新技术企业', 'gxjs']) {
      const found = await services.searchLibrary({ query, filters: { sourceIds: [sourceId] }, limit: 10, offset: 0 });
      if (!found.ok) throw new Error(found.message);
      expect(found.value.hits.map((h) => h.item.id)).toContain(itemIds[1]);
    }
    const detail = await services.getLibraryItem({ id: itemIds[0]! });
    if (!detail.ok) throw new Error(detail.message);
    expect(detail.value.citation).toBe('《2025年南京市政府工作报告（节选）》，南京市人民政府，2025年1月15日，第5段');
    expect(detail.value.frozen.citation.sourceTitle ?? detail.value.frozen.citation).toBeTruthy();
    const catalog = await services.listLibraryItems({});
    if (!catalog.ok) throw new Error(catalog.message);
    expect(catalog.value.items.filter((i) => i.origin === 'user')).toHaveLength(2);
    expect(catalog.value.items.length).toBeGreaterThan(100);
    const listed = await services.listSources({});
    expect(listed).toMatchObject({ ok: true, value: { sources: [{ id: sourceId, itemCount: 2, outlet: '南京市人民政府' }], notices: [] } });
    // A second batch goes into the same source.
    const more = await services.acceptCandidates({ source: { id: sourceId }, items: [accepted(candidates.find((c) => c.valueText === '32.6万人')!)] });
    expect(more.ok).toBe(true);
    await close();
  });

  it('an item whose quote is not in its source is refused, nothing written', async () => {
    const { services, dataDir, close } = setup();
    const result = await services.acceptCandidates({
      source: { title: '测试', outlet: '测试', date: '2025-01-01', docNumber: null, paragraphs: ['南京市地区生产总值1.85万亿元。'] },
      items: [{ ...accepted({ kind: 'measure', subject: '别的', quote: '不在原文里', paragraph: 1, city: '南京' } as ReviewCandidate), value: null }],
    });
    expect(result).toMatchObject({ ok: false, code: 'LIBRARY_INVALID' });
    expect(() => readFileSync(join(dataDir, 'library', 'user-library.json'))).toThrow();
    await close();
  });

  it('a newer figure of the same metric and place supersedes the older; 校对 warns a draft citing the older', async () => {
    const { services, close } = setup();
    const text = ['2025年南京市统计公报', '2025年南京市地区生产总值1.9万亿元。'];
    const extracted = await services.extractSource({ title: text[0]!, date: '2026-02-01', paragraphs: text });
    if (!extracted.ok) throw new Error(extracted.message);
    const c = extracted.value.candidates.find((x) => x.valueText === '1.9万亿元')!;
    expect(c).toMatchObject({ metric: 'gdp', year: 2025 });
    const old = (await services.listLibraryItems({})) as unknown as { ok: true; value: { items: { id: string; metric?: string; city: string; year?: number; qualifier?: string }[] } };
    const older = old.value.items.find((i) => i.metric === 'gdp' && i.city === '南京' && i.qualifier === 'actual' && (i.year ?? 0) < 2025)!;
    expect(older).toBeDefined();
    const result = await services.acceptCandidates({
      source: { title: text[0]!, outlet: '南京市统计局', date: '2026-02-01', docNumber: null, paragraphs: text },
      items: [accepted(c, { qualifier: 'actual' })],
    });
    if (!result.ok) throw new Error(JSON.stringify(result));
    expect(result.value.superseded).toContain(older.id);
    const detail = await services.getLibraryItem({ id: older.id });
    if (!detail.ok) throw new Error(detail.message);
    expect(detail.value.item.supersededBy).toBe(result.value.itemIds[0]);
    // 校对 on a draft that cites the older figure.
    const briefing = await services.createDraft({});
    if (!briefing.ok) throw new Error(briefing.message);
    const block = excerptFromItem({ ...detail.value.item, district: null, value: detail.value.item.value ?? null, unit: detail.value.item.unit ?? null, year: detail.value.item.year ?? null, qualifier: detail.value.item.qualifier ?? null, supersededBy: detail.value.item.supersededBy ?? null }, { id: detail.value.source.id, title: detail.value.source.title, outlet: detail.value.source.outlet, kind: detail.value.source.kind, date: detail.value.source.dateText }, 'b1');
    const draft = { ...briefing.value, blocks: [block] };
    const issues = proofread(draft, { item: (id: string) => (id === older.id ? { ...detail.value.item, district: null, supersededBy: detail.value.item.supersededBy ?? null } as never : undefined), indicators: [] } as never);
    expect(issues.filter((i) => i.code === 'item-superseded')).toHaveLength(1);
    await close();
  });

  it('removing a source removes its items from the library; a draft keeps the frozen copy it cites', async () => {
    const { services, dispatch, close } = setup([report]);
    const imported = await services.importSource({});
    if (!imported.ok) throw new Error(imported.message);
    const { source, candidates } = imported.value;
    const accept = await services.acceptCandidates({
      source: { title: source.title!, outlet: '南京市人民政府', date: source.date!, docNumber: null, paragraphs: source.paragraphs },
      items: [accepted(candidates.find((c) => c.valueText === '1200家')!)],
    });
    if (!accept.ok) throw new Error(accept.message);
    const itemId = accept.value.itemIds[0]!;
    const detail = await services.getLibraryItem({ id: itemId });
    if (!detail.ok) throw new Error(detail.message);
    const created = await services.createDraft({});
    if (!created.ok) throw new Error(created.message);
    const draft = { ...created.value, blocks: [...created.value.blocks, { id: 'cited', type: 'excerpt' as const, itemId, frozen: detail.value.frozen }] };
    const saved = await dispatch('draft:save', { draft });
    expect(saved.ok).toBe(true);
    expect(await services.removeSource({ id: accept.value.sourceId })).toEqual({ ok: true, value: { removedItems: 1 } });
    expect(await services.getLibraryItem({ id: itemId })).toMatchObject({ ok: false, code: 'LIBRARY_ITEM_NOT_FOUND' });
    expect(await services.listSources({})).toMatchObject({ ok: true, value: { sources: [] } });
    const reopened = await services.getDraft({ id: draft.id });
    if (!reopened.ok) throw new Error(reopened.message);
    const block = reopened.value.blocks.find((b) => b.id === 'cited');
    expect(block).toMatchObject({ type: 'excerpt', itemId, frozen: { quote: detail.value.frozen.quote, citation: { sourceTitle: '2025年南京市政府工作报告（节选）', outlet: '南京市人民政府' } } });
    // 校对 says the item is gone (a warning), the figure stays in the draft.
    const issues = proofread(reopened.value, { item: () => null, indicators: [] } as never);
    expect(issues.filter((i) => i.code === 'item-missing').map((i) => i.severity)).toEqual(['warning']);
    expect(await services.removeSource({ id: accept.value.sourceId })).toMatchObject({ ok: false, code: 'LIBRARY_SOURCE_NOT_FOUND' });
    await close();
  });

  it('a damaged user library is moved aside and reported; the bundled library still serves, and accepting starts a new file', async () => {
    const { services, dataDir, close } = setup([], (dir) => {
      mkdirSync(join(dir, 'library'));
      writeFileSync(join(dir, 'library', 'user-library.json'), '{"schemaVersion":1,"sources":[{"id":');
    });
    const found = await services.searchLibrary({ query: '研发投入', filters: {}, limit: 5, offset: 0 });
    expect(found.ok && found.value.hits.length).toBeGreaterThan(0);
    const listed = await services.listSources({});
    if (!listed.ok) throw new Error(listed.message);
    expect(listed.value.sources).toEqual([]);
    expect(listed.value.notices).toHaveLength(1);
    expect(readFileSync(listed.value.notices[0]!.movedTo, 'utf8')).toBe('{"schemaVersion":1,"sources":[{"id":');
    expect(existsSync(join(dataDir, 'library', 'user-library.json'))).toBe(false);
    const text = ['南京市统计公报', '南京市地区生产总值1.9万亿元。'];
    const accepted2 = await services.acceptCandidates({
      source: { title: text[0]!, outlet: '南京市统计局', date: '2026-02-01', docNumber: null, paragraphs: text },
      items: [{ ...accepted({ kind: 'measure', subject: '统计公报', quote: text[1]!, paragraph: 2, city: '南京' } as ReviewCandidate), value: null }],
    });
    expect(accepted2.ok).toBe(true);
    expect(existsSync(join(dataDir, 'library', 'user-library.json'))).toBe(true);
    await close();
  });
});
