import type { z } from 'zod';

/** One validation problem, located by its JSON path, described in Chinese. */
export interface ValidationIssue {
  /** `blocks[3].level`, or `（根）` for the document itself */
  readonly path: string;
  readonly segments: readonly (string | number)[];
  readonly message: string;
}

const typeNames: Record<string, string> = {
  string: '文本',
  number: '数字',
  int: '整数',
  boolean: '布尔值（true/false）',
  object: '对象',
  array: '数组',
  null: 'null',
  undefined: '缺失',
  nan: 'NaN',
};

/** Renders a JSON path the way maintainers read it: `blocks[3].runs[0].text`. */
export function formatPath(segments: readonly PropertyKey[]): string {
  if (segments.length === 0) return '（根）';
  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? String(segment) : `.${String(segment)}`;
  }
  return out;
}

function describe(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type': {
      const expected = typeNames[issue.expected] ?? issue.expected;
      const received = (issue as { input?: unknown }).input;
      return received === undefined ? `缺少必填字段（应为${expected}）` : `类型错误，应为${expected}`;
    }
    case 'unrecognized_keys':
      return `有未知字段：${issue.keys.map((k) => `“${k}”`).join('、')}`;
    case 'too_big':
      return issue.origin === 'string'
        ? `文本过长（最多 ${String(issue.maximum)} 个字符）`
        : issue.origin === 'array'
          ? `条目过多（最多 ${String(issue.maximum)} 项）`
          : `数值过大（不能大于 ${String(issue.maximum)}）`;
    case 'too_small':
      return issue.origin === 'string'
        ? Number(issue.minimum) <= 1
          ? '不能为空'
          : `文本过短（至少 ${String(issue.minimum)} 个字符）`
        : issue.origin === 'array'
          ? `条目过少（至少 ${String(issue.minimum)} 项）`
          : `数值过小（不能小于 ${String(issue.minimum)}）`;
    case 'invalid_value':
      return `取值无效，可选：${issue.values.map((v) => `“${String(v)}”`).join('、')}`;
    case 'invalid_union': {
      const note = (issue as { note?: string }).note;
      return note === 'No matching discriminator' ? '类型（type）未知' : '内容不符合任何允许的形式';
    }
    case 'invalid_format':
      return issue.message && !/^Invalid/.test(issue.message) ? issue.message : `格式错误（${issue.format}）`;
    case 'not_multiple_of':
      return `应为 ${String(issue.divisor)} 的倍数`;
    case 'custom':
      return issue.message;
    default:
      return issue.message;
  }
}

/** Converts zod's issues to located Chinese messages, all of them, in document order. */
export function toValidationIssues(error: z.ZodError): ValidationIssue[] {
  return error.issues.map((issue) => ({
    path: formatPath(issue.path),
    segments: issue.path.map((s) => (typeof s === 'symbol' ? String(s) : s)),
    message: describe(issue),
  }));
}

/** One line per issue: `blocks[3].level：数值过大（不能大于 4）`. */
export function formatIssues(issues: readonly ValidationIssue[], limit = 10): string {
  const lines = issues.slice(0, limit).map((i) => `${i.path}：${i.message}`);
  if (issues.length > limit) lines.push(`……另有 ${issues.length - limit} 处问题`);
  return lines.join('\n');
}
