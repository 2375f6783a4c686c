import { formatPath } from '../../shared/validation';
import { isRecord } from './source';

/** Chinese names of a template's sections, for "what changed" messages. */
export const sectionLabels: Record<string, string> = {
  id: '标识',
  name: '名称',
  version: '版本',
  description: '说明',
  page: '纸张与版心',
  grid: '行格',
  fonts: '字体',
  colors: '颜色',
  body: '正文',
  headings: '各级标题',
  title: '标题',
  note: '按语',
  masthead: '报头',
  excerpt: '资料摘录',
  table: '表格',
  chart: '图表',
  sources: '资料来源',
  attachments: '附件',
  tail: '报尾',
  pageNumbers: '页码',
  watermark: '水印',
  skeleton: '新建草稿的结构',
  sample: '示例内容',
};

/** The JSON paths where two templates differ (leaves; at most `limit`), in document order. */
export function templateDiff(a: unknown, b: unknown, limit = 200): string[] {
  const out: string[] = [];
  const walk = (x: unknown, y: unknown, path: (string | number)[]) => {
    if (out.length >= limit) return;
    if (isRecord(x) && isRecord(y)) {
      const keys = [...new Set([...Object.keys(x), ...Object.keys(y)])];
      for (const key of keys) walk(x[key], y[key], [...path, key]);
    } else if (Array.isArray(x) && Array.isArray(y) && x.length === y.length) {
      x.forEach((v, k) => walk(v, y[k], [...path, k]));
    } else if (JSON.stringify(x) !== JSON.stringify(y)) out.push(formatPath(path));
  };
  walk(a, b, []);
  return out;
}

/** The sections (Chinese labels) two templates differ in, ignoring identity (id, name, version, description). */
export function changedSections(a: unknown, b: unknown): string[] {
  const sections = new Set<string>();
  for (const path of templateDiff(a, b)) {
    const top = /^[^.[]+/.exec(path)?.[0] ?? path;
    if (['version', 'description', '$schema'].includes(top)) continue;
    sections.add(sectionLabels[top] ?? top);
  }
  return [...sections];
}
