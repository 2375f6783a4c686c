import { describe, expect, it } from 'vitest';
import { parseBriefing } from '../../shared/briefing';
import { splitUnit, type LibraryItem, type LibrarySourceSummary } from '../../shared/library';
import { formatCitation, toFrozenItem } from '../library';
import { bundledLibrary } from '../library/test-support';
import { barChart, blockText, comparisonTable, deriveItem, excerptFromItem, linkedFigureRun, statementParagraph, type LibraryItemLike, type LibrarySourceLike } from '.';
import { byId, emptyBriefing, items, source } from './fixtures.test-support';

/** The fixtures' other article (the items of src-1 cite it). */
const article1: LibrarySourceLike = { id: 'src-1', title: 'DeepSeek为什么会出现在杭州?', outlet: '上海证券报', originalPublisher: '新华日报“交汇点”客户端', date: '2025年2月7日' };

describe('statements and excerpts from library items', () => {
  it('makes an indicator a paragraph around its linked figure, with the clause of its quote, full-width', () => {
    const block = statementParagraph(byId('nj-ttr')!, source, 'p1');
    expect(block.type).toBe('paragraph');
    expect(block.runs.map((r) => r.text)).toEqual(['南京技术转化率仅为', '28%', '（江苏省科技厅2023年数据）。']);
    const figure = block.runs[1]!;
    expect(figure.link?.itemId).toBe('nj-ttr');
    expect(figure.link?.frozen.figure).toEqual({ value: 28, unit: '%', year: 2023, qualifier: 'actual' });
    expect(figure.link?.frozen.citation).toEqual({ sourceId: 'src-3', sourceTitle: source.title, outlet: '上海证券报', date: '2025-02-08', paragraph: 12 });
    expect(block.runs[0]!.link).toBeUndefined();
    expect(blockText(block)).toBe('南京技术转化率仅为28%（江苏省科技厅2023年数据）。');
    expect(parseBriefing({ ...emptyBriefing(), blocks: [block] }).ok).toBe(true);
  });

  it('builds the wording from place and metric when the clause does not name it', () => {
    expect(blockText(statementParagraph(byId('hz-ttr')!, source, 'p2'))).toBe('杭州技术转化率为45%。');
    expect(blockText(statementParagraph(byId('hz-rd')!, article1, 'p3'))).toBe('杭州全社会研发投入强度力争突破4%。');
  });

  it('links a figure as written, with a given frozen copy or one made from the item; a measure has none', () => {
    const run = linkedFigureRun(byId('nj-pe')!, undefined, source)!;
    expect(run.text).toBe('2800亿元');
    expect(linkedFigureRun(byId('nj-pe')!, run.link!.frozen)).toEqual(run);
    expect(linkedFigureRun(byId('hz-shuangpin')!, undefined, article1)).toBeUndefined();
    expect(statementParagraph(byId('hz-shuangpin')!, article1, 'p4').runs).toEqual([{ text: '杭州经济技术开发区推行“双聘制”' }]);
  });

  it('keeps an excerpt as the verbatim quote, indicator or measure', () => {
    expect(blockText(excerptFromItem(byId('nj-ttr')!, source, 'e0'))).toBe(byId('nj-ttr')!.quote);
    const block = excerptFromItem(byId('hz-shuangpin')!, article1, 'e4');
    expect(Object.keys(block).sort()).toEqual(['frozen', 'id', 'itemId', 'type']);
    expect(blockText(block)).toBe('杭州经济技术开发区推行“双聘制”');
    expect(block.frozen.district).toBe('经济技术开发区');
  });

  it('cites the source as the library does: 上海证券报（原载…）, the date as printed', () => {
    expect(excerptFromItem(byId('hz-shuangpin')!, article1, 'e5').frozen.citation).toEqual({
      sourceId: 'src-1',
      sourceTitle: 'DeepSeek为什么会出现在杭州?',
      outlet: '上海证券报（原载新华日报“交汇点”客户端）',
      date: '2025年2月7日',
      paragraph: 8,
    });
  });

  it('cites by source id only when the source is unknown, and refuses a source the item does not cite', () => {
    expect(excerptFromItem(byId('hz-rd')!, undefined, 'e6').frozen.citation).toEqual({ sourceId: 'src-1', sourceTitle: '', outlet: '', date: '', paragraph: 5 });
    expect(() => excerptFromItem(byId('hz-rd')!, source, 'e7')).toThrow(/cites src-1, not src-3/);
  });
});

