import type { z } from 'zod';
import { fontRoleLabels, type TemplateIssue } from '../../shared/api/templates';
import { FONT_ROLES, templateSchema } from '../../shared/template';
import { formatPath } from '../../shared/validation';
import { locate } from './extends';
import { issue } from './issues';
import { descriptionOf, expectedKind, objectKeys, schemaAt } from './schema-walk';
import { isRecord, type JsonPath, type TemplateSource } from './source';
import { closest, didYouMean, quoteList } from './suggest';

/** Unknown keys of one object reported one by one; beyond this, one summary. */
const MAX_UNKNOWN_KEYS = 50;

/** The value at a path of a JSON value (undefined when absent). */
export function valueAt(root: unknown, path: JsonPath): unknown {
  let node = root;
  for (const segment of path) {
    if (node === null || typeof node !== 'object') return undefined;
    if (!Object.hasOwn(node, segment)) return undefined;
    node = (node as Record<string | number, unknown>)[segment];
  }
  return node;
}

/** The unit a key name carries (`sizePt` → 磅), for messages. */
export function unitOf(key: string | number | undefined): string {
  if (typeof key !== 'string') return '';
  if (key.endsWith('Mm')) return ' 毫米';
  if (key.endsWith('Pt')) return ' 磅';
  if (key.endsWith('Chars')) return ' 字';
  if (key.endsWith('Slots')) return ' 行';
  if (key.endsWith('Em')) return ' 倍字号';
  if (key.endsWith('Deg')) return ' 度';
  return '';
}

