import type { ItemsFile, LibraryItem, LibrarySource, SourcesFile } from './schema';

// Small valid library fixtures for tests of the schemas, validation and search (not exported from
// the module's index: tests import this file directly).

export const fixtureSource: LibrarySource = {
  id: 'demo-article',
  kind: 'article',
  title: '示例文章',
  outlet: '上海证券报',
  originalPublisher: '新华日报“交汇点”客户端',
  date: '2025-02-08',
  dateText: '2025年2月8日',
  paragraphs: [
    { text: '小标题', heading: true },
    { text: '数据显示,南京技术转化率仅为28%(江苏省科技厅2023年数据),远低于杭州的45%。南京以1.85万亿元GDP总量位列第十。' },
    { text: '“宁满意”工程将企业开办时间压缩至0.5天。' },
  ],
};

export const fixtureIndicator: LibraryItem = {
  id: 'nj-tech-transfer-rate-2023',
  kind: 'indicator',
  city: '南京',
  subject: '技术转化率',
  value: 28,
  unit: '%',
  valueText: '28%',
  baseValue: 28,
  baseUnit: '%',
  qualifier: 'actual',
  year: 2023,
  yearBasis: 'stated',
  metric: 'tech-transfer-rate',
  themes: ['科技成果转化'],
  quote: '数据显示,南京技术转化率仅为28%(江苏省科技厅2023年数据),远低于杭州的45%。',
  sourceId: 'demo-article',
  paragraph: 2,
};

export const fixtureGdp: LibraryItem = {
  id: 'nj-gdp-2024',
  kind: 'indicator',
  city: '南京',
  subject: 'GDP总量',
  value: 1.85,
  unit: '万亿元',
  valueText: '1.85万亿元',
  baseValue: 1850000000000,
  baseUnit: '元',
  qualifier: 'actual',
  year: 2024,
  yearBasis: 'stated',
  metric: 'gdp',
  themes: ['经济总量'],
  quote: '南京以1.85万亿元GDP总量位列第十。',
  sourceId: 'demo-article',
  paragraph: 2,
};

export const fixtureMeasure: LibraryItem = {
  id: 'nj-ning-manyi',
  kind: 'measure',
  city: '南京',
  name: '“宁满意”工程',
  subject: '“宁满意”工程压缩企业开办时间',
  themes: ['营商环境'],
  quote: '“宁满意”工程将企业开办时间压缩至0.5天。',
  sourceId: 'demo-article',
  paragraph: 3,
};

export function fixtureSourcesFile(): SourcesFile {
  return { schemaVersion: 1, sources: [structuredClone(fixtureSource)] };
}

export function fixtureItemsFile(): ItemsFile {
  return {
    schemaVersion: 1,
    metrics: [
      { key: 'tech-transfer-rate', label: '技术转化率', unit: '%' },
      { key: 'gdp', label: '地区生产总值', unit: '万亿元' },
    ],
    items: [structuredClone(fixtureIndicator), structuredClone(fixtureGdp), structuredClone(fixtureMeasure)],
    derivations: [],
  };
}
