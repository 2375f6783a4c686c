import { describe, expect, it } from 'vitest';
import { extractCandidates, type Candidate } from './extract';
import { documentPlace } from './gazetteer';

const indicators = (text: string, options = { year: 2025, city: '南京' }): Candidate[] => extractCandidates(text.split('\n'), options).filter((c) => c.kind === 'indicator');
const one = (text: string) => {
  const found = indicators(text);
  expect(found, JSON.stringify(found.map((c) => c.valueText))).toHaveLength(1);
  return found[0]!;
};

describe('indicators', () => {
  it('reads 1.85万亿元 with its base value, and keeps the unit as written', () => {
    const c = one('2024年南京以1.85万亿元GDP总量位列长三角第四。'.replace('位列长三角第四', '居前'));
    expect(c).toMatchObject({ value: 1.85, unit: '万亿元', baseValue: 1.85e12, baseUnit: '元', year: 2024, city: '南京', qualifier: 'actual' });
    expect(c.valueText).toBe('1.85万亿元');
  });

  it('reads Chinese numerals with magnitudes (两千零五十亿元, 三千三百六十亿元)', () => {
    expect(one('全市数字经济核心产业增加值达到两千零五十亿元。')).toMatchObject({ value: 2050, unit: '亿元', baseValue: 205e9 });
    expect(one('与杭州的差距扩大至三千三百六十亿元。')).toMatchObject({ value: 3360, baseValue: 336e9, qualifier: 'comparison' });
  });

  it('reads ranges, bounds, percentages and points', () => {
    const range = one('全年经济增长预期目标为5%—5.5%。');
    expect(range).toMatchObject({ value: 5, valueHigh: 5.5, unit: '%', qualifier: 'target', year: 2025 });
    expect(one('研发投入强度力争突破4%。')).toMatchObject({ value: 4, bound: 'above', qualifier: 'target', valueText: '突破4%' });
    expect(one('新增就业约12万人。')).toMatchObject({ value: 12, unit: '万人', baseValue: 120000, baseUnit: '人', bound: 'about' });
    expect(one('引进人才15名以上。')).toMatchObject({ value: 15, bound: 'above', valueText: '15名以上' });
    expect(one('城镇调查失业率比上年下降0.3个百分点。')).toMatchObject({ value: 0.3, unit: '个百分点', qualifier: 'comparison' });
  });

  it('reads counts with measure words, ranks and durations', () => {
    expect(one('全市共有高新技术企业8000家。')).toMatchObject({ value: 8000, unit: '家' });
    expect(one('人才净流入率连续6年居全国首位。')).toMatchObject({ value: 6, unit: '年' });
    expect(one('南京GDP总量位列第十。')).toMatchObject({ value: 10, unit: '名' });
  });

  it('does not propose dates, section numbers, document numbers or names as facts', () => {
    const text = ['一、总体要求', '（二）主要目标', '3.加快建设', '根据《关于促进科技创新的若干措施》（宁政发〔2025〕3号），2月7日印发。', '推进5G基站和PM2.5治理，落实“十四五”规划和“1+8”体系。', '我们将进一步优化营商环境，建设一批一流平台。'].join('\n');
    expect(indicators(text).map((c) => c.valueText)).toEqual([]);
    const names = extractCandidates(text.split('\n'), { year: 2025 }).filter((c) => c.kind === 'name').map((c) => c.valueText);
    expect(names).toEqual(expect.arrayContaining(['5']));
  });

  it('gives the verbatim sentence or the clause between semicolons, and the offset of the number in the text', () => {
    const paragraphs = ['第一段。', '全年新增城镇就业12万人；居民人均可支配收入增长5%。'];
    const found = extractCandidates(paragraphs, { year: 2025 }).filter((c) => c.kind === 'indicator');
    expect(found.map((c) => c.quote)).toEqual(['全年新增城镇就业12万人', '居民人均可支配收入增长5%。']);
    const text = paragraphs.join('\n');
    for (const c of found) {
      expect(c.paragraph).toBe(2);
      expect(text.slice(c.offset, c.offset + String(c.value).length)).toBe(String(c.value));
    }
    expect(found[0]!.year).toBe(2025);
  });

  it('names the place: a district before the figure, a comparison partner never, else the document’s place', () => {
    expect(one('江宁区集聚生物医药企业300家。')).toMatchObject({ city: '南京', district: '江宁区' });
    expect(one('南京私募基金管理规模仅为杭州的46%。')).toMatchObject({ city: '南京', qualifier: 'comparison' });
    expect(one('规上工业增加值增长8%。')).toMatchObject({ city: '南京', district: null });
    expect(documentPlace('杭州有DeepSeek，我们有什么？', ['南京的产业。', '南京要学习。', '南京的差距。', '杭州很强。'])).toBe('南京');
  });
});

describe('measures', () => {
  it('finds a programme a sentence announces, with its name', () => {
    const found = extractCandidates(['2017年之江实验室成立，2022年余杭区规划千亩AI产业园。', '市政府印发《关于支持人工智能发展的若干政策》。'], { year: 2025, city: '杭州' }).filter((c) => c.kind === 'measure');
    expect(found.map((c) => c.name)).toEqual(expect.arrayContaining(['之江实验室', '关于支持人工智能发展的若干政策']));
    expect(found.find((c) => c.name === '之江实验室')?.year).toBe(2017);
  });
});