/** A JSON value described in Chinese: `文本“16”`, `数字 16`, `对象`. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `数组（${value.length} 项）`;
  switch (typeof value) {
    case 'string':
      return `文本“${value.length > 40 ? `${value.slice(0, 40)}…` : value}”`;
    case 'number':
      return `数字 ${value}`;
    case 'boolean':
      return String(value);
    case 'object':
      return '对象';
    default:
      return '缺失';
  }
}

const roleList = FONT_ROLES.map((r) => `${r}（${fontRoleLabels[r]}）`).join('、');

const namedColours: Record<string, string> = {
  red: '#FF0000',
  红: '#FF0000',
  红色: '#FF0000',
  black: '#000000',
  黑: '#000000',
  黑色: '#000000',
  white: '#FFFFFF',
  白色: '#FFFFFF',
  gray: '#808080',
  grey: '#808080',
  灰色: '#808080',
  blue: '#0000FF',
  蓝色: '#0000FF',
  darkred: '#8B0000',
  中国红: '#C8102E',
};

/** What a malformed colour probably meant, as `#RRGGBB`. */
export function colourHint(value: unknown): string {
  const base = '颜色写成 #RRGGBB（井号加 6 位十六进制），如套红 "#FF0000"、黑色 "#000000"';
  if (typeof value !== 'string') return base;
  const v = value.trim();
  const named = namedColours[v.toLowerCase()];
  if (named) return `改为 "${named}"`;
  const short = /^#?([0-9a-f])([0-9a-f])([0-9a-f])$/i.exec(v);
  if (short) return `改为 "#${(short[1]! + short[1]! + short[2]! + short[2]! + short[3]! + short[3]!).toUpperCase()}"`;
  if (/^[0-9a-f]{6}$/i.test(v)) return `前面加井号：“#${v.toUpperCase()}”`;
  const rgb = /^rgba?\(\s*(\d{1,3})\s*,\s*(\d{1,3})\s*,\s*(\d{1,3})/i.exec(v);
  if (rgb) {
    const hex = [rgb[1], rgb[2], rgb[3]].map((n) => Math.min(255, Number(n)).toString(16).padStart(2, '0')).join('').toUpperCase();
    return `改为 "#${hex}"`;
  }
  return base;
}

/**
 * Converts zod's issues on the merged template into located Chinese issues, with what would be
 * right: the allowed keys and the closest one for an unknown key, the roles for an unknown role,
 * the range for an out-of-range size, a `#RRGGBB` for a malformed colour.
 */
export function schemaIssues(error: z.ZodError, merged: unknown, sources: readonly TemplateSource[]): TemplateIssue[] {
  const out: TemplateIssue[] = [];
  // A misspelt required key shows up twice in zod (unknown key + missing key): keep the typo only.
  const typoTargets = new Set<string>();
  for (const zi of error.issues) {
    if (zi.code !== 'unrecognized_keys') continue;
    const segments = zi.path.map((s) => (typeof s === 'symbol' ? String(s) : s)) as (string | number)[];
    const allowed = objectKeys(schemaAt(templateSchema, segments, merged)) ?? [];
    const here = valueAt(merged, segments);
    for (const key of zi.keys.slice(0, MAX_UNKNOWN_KEYS)) {
      const guess = closest(key, allowed);
      if (guess && isRecord(here) && here[guess] === undefined) typoTargets.add(formatPath([...segments, guess]));
    }
  }
  for (const zi of error.issues) {
    const segments = zi.path.map((s) => (typeof s === 'symbol' ? String(s) : s)) as (string | number)[];
    const path = formatPath(segments);
    const last = segments[segments.length - 1];
    const value = valueAt(merged, segments);
    const schema = schemaAt(templateSchema, segments, merged);
    const about = descriptionOf(schema);
    const push = (code: TemplateIssue['code'], at: JsonPath, message: string, hint = '') => {
      const where = locate(sources, at);
      out.push(issue('error', code, where.file, formatPath(at), where, message, hint));
    };
    switch (zi.code) {
      case 'unrecognized_keys': {
        const allowed = objectKeys(schemaAt(templateSchema, segments, merged)) ?? [];
        // A file with thousands of unknown keys is not a template: the first ones say enough.
        if (zi.keys.length > MAX_UNKNOWN_KEYS) {
          push('unknown-key', segments, `${path}：有 ${zi.keys.length} 个未知字段，以下只列出前 ${MAX_UNKNOWN_KEYS} 个`, '这个文件看来不是简报模板；请从可用的模板开始（briefsmith template new）');
        }
        for (const key of zi.keys.slice(0, MAX_UNKNOWN_KEYS)) {
          const keyPath = [...segments, key];
          if (key === 'extends') {
            push('unknown-key', keyPath, `${formatPath(keyPath)}：extends 只能写在模板最外层`, '把 "extends" 移到文件最外层的花括号里');
            continue;
          }
          const guess = closest(key, allowed);
          const guessText = guess ? `您是否想写“${guess}”？${typoTargets.has(formatPath([...segments, guess])) ? `（“${guess}”是必填字段，目前缺少）` : ''}` : '';
          const list = allowed.length > 0 ? `此处可用的字段：${quoteList(allowed.filter((k) => k !== '$schema'), 30)}` : '';
          push('unknown-key', keyPath, `${formatPath(keyPath)}：未知字段“${key}”${segments.length > 0 ? `（在 ${path} 中）` : ''}`, [guessText, list].filter(Boolean).join(''));
        }
        break;
      }
      case 'invalid_type': {
        const expected = expectedKind(schema) || zi.expected;
        if (value === undefined && typoTargets.has(path)) break;
        if (value === undefined) {
          push('missing', segments, `${path}：缺少必填字段“${String(last ?? '')}”（应为${/^[A-Za-z]/.test(expected) ? ' ' : ''}${expected}）`, [about, segments.length === 1 ? '或用 "extends": "gongzuo-jianbao" 继承一个完整的模板，只写不同之处' : ''].filter(Boolean).join('；'));
        } else {
          let hint = about;
          if (zi.expected === 'number' && typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) hint = `去掉引号，写成 ${Number(value)}`;
          else if (zi.expected === 'number' && typeof value === 'string') hint = `写一个数字${unitOf(last) ? `（单位${unitOf(last)}）` : ''}，不加引号和单位`;
          else if (zi.expected === 'boolean' && (value === 'true' || value === 'false')) hint = `去掉引号，写成 ${value}`;
          else if (zi.expected === 'array' && typeof value === 'string') hint = `写成数组：["${value}"]`;
          else if (zi.expected === 'tuple' && Array.isArray(value)) hint = `应有 ${expected}`;
          push('wrong-type', segments, `${path} 应为${/^[A-Za-z]/.test(expected) ? ' ' : ''}${expected}，实际是${describeValue(value)}`, hint);
        }
        break;
      }
      case 'invalid_value': {
        const options = zi.values.map(String);
        const guess = typeof value === 'string' ? didYouMean(value, options) : '';
        if (last === 'role') {
          push('unknown-role', segments, `${path} 引用了未定义的字体角色“${String(value)}”`, `可用的角色：${roleList}${guess ? `；${guess}` : ''}`);
        } else {
          push('invalid-value', segments, `${path} 的取值“${String(value)}”无效`, `可选：${quoteList(options)}${guess ? `；${guess}` : ''}${about ? `（${about}）` : ''}`);
        }
        break;
      }
      case 'too_small':
      case 'too_big': {
        const small = zi.code === 'too_small';
        const limit = small ? (zi as { minimum: number | bigint }).minimum : (zi as { maximum: number | bigint }).maximum;
        if (zi.origin === 'string') {
          if (small && Number(limit) <= 1) push('out-of-range', segments, `${path} 不能为空`, about);
          else push('out-of-range', segments, `${path} 的文本${small ? '过短' : '过长'}（${small ? '至少' : '最多'} ${String(limit)} 个字符）`, about);
        } else if (zi.origin === 'array') {
          push('out-of-range', segments, `${path} 的条目${small ? '过少' : '过多'}（${small ? '至少' : '最多'} ${String(limit)} 项）`, about);
        } else {
          const unit = unitOf(last);
          const range = rangeOf(schema);
          const shown = typeof value === 'number' ? `${value}${unit}` : describeValue(value);
          push(
            'out-of-range',
            segments,
            `${path} = ${shown} ${small ? '过小' : '过大'}（${small ? '不能小于' : '不能大于'} ${String(limit)}${unit}）`,
            [range ? `允许范围 ${range}${unit}` : '', about].filter(Boolean).join('；'),
          );
        }
        break;
      }
      case 'invalid_format': {
        const pattern = String((zi as { pattern?: unknown }).pattern ?? '');
        if ((typeof last === 'string' && /colou?r$/i.test(last)) || pattern.includes('[0-9A-Fa-f]{6}')) {
          push('invalid-colour', segments, `${path} 的颜色“${String(value)}”无效`, colourHint(value));
        } else if (last === 'version') {
          push('invalid-format', segments, `${path}“${String(value)}”不是 x.y.z 形式的版本号`, '写成三段数字，如 "1.0.0"；每次修改模板后提高版本号，如 1.0.0 → 1.1.0');
        } else if (last === 'id') {
          push('invalid-format', segments, `${path}“${String(value)}”不是有效的模板标识`, '只用小写字母、数字和连字符，如 "gongzuo-jianbao"（中文名称写在 "name" 中）');
        } else {
          const own = zi.message && !/^Invalid/.test(zi.message) ? zi.message : '格式错误';
          push('invalid-format', segments, `${path}：${own}（当前为${describeValue(value)}）`, about);
        }
        break;
      }
      case 'invalid_union': {
        const type = last === 'type' ? value : isRecord(value) ? value.type : undefined;
        const at = last === 'type' ? segments : [...segments, 'type'];
        const note = (zi as { note?: string }).note;
        if (note === 'No matching discriminator' || (type !== undefined && typeof type === 'string')) {
          const types = ['heading', 'paragraph', 'note', 'excerpt', 'table', 'chart', 'pageBreak', 'attachment'];
          push('invalid-value', at, `${formatPath(at)}“${String(type)}”不是已知的块类型`, `可选：${quoteList(types)}${typeof type === 'string' ? `；${didYouMean(type, types)}` : ''}`);
        } else {
          push('wrong-type', segments, `${path} 不符合任何允许的形式（当前为${describeValue(value)}）`, about);
        }
        break;
      }
      default:
        push('invalid-value', segments, `${path}：${zi.message}`, about);
    }
  }
  return out;
}

/** `4 至 120` from a number schema's checks (for range hints). */
function rangeOf(schema: z.ZodType | undefined): string {
  if (!schema) return '';
  const checks = (schema as unknown as { _zod: { def: { checks?: { _zod: { def: { check?: string; value?: unknown } } }[] } } })._zod.def.checks ?? [];
  let min: number | undefined;
  let max: number | undefined;
  for (const check of checks) {
    const def = check._zod.def;
    if (typeof def.value !== 'number') continue;
    if (def.check === 'greater_than') min = min === undefined ? def.value : Math.max(min, def.value);
    if (def.check === 'less_than') max = max === undefined ? def.value : Math.min(max, def.value);
  }
  if (min === undefined && max === undefined) return '';
  return `${min ?? '…'} 至 ${max ?? '…'}`;
}
