// The bundled library data (resources/library) against the seed text: verbatim sources, verbatim
// quotes, figures as written, known places and themes, unique ids, and shared metric keys.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  checkItemFigure,
  checkItemQuote,
  exclusionsFileSchema,
  findNumerals,
  isKnownCity,
  isKnownDistrict,
  isLibraryTheme,
  itemsFileSchema,
  sourcesFileSchema,
  validateLibraryData,
} from '../../../src/shared/library';

const root = join(import.meta.dirname, '../../..');
const readJson = (file: string): unknown => JSON.parse(readFileSync(join(root, 'resources/library', file), 'utf8'));
const sourcesFile = sourcesFileSchema.parse(readJson('sources.json'));
const itemsFile = itemsFileSchema.parse(readJson('items.json'));
const exclusionsFile = exclusionsFileSchema.parse(readJson('exclusions.json'));
const seed = readFileSync(join(import.meta.dirname, 'fixtures/articles.txt'), 'utf8');
const { items, metrics } = itemsFile;
const sources = new Map(sourcesFile.sources.map((s) => [s.id, s]));

describe('sources.json', () => {
  it('reproduces the seed text line by line (the seed holds its block twice)', () => {
    const block: string[] = [];
    for (const source of sourcesFile.sources) {
      if (source.titleLine) block.push(source.titleLine);
      block.push(...source.paragraphs.map((p) => p.text));
    }
    block.push(sourcesFile.attribution!);
    const text = block.join('\n');
    expect(seed).toBe(`${text}\n${text}`);
  });

  it('has the introduction and the three articles with outlet, publisher and dates', () => {
    expect(sourcesFile.sources.map((s) => [s.id, s.title, s.outlet, s.originalPublisher ?? null, s.date])).toEqual([
      ['intro', '导语', '上海证券报', null, '2025-02'],
      ['why-hangzhou', 'DeepSeek为什么会出现在杭州?', '上海证券报', '新华日报“交汇点”客户端', '2025-02-07'],
      ['six-little-dragons', '“六小龙”出圈杭州趁势憋大招', '上海证券报', null, '2025-02'],
      ['what-do-we-have', '杭州有DeepSeek,我们有什么?', '上海证券报', '新华日报“交汇点”客户端', '2025-02-08'],
    ]);
  });

  it('prints each date as its ISO date says', () => {
    for (const s of sourcesFile.sources) {
      const [y, m, d] = s.date.split('-').map(Number);
      expect(s.dateText).toBe(`${y}年${m}月${d === undefined ? '' : `${d}日`}`);
    }
  });
});

describe('items.json', () => {
  it('passes every cross-file check', () => {
    expect(validateLibraryData(sourcesFile, itemsFile)).toEqual([]);
  });

  it('has unique ids', () => {
    const ids = items.map((i) => i.id);
    expect(ids.filter((id, k) => ids.indexOf(id) !== k)).toEqual([]);
  });

  it('quotes every item verbatim from the paragraph it cites', () => {
    const bad = items.filter((i) => checkItemQuote(i, sources.get(i.sourceId)) !== undefined).map((i) => i.id);
    expect(bad).toEqual([]);
  });

  it('quotes whole sentences or clauses (starting after a sentence or clause boundary)', () => {
    const bad = items.filter((item) => {
      const text = sources.get(item.sourceId)!.paragraphs[item.paragraph - 1]!.text;
      const at = text.indexOf(item.quote);
      const before = text.slice(0, at);
      return !(at === 0 || /[。?!;…”“‘]$/.test(before));
    });
    expect(bad.map((i) => i.id)).toEqual([]);
  });

  it('writes every programme name as its quote does', () => {
    const bad = items.filter((i) => i.name !== undefined && !i.quote.includes(i.name)).map((i) => `${i.id}: ${i.name}`);
    expect(bad).toEqual([]);
  });

  it('gives every indicator a value, a unit as written and a metric key', () => {
    for (const item of items.filter((i) => i.kind === 'indicator')) {
      expect(item.value, item.id).toBeTypeOf('number');
      expect(item.unit, item.id).toBeTruthy();
      expect(item.metric, item.id).toBeTruthy();
    }
  });

  it('writes every indicator value as its quote does', () => {
    const bad = items.flatMap((i) => checkItemFigure(i).map((p) => `${i.id}.${String(p.field)}：${p.message}`));
    expect(bad).toEqual([]);
  });

  it('names only known cities, districts and themes', () => {
    for (const item of items) {
      expect(isKnownCity(item.city), item.id).toBe(true);
      if (item.district) expect(isKnownDistrict(item.city, item.district), item.id).toBe(true);
      for (const theme of item.themes) expect(isLibraryTheme(theme), `${item.id}: ${theme}`).toBe(true);
    }
  });

  it('uses every metric key it defines', () => {
    const used = new Set(items.map((i) => i.metric));
    expect(metrics.filter((m) => !used.has(m.key)).map((m) => m.key)).toEqual([]);
  });

  it('shares metric keys across places where the text compares them', () => {
    const places = (key: string) => items.filter((i) => i.metric === key).map((i) => i.district ?? i.city).sort();
    expect(places('tech-transfer-rate')).toEqual(['南京', '杭州'].sort());
    expect(places('rd-intensity')).toEqual(['杭州', '萧山区'].sort());
    expect(places('graduates-recruited')).toEqual(['富阳区', '杭州'].sort());
    expect(places('private-fund-aum')).toEqual(['南京']);
  });

  it('gives the year with its basis, and items about a year-less fact no year', () => {
    for (const item of items) {
      if (item.yearBasis === 'stated') expect(item.quote.includes(String(item.year)), item.id).toBe(true);
    }
  });

  it('cites an existing item in every relation, both ways', () => {
    const byId = new Map(items.map((i) => [i.id, i]));
    for (const item of items) {
      for (const r of item.related ?? []) expect(byId.get(r)?.related ?? [], `${item.id} → ${r}`).toContain(item.id);
    }
  });
});

describe('exclusions.json', () => {
  it('quotes every context verbatim from the seed and lists only numerals of that context', () => {
    for (const e of exclusionsFile.exclusions) {
      expect(seed.includes(e.context), e.id).toBe(true);
      const inContext = findNumerals(e.context).map((n) => n.text);
      for (const numeral of e.numerals) expect(inContext, `${e.id}: ${numeral}`).toContain(numeral);
    }
  });

  it('has unique ids and points only to existing items', () => {
    const ids = exclusionsFile.exclusions.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    const itemIds = new Set(items.map((i) => i.id));
    for (const e of exclusionsFile.exclusions) for (const id of e.seeItems ?? []) expect(itemIds.has(id), `${e.id} → ${id}`).toBe(true);
  });
});
