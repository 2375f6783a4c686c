import { describe, expect, it } from 'vitest';
import { BRIEFING_SCHEMA_VERSION, briefingSchema, parseBriefing, storedBriefingSchema } from '..';
import { LATEST_BRIEFING_VERSION, briefingMigrations, migrateBriefing } from '.';

const citation = { sourceId: 'src-3', sourceTitle: '杭州有DeepSeek,我们有什么?', outlet: '上海证券报', date: '2025-02-08', paragraph: 12 };
const frozen = { kind: 'indicator', city: '南京', subject: '技术转化率', quote: '但技术转化率仅为28%(江苏省科技厅2023年数据)', figure: { value: 28, unit: '%', year: 2023 }, citation };

/** A v1 briefing with a statement, a quote excerpt with its default mode left out, and one with it written. */
function v1(): Record<string, unknown> {
  return {
    schemaVersion: 1,
    id: 'd1',
    title: '差距分析',
    meta: {
      seriesName: '工作简报', issueNumber: 1, totalIssueNumber: null, publisher: '', docNumber: '', issueDate: '2025-02-08', classification: '',
      urgency: '', printCopyNumber: false, distribution: { bao: [], song: [], fa: [] }, copies: null, editorNote: '', watermark: '',
    },
    template: { id: 'gongzuo-jianbao', version: '1.0.0' },
    blocks: [
      { id: 'h1', type: 'heading', level: 1, text: '差距' },
      { id: 'x1', type: 'excerpt', itemId: 'nj-ttr', frozen, mode: 'statement', before: '一是成果转化不畅。技术转化率仅为', after: '，远低于杭州。' },
      { id: 'x2', type: 'excerpt', itemId: 'nj-ttr', frozen, mode: 'quote' },
      { id: 'x3', type: 'excerpt', itemId: 'nj-ttr', frozen },
      { id: 'x4', type: 'excerpt', itemId: 'nj-ttr', frozen: { ...frozen, figure: { value: 1.85, unit: '万亿元' } }, mode: 'statement', before: '', after: '' },
    ],
  };
}

describe('briefing migrations', () => {
  it('are numbered in order and reach the version this build writes', () => {
    expect(briefingMigrations.map((m) => m.version)).toEqual(briefingMigrations.map((_, i) => i + 2));
    expect(LATEST_BRIEFING_VERSION).toBe(BRIEFING_SCHEMA_VERSION);
  });

  it('v1 → v2: a statement excerpt becomes a paragraph with the same id, its figure a linked run between the words', () => {
    const migrated = migrateBriefing(v1()) as { schemaVersion: number; blocks: unknown[] };
    expect(migrated.schemaVersion).toBe(2);
    expect(migrated.blocks[1]).toEqual({
      id: 'x1',
      type: 'paragraph',
      runs: [{ text: '一是成果转化不畅。技术转化率仅为' }, { text: '28%', link: { itemId: 'nj-ttr', frozen } }, { text: '，远低于杭州。' }],
    });
    // empty words are dropped; the figure is written as v1 printed it
    expect(migrated.blocks[4]).toMatchObject({ id: 'x4', type: 'paragraph', runs: [{ text: '1.85万亿元', link: { itemId: 'nj-ttr' } }] });
  });

  it('v1 → v2: a quote excerpt keeps only id, type, item and frozen copy', () => {
    const migrated = migrateBriefing(v1()) as { blocks: unknown[] };
    expect(migrated.blocks[2]).toEqual({ id: 'x2', type: 'excerpt', itemId: 'nj-ttr', frozen });
    expect(migrated.blocks[3]).toEqual({ id: 'x3', type: 'excerpt', itemId: 'nj-ttr', frozen });
  });

  it('the result validates, and parseBriefing and the stored-briefing schema migrate v1 before validating', () => {
    expect(briefingSchema.safeParse(migrateBriefing(v1())).success).toBe(true);
    expect(briefingSchema.safeParse(v1()).success).toBe(false);
    const parsed = parseBriefing(v1());
    expect(parsed.ok && parsed.value.schemaVersion).toBe(2);
    expect(storedBriefingSchema.parse(v1())).toEqual(parsed.ok ? parsed.value : undefined);
  });

  it('is idempotent and leaves the input alone', () => {
    const input = v1();
    const before = JSON.stringify(input);
    const once = migrateBriefing(input);
    expect(migrateBriefing(once)).toBe(once);
    expect(migrateBriefing(migrateBriefing(input))).toEqual(once);
    expect(JSON.stringify(input)).toBe(before);
  });

  it('leaves a newer version and non-briefings to the caller', () => {
    const newer = { ...v1(), schemaVersion: 3 };
    expect(migrateBriefing(newer)).toBe(newer);
    for (const value of [null, 7, 'x', [], { schemaVersion: '1' }, { schemaVersion: 0 }]) expect(migrateBriefing(value)).toBe(value);
    const refused = parseBriefing(newer);
    expect(refused.ok ? 'ok' : refused.code).toBe('NEWER_VERSION');
  });

  it('v2 refuses a linked run without a figure or without text', () => {
    const migrated = migrateBriefing(v1()) as { blocks: { runs?: { text: string; link?: { frozen: Record<string, unknown> } }[] }[] };
    const noFigure = structuredClone(migrated);
    delete noFigure.blocks[1]!.runs![1]!.link!.frozen.figure;
    expect(parseBriefing(noFigure).ok).toBe(false);
    const empty = structuredClone(migrated);
    empty.blocks[1]!.runs![1]!.text = '';
    expect(parseBriefing(empty).ok).toBe(false);
    // and a v2 excerpt may not carry the old fields
    const stale = structuredClone(migrated) as { blocks: Record<string, unknown>[] };
    stale.blocks[2] = { ...stale.blocks[2], mode: 'quote' };
    expect(parseBriefing(stale).ok).toBe(false);
  });
});
