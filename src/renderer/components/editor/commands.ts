import type { BlockType } from '../../../shared/briefing';

/** One entry of the insert menu and the `/` command list. */
export interface InsertCommand {
  readonly id: string;
  readonly label: string;
  /** one line saying what it is */
  readonly hint: string;
  /** words and pinyin initials it is found by after `/` */
  readonly keywords: string;
  readonly type: BlockType;
  readonly level?: number;
  /** opens a chooser (library, table or chart builder) instead of inserting an empty block */
  readonly chooser?: 'library' | 'table' | 'chart';
}

/** Everything that can be inserted, in menu order. */
export const insertCommands: readonly InsertCommand[] = [
  { id: 'h1', label: '一级标题', hint: '一、……（黑体）', keywords: '标题 一级 h1 bt yjbt biaoti heading', type: 'heading', level: 1 },
  { id: 'h2', label: '二级标题', hint: '（一）……（楷体）', keywords: '标题 二级 h2 bt ejbt biaoti heading', type: 'heading', level: 2 },
  { id: 'h3', label: '三级标题', hint: '1.……', keywords: '标题 三级 h3 bt sjbt biaoti heading', type: 'heading', level: 3 },
  { id: 'h4', label: '四级标题', hint: '（1）……', keywords: '标题 四级 h4 bt sjbt biaoti heading', type: 'heading', level: 4 },
  { id: 'paragraph', label: '段落', hint: '正文，可加粗', keywords: '段落 正文 dl zw duanluo paragraph text', type: 'paragraph' },
  { id: 'note', label: '按语', hint: '编者按，楷体', keywords: '按语 编者按 ay bzay anyu note', type: 'note' },
  { id: 'excerpt', label: '资料摘录', hint: '从资料库查找并插入', keywords: '资料 摘录 指标 zl zlzl zb ziliao excerpt library', type: 'excerpt', chooser: 'library' },
  { id: 'table', label: '对比表', hint: '选指标和城市，自动填数', keywords: '对比表 表格 dbb bg duibi table', type: 'table', chooser: 'table' },
  { id: 'chart', label: '柱状图', hint: '选指标，画成柱状图', keywords: '柱状图 图表 zzt tb zhuzhuangtu chart', type: 'chart', chooser: 'chart' },
  { id: 'pageBreak', label: '分页符', hint: '从下一页开始', keywords: '分页符 分页 fyf fy fenye pagebreak', type: 'pageBreak' },
  { id: 'attachment', label: '附件', hint: '另起一页的附件', keywords: '附件 fj fujian attachment', type: 'attachment' },
];

/** Commands matching what was typed after `/` (label first, then keywords). */
export function filterCommands(query: string): InsertCommand[] {
  const q = query.trim().toLowerCase();
  if (q === '') return [...insertCommands];
  const starts = insertCommands.filter((c) => c.label.startsWith(q));
  const rest = insertCommands.filter((c) => !starts.includes(c) && (c.label.includes(q) || c.keywords.toLowerCase().split(' ').some((k) => k.startsWith(q))));
  return [...starts, ...rest];
}
