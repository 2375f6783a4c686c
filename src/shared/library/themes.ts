/**
 * The themes (主题) an item may carry: the topics officials search and filter by. Order is the
 * display order of facet chips.
 */
export const libraryThemes = [
  '研发投入',
  '人才',
  '产业',
  '资本',
  '营商环境',
  '科技成果转化',
  '城市更新',
  '文创',
  '人工智能',
  '数字经济',
  '生物医药',
  '企业培育',
  '创新平台',
  '创新生态',
  '经济总量',
  '科技伦理',
] as const;

/** One theme (主题). */
export type LibraryTheme = (typeof libraryThemes)[number];

/** True when `value` is a known theme. */
export function isLibraryTheme(value: string): value is LibraryTheme {
  return (libraryThemes as readonly string[]).includes(value);
}