describe('comparison tables', () => {
  it('fills cities × metrics from the library, converting units and marking derived values 推算', () => {
    const table = comparisonTable(items, ['技术转化率', '私募基金管理规模'], ['南京', '杭州'], 't1', { ratioRow: true });
    expect(table.columns).toEqual([{ label: '技术转化率', unit: '%' }, { label: '私募基金管理规模', unit: '亿元' }]);
    expect(table.rows[0]).toEqual({ label: '南京', cells: [{ text: '28', value: 28, itemId: 'nj-ttr' }, { text: '2800', value: 2800, itemId: 'nj-pe' }] });
    expect(table.rows[1]!.cells[1]).toEqual({ text: '6100', value: 6100, itemId: 'hz-pe', derived: true });
    expect(table.rows[2]!.label).toBe('南京为杭州的倍数');
    expect(table.rows[2]!.cells.map((c) => [c.text, c.derived])).toEqual([['0.62倍', true], ['0.46倍', true]]);
    expect(table.note).toBeUndefined();
    expect(parseBriefing({ ...emptyBriefing(), blocks: [table] }).ok).toBe(true);
  });

  it('shows — for a city without the figure', () => {
    const table = comparisonTable(items, ['研发投入强度'], ['南京', '杭州'], 't2');
    expect(table.rows.map((r) => r.cells[0]!.text)).toEqual(['—', '4']);
  });
});

describe('bar charts', () => {
  it('draws one bar per indicator in the first unit; measures are skipped', () => {
    const { block, skipped } = barChart([byId('nj-pe')!, byId('hz-pe')!, byId('hz-shuangpin')!], 'c1');
    expect(block.unit).toBe('亿元');
    expect(block.title).toBe('私募基金管理规模对比');
    expect(block.bars).toEqual([
      { label: '南京', value: 2800, itemId: 'nj-pe' },
      { label: '杭州', value: 6100, itemId: 'hz-pe', derived: true },
    ]);
    expect(skipped.map((s) => s.id)).toEqual(['hz-shuangpin']);
  });
});

describe('derived values (推算)', () => {
  it('computes 杭州 私募基金管理规模 from 南京 2800亿元 and “仅为杭州的46%” and marks it 推算 in tables', () => {
    const nj = { ...byId('nj-pe')! };
    const ratio = { id: 'nj-vs-hz', kind: 'indicator' as const, city: '南京', subject: '私募基金管理规模相当于杭州的比例', metric: '私募基金管理规模相当于杭州的比例', value: 46, unit: '%', baseValue: 46, quote: '仅为杭州的46%', sourceId: 'src-3', paragraph: 14 };
    const hz = deriveItem(
      { id: 'hz-pe-derived', city: '杭州', year: 2023, op: 'divide-by-percent', operands: ['nj-pe', 'nj-vs-hz'], unit: '亿元', note: '推算：南京2800亿元除以“仅为杭州的46%”。' },
      [nj, ratio],
      '私募基金管理规模',
      1e8,
    )!;
    expect(hz).toMatchObject({ value: 6087, unit: '亿元', derived: true, city: '杭州' });
    const table = comparisonTable([nj, hz], ['私募基金管理规模'], ['南京', '杭州'], 't');
    expect(table.rows[1]!.cells[0]).toEqual({ text: '6087', value: 6087, itemId: 'nj-pe', derived: true });
    expect(table.note).toContain('推算：南京2800亿元除以');
  });

  it('prefers a stated figure to a derived one', () => {
    const stated = { ...byId('hz-pe')! };
    const derived = { ...stated, id: 'd', value: 1, derived: true };
    expect(comparisonTable([derived, stated], ['私募基金管理规模'], ['杭州'], 't').rows[0]!.cells[0]!.itemId).toBe('hz-pe');
  });
});

describe('sources under tables and charts', () => {
  it('says which article and paragraphs every figure comes from, derived ones through their operands', () => {
    const sources = new Map([['src-3', source]]);
    const table = comparisonTable(items, ['技术转化率'], ['南京', '杭州'], 't', { sources });
    expect(table.note).toBe('资料来源：《杭州有DeepSeek,我们有什么?》，上海证券报，2025-02-08，第12段。');
    const { block } = barChart([byId('nj-pe')!, { ...byId('hz-pe')!, id: 'hz-d', derived: true, operands: ['nj-pe'], note: '推算：……' }], 'c', undefined, sources, items);
    expect(block.note).toBe('推算：……资料来源：《杭州有DeepSeek,我们有什么?》，上海证券报，2025-02-08，第14段。');
  });
});

