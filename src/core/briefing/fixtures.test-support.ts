// Library items shaped like the bundled library, for the briefing tests.
import type { Briefing } from '../../shared/briefing';
import { createBriefing, type LibraryItemLike, type LibrarySourceLike } from '.';

export const source: LibrarySourceLike = { id: 'src-3', title: '杭州有DeepSeek,我们有什么?', outlet: '上海证券报', date: '2025-02-08' };

const quote61 = '数据显示,东南大学计算机视觉团队近五年斩获16项国际顶会最佳论文,南京大学LAMDA研究所的机器学习成果被引量突破10万次,但技术转化率仅为28%(江苏省科技厅2023年数据),远低于杭州的45%。';

export const items: LibraryItemLike[] = [
  { id: 'nj-ttr', kind: 'indicator', city: '南京', subject: '技术转化率', metric: '技术转化率', value: 28, unit: '%', baseValue: 0.28, year: 2023, qualifier: 'actual', quote: quote61, sourceId: 'src-3', paragraph: 12 },
  { id: 'hz-ttr', kind: 'indicator', city: '杭州', subject: '技术转化率', metric: '技术转化率', value: 45, unit: '%', baseValue: 0.45, qualifier: 'comparison', quote: quote61, sourceId: 'src-3', paragraph: 12 },
  { id: 'nj-pe', kind: 'indicator', city: '南京', subject: '私募基金管理规模', metric: '私募基金管理规模', value: 2800, unit: '亿元', baseValue: 2.8e11, year: 2023, qualifier: 'actual', quote: '截至2023年末,南京私募基金管理规模2800亿元,仅为杭州的46%', sourceId: 'src-3', paragraph: 14 },
  { id: 'hz-pe', kind: 'indicator', city: '杭州', subject: '私募基金管理规模', metric: '私募基金管理规模', value: 0.61, unit: '万亿元', baseValue: 6.1e11, qualifier: 'comparison', quote: '杭州私募基金管理规模约0.61万亿元', sourceId: 'src-3', paragraph: 14 },
  { id: 'hz-rd', kind: 'indicator', city: '杭州', subject: '全社会研发投入强度', metric: '研发投入强度', value: 4, unit: '%', year: 2025, qualifier: 'target', quote: '根据杭州“新春第一会”,今年,杭州将举全市之力打造更高水平“创新活力之城”,全社会研发投入强度力争突破4%、规上工业企业研发费用占营收比重达到3.9%以上。', sourceId: 'src-1', paragraph: 5 },
  { id: 'hz-shuangpin', kind: 'measure', city: '杭州', district: '经济技术开发区', subject: '双聘制', quote: '杭州经济技术开发区推行“双聘制”', sourceId: 'src-1', paragraph: 8 },
];

export const byId = (id: string) => items.find((i) => i.id === id);

export function emptyBriefing(): Briefing {
  return createBriefing({ id: 'd1', template: { id: 'gongzuo-jianbao', version: '1.0.0' }, today: '2025-02-08' });
}
