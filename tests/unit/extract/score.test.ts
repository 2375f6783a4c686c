// The extractor scored blind against two gold sets: the bundled library (three articles, every
// indicator and measure, exclusions for numerals that are not facts) and a hand-annotated
// 政府工作报告-style text read through the .txt reader. Floors at what it reaches today, so a
// regression fails; the figures are printed for the closing note.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { documentPlace } from '../../../src/core/extract';
import { readSource } from '../../../src/main/sources';
import { scoreLibrary, scoreText } from './score';

const root = join(import.meta.dirname, '..', '..', '..');

describe('extractor scores', () => {
  it('on the bundled library: ≥ 95% indicator recall, ≥ 90% precision, values, units and base values right', () => {
    const score = scoreLibrary(join(root, 'resources', 'library'));
    console.log(`library: recall ${score.recall}, precision ${score.precision}, correct ${JSON.stringify(score.correct)}, measures ${JSON.stringify(score.measures)}`);
    expect(score.recall).toBeGreaterThanOrEqual(0.95);
    expect(score.precision).toBeGreaterThanOrEqual(0.9);
    expect(score.correct.value).toBeGreaterThanOrEqual(0.95);
    expect(score.correct.unit).toBeGreaterThanOrEqual(0.95);
    expect(score.correct.baseValue).toBeGreaterThanOrEqual(0.95);
    expect(score.correct.qualifier).toBeGreaterThanOrEqual(0.9);
    expect(score.correct.year).toBeGreaterThanOrEqual(0.9);
    expect(score.correct.city).toBeGreaterThanOrEqual(0.95);
    expect(score.measures.recall).toBeGreaterThanOrEqual(0.8);
  });

  it('on a hand-annotated work report read from .txt: every numeral accounted for', async () => {
    const read = await readSource(join(root, 'tests', 'fixtures', 'sources', 'report.txt'));
    if (!read.ok) throw new Error(read.message);
    expect(read.value).toMatchObject({ title: '2025年南京市政府工作报告（节选）', date: '2025-01-15', publisher: '南京市人民政府' });
    const score = scoreText(read.value.paragraphs, join(root, 'tests', 'fixtures', 'sources', 'report.gold.json'), { year: 2025, city: documentPlace(read.value.title ?? '', read.value.paragraphs) });
    console.log(`report: recall ${score.recall}, precision ${score.precision}, correct ${JSON.stringify(score.correct)}, measures ${JSON.stringify(score.measures)}, missed ${score.missed.join('、')}`);
    expect(score.recall).toBe(1);
    expect(score.precision).toBe(1);
    expect(score.correct).toMatchObject({ value: 1, unit: 1, baseValue: 1 });
    expect(score.correct.qualifier).toBeGreaterThanOrEqual(0.95);
    expect(score.correct.year).toBeGreaterThanOrEqual(0.95);
    expect(score.measures.found).toBeGreaterThanOrEqual(2);
  });
});