// The bundled library as the editor sees it (renderer/state/library-model.ts): metric
// labels for keys, sources with the date as printed, the derived (推算) values as items.
const labels = new Map(bundledLibrary.metrics.map((m) => [m.key, m.label]));
const editorItem = (item: LibraryItem): LibraryItemLike => ({ ...item, metric: item.metric === undefined ? null : labels.get(item.metric)! });
const editorSource = (s: LibrarySourceSummary): LibrarySourceLike => ({ id: s.id, title: s.title, outlet: s.outlet, originalPublisher: s.originalPublisher, kind: s.kind, date: s.dateText });
const summaries = bundledLibrary.sources.map(({ paragraphs: _paragraphs, ...summary }) => summary as LibrarySourceSummary);
const summaryOf = (id: string) => summaries.find((s) => s.id === id)!;
const stated = bundledLibrary.items.map(editorItem);
const statedById = new Map(stated.map((i) => [i.id, i]));
const derived = bundledLibrary.derivations.map((d) => deriveItem(d, d.operands.map((id) => statedById.get(id)), labels.get(d.metric)!, splitUnit(d.unit).multiplier)!);
const library = [...stated, ...derived];
const editorSources = new Map(summaries.map((s) => [s.id, editorSource(s)]));

describe('the bundled library in the editor', () => {
  it('freezes every item exactly as the library panel and the main process do (toFrozenItem)', () => {
    for (const item of bundledLibrary.items) {
      const panel = toFrozenItem(item, summaryOf(item.sourceId));
      expect(excerptFromItem(editorItem(item), editorSource(summaryOf(item.sourceId)), 'e').frozen).toEqual(panel);
    }
  });

  it('derives 杭州’s private-fund scale (2800亿元 ÷ 46%) and GDP (1.85万亿元 + 3360亿元), marked 推算', () => {
    expect(derived.map((d) => [d.id, d.city, d.value, d.unit, d.derived])).toEqual([
      ['hz-gdp-2024-derived', '杭州', 2.186, '万亿元', true],
      ['hz-private-fund-aum-2023-derived', '杭州', 6087, '亿元', true],
    ]);
  });

  it('builds a table whose cells name the items and whose note cites them as their excerpts do', () => {
    const table = comparisonTable(library, ['技术转化率', '私募基金管理规模'], ['南京', '杭州'], 't', { ratioRow: true, sources: editorSources });
    expect(parseBriefing({ ...emptyBriefing(), blocks: [table] }).ok).toBe(true);
    expect(table.rows.map((r) => [r.label, ...r.cells.map((c) => `${c.text}${c.derived ? '*' : ''}`)])).toEqual([
      ['南京', '28', '2800'],
      ['杭州', '45', '6087*'],
      ['南京为杭州的倍数', '0.62倍*', '0.46倍*'],
    ]);
    expect(table.rows.flatMap((r) => r.cells.map((c) => c.itemId))).toEqual(['nj-tech-transfer-rate-2023', 'nj-private-fund-aum-2023', 'hz-tech-transfer-rate', 'nj-private-fund-aum-2023', undefined, undefined]);
    const frozen = toFrozenItem(bundledLibrary.items.find((i) => i.id === 'nj-tech-transfer-rate-2023')!, summaryOf('what-do-we-have'));
    const cited = formatCitation({ id: 'what-do-we-have', title: frozen.citation.sourceTitle, outlet: frozen.citation.outlet, dateText: frozen.citation.date }, { paragraph: [10, 18] });
    expect(table.note).toBe(`推算：南京私募基金管理规模2800亿元除以“仅为杭州的46%”。资料来源：${cited}。`);
    expect(table.note).toContain('《杭州有DeepSeek,我们有什么?》，上海证券报（原载新华日报“交汇点”客户端），2025年2月8日，第10、18段');
  });

  it('builds a chart whose note cites its sources as the library does', () => {
    const gdp = library.filter((i) => i.metric === '地区生产总值（GDP）');
    const { block } = barChart(gdp, 'c', undefined, editorSources, library);
    expect(block).toMatchObject({ title: '地区生产总值（GDP）对比', unit: '万亿元' });
    expect(block.bars).toEqual([
      { label: '南京', value: 1.85, itemId: 'nj-gdp-2024' },
      { label: '杭州', value: 2.186, itemId: 'nj-gdp-2024', derived: true },
    ]);
    expect(block.note).toBe(`推算：南京2024年GDP 1.85万亿元加上与杭州的差距3360亿元。资料来源：${formatCitation(summaryOf('what-do-we-have'), { paragraph: 3 })}。`);
  });
});
