// A second, hand-made reading of the articles: every figure they state, by place, value, unit,
// year and qualifier. The library must hold exactly these indicators, and the named measures.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { itemsFileSchema, type Qualifier } from '../../../src/shared/library';

const root = join(import.meta.dirname, '../../..');
const { items } = itemsFileSchema.parse(JSON.parse(readFileSync(join(root, 'resources/library/items.json'), 'utf8')));

/** [place (district or city), value, unit, year or null, qualifier] */
type Fact = [string, number, string, number | null, Qualifier];
const T = 'target';
const A = 'actual';
const C = 'comparison';
const H = 'threshold';

const expected: Fact[] = [
  // 《DeepSeek为什么会出现在杭州?》
  ['杭州', 10, '万', null, A], // 10万量级的数字经济人才
  ['余杭区', 1000, '亩', 2022, T], // 规划千亩AI产业园
  ['杭州', 1, '亿', null, A], // 钉钉亿级用户入口
  ['杭州', 53, '个', null, A], // 53个创新孵化器
  ['杭州', 287, '项', null, A], // 人才码 287项服务
  ['杭州', 6, '年', null, A], // 连续6年人才净流入率全国第一
  ['杭州', 40, '%', null, A], // 模型训练成本降低40%
  ['杭州', 18, '个月', null, H], // 18个月失业保险
  // 《“六小龙”出圈杭州趁势憋大招》
  ['杭州', 4, '%', 2025, T], // 研发投入强度突破4%
  ['杭州', 3.9, '%', 2025, T], // 研发费用占营收3.9%以上
  ['杭州', 1, '万亿元', 2025, T], // 智能物联产业营收规模
  ['杭州', 1, '万亿元', 2025, T], // 生产性服务业增加值
  ['杭州', 15, '%', 2025, T], // 三个15% ×3
  ['杭州', 15, '%', 2025, T],
  ['杭州', 15, '%', 2025, T],
  ['杭州', 8, '年', 2025, A], // 强脑科技在杭州的第八年
  ['杭州', 10, '家', 2025, T], // 科技领军企业
  ['杭州', 15, '名', 2025, T], // 顶尖人才
  ['杭州', 500, '名', 2025, T], // 各级领军人才
  ['杭州', 35, '万名', 2025, T], // 35岁以下大学生
  ['杭州', 2000, '家', 2025, T], // 国高企
  ['杭州', 500, '家', 2025, T], // 小升规
  ['杭州', 500, '家', 2025, T], // 小巨人累计
  ['杭州', 70, '%', 2025, T], // 高新技术产业增加值占比
  ['萧山区', 4, '%', 2025, T], // R&D 达到4%
  ['富阳区', 3, '万人', 2025, T], // 引进大学生超3万人
  // 《杭州有DeepSeek,我们有什么?》
  ['苏州', 2500, '亿元', null, A],
  ['南京', 10, '名', null, H], // 全国前十门槛
  ['南京', 10, '名', 2024, A], // 位列第十
  ['南京', 1.85, '万亿元', 2024, A],
  ['南京', 3360, '亿元', 2024, C],
  ['南京', 1.5, '万亿元', 2023, A],
  ['南京', 42, '%', 2023, A],
  ['南京', 38, '%', 2023, A],
  ['南京', 16, '项', null, A],
  ['南京', 10, '万次', null, A],
  ['南京', 28, '%', 2023, A],
  ['杭州', 45, '%', 2023, C],
  ['南京', 54, '项', null, A],
  ['南京', 60, '%', null, A],
  ['南京', 50, '亿元', null, A],
  ['江宁区', 12, '%', null, A],
  ['南京', 0.5, '天', null, A],
  ['南京', 32, '%', 2023, A],
  ['南京', 2800, '亿元', 2023, A],
  ['南京', 46, '%', 2023, C],
  ['南京', 70, '%', 2023, A],
  ['南京', 1, '亿元', null, H], // 亿元级“天使赌注”
  ['南京', 53, '所', null, A],
  ['南京', 30, '万', null, A],
  ['南京', 18, '%', 2023, A],
  ['南京', 15, '年', null, A], // 埃斯顿用15年
  ['南京', 0.02, '毫米', null, A],
  ['南京', 5, '年', null, C], // 领先欧美至少五年
  ['德国', 78, '%', null, A],
  ['浦口区', 12, '家', null, A],
  ['南京', 7.6, '平方公里', null, A],
  ['南京', 32, '个', null, T],
  ['南京', 40, '%', null, A], // 新药研发周期缩短40%
  ['南京', 100, '倍', null, C], // 较5G提升百倍
  ['南京', 8, '万家', null, A],
  ['南京', 20, '倍', null, C],
  ['南京', 15, '个', null, A], // 每年15个一类新药
  ['南京', 53, '家', null, A], // 《技术向善公约》
  ['江北新区', 23, '个', null, A],
];

const key = (f: Fact) => f.map((x) => (x === null ? '—' : String(x))).join(' ');

describe('the figures of the articles', () => {
  it('are exactly the indicators of the library (place, value, unit, year, qualifier)', () => {
    const actual = items
      .filter((i) => i.kind === 'indicator')
      .map((i): Fact => [i.district ?? i.city, i.value!, i.unit!, i.year ?? null, i.qualifier!]);
    expect(actual.map(key).sort()).toEqual(expected.map(key).sort());
  });
});

describe('the measures of the articles', () => {
  it.each([
    ['双聘制', '杭州经济技术开发区'],
    ['人才码', undefined],
    ['三个15%', undefined],
    ['“宁满意”工程', undefined],
    ['成果转化中心', '萧山区'], // 萧山区成果转化中心
    ['新型院企联合研究中心', '萧山区'],
    ['北斗七星', '萧山区'],
    ['西湖区英才计划', '西湖区'],
    ['建链强圈', '上城区'],
    ['科技创新鼎', '富阳区'],
    ['科技成果产业化基地', '建德市'],
    ['之江实验室', undefined],
    ['城市大脑', undefined],
    ['创新活力之城', undefined],
    ['《技术向善公约》', undefined],
    ['基因之城', '江北新区'],
    ['长江航运科技园', undefined],
  ])('%s is a measure (district %s)', (name, district) => {
    const item = items.find((i) => i.name === name);
    expect(item?.kind).toBe('measure');
    expect(item?.district).toBe(district);
  });

  it('links each measure to the indicator of its figure', () => {
    const related = (id: string) => items.find((i) => i.id === id)?.related ?? [];
    expect(related('hz-three-15-policy-2025')).toHaveLength(3);
    expect(related('nj-ning-manyi')).toEqual(['nj-business-startup-days']);
    expect(related('hz-talent-code')).toEqual(['hz-talent-code-services']);
  });
});
