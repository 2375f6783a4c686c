// Glyph coverage comes from the layout's own runs: whatever the layout draws is checked, where it
// is drawn (block, field, part of the page), with no list of strings kept beside the layout.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Block } from '../../shared/briefing';
import { parseTemplateJson, type Template } from '../../shared/template';
import { createBriefing } from '../briefing';
import { findMissingGlyphs } from '../fonts';
import { glyphPlaceWording, layoutBriefing, layoutCoverage, type LayoutInput } from '.';
import { fakeFace } from './test-support';

const root = join(import.meta.dirname, '..', '..', '..');
const t: Template = (() => {
  const parsed = parseTemplateJson(readFileSync(join(root, 'templates', 'gongzuo-jianbao.json'), 'utf8'));
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.value;
})();
// U+E000–U+F8FF have no glyph in the fake face.
const PUA = '\uE001';

function missingIn(blocks: Block[], extra: Partial<LayoutInput> = {}, meta: object = {}, title = '标题') {
  const briefing = createBriefing({
    id: 'b',
    template: { id: t.id, version: t.version },
    title,
    today: '2025-02-12',
    meta: { ...t.skeleton.meta, publisher: '市发展和改革委员会办公室', issueDate: '2025-02-12', ...meta },
    blocks,
  });
  const layout = layoutBriefing({ briefing, template: t, fonts: { chain: () => [fakeFace()] }, ...extra });
  return { missing: findMissingGlyphs(layoutCoverage(layout)), word: glyphPlaceWording(briefing) };
}

describe('glyph coverage from the layout’s runs', () => {
  it('finds a character in a table cell and names its block by id (worded 第N块 only when shown)', () => {
    const table: Block = { id: 't1', type: 'table', caption: '对比', columns: [{ label: 'GDP', unit: '万亿元' }], rows: [{ label: '南京', cells: [{ text: `1.85${PUA}` }] }] };
    const { missing, word } = missingIn([{ id: 'p1', type: 'paragraph', runs: [{ text: '正文。' }] }, table]);
    expect(missing).toEqual([{ char: PUA, codePoint: 0xe001, where: [{ blockId: 't1' }] }]);
    expect(word(missing[0]!.where[0]!)).toBe('第2块（对比表）');
  });

  it('finds a character of the title, the masthead and the 报尾 by field or part', () => {
    const { missing, word } = missingIn([], {}, { publisher: `发改委${PUA}`, distribution: { bao: [], song: [`市委${PUA}`], fa: [] } }, `标题${PUA}`);
    expect(missing).toHaveLength(1);
    expect(missing[0]!.where).toEqual([{ field: 'publisher' }, { field: 'title' }, { part: 'tail' }]);
    expect(missing[0]!.where.map(word)).toEqual(['编印单位', '标题', '报尾']);
  });

  it('checks what only an export draws: the copy’s 份号 and watermark', () => {
    const { missing } = missingIn([], { copyNumber: '000001', watermark: `市委${PUA}` });
    expect(missing[0]!.where).toEqual([{ part: 'watermark' }]);
  });

  it('finds nothing when every drawn character has its glyph', () => {
    expect(missingIn([{ id: 'p1', type: 'paragraph', runs: [{ text: '全部常用字，123。' }] }]).missing).toEqual([]);
  });
});
