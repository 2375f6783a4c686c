import type { TemplateIssue } from '../../shared/api/templates';
import { issue } from './issues';
import { isRecord, parseTemplateSource, type JsonPath, type TemplateSource } from './source';
import { didYouMean, quoteList } from './suggest';
import { pathProblem } from './paths';

/** Most `extends` levels followed before giving up. */
export const MAX_EXTENDS_DEPTH = 8;

/** What the checker needs from its host to follow `extends` and check file references. */
export interface TemplateLoader {
  /**
   * The text of the template `ref` names, seen from `fromFile`. A ref ending in `.json` is a path
   * relative to `fromFile`'s folder; anything else is a template id (built-in or user). `file`
   * must identify the template uniquely (cycles are found by it).
   */
  load(ref: string, fromFile: string): LoadResult;
  /** Template ids `extends` may name (for "did you mean"). */
  knownIds(): readonly string[];
  /** Whether a file referenced by a template exists (relative to the template's folder); omit to skip. */
  exists?(relativePath: string, fromFile: string): boolean;
  /** The bytes of a file a template references (its logo), so a check can tell an image that is not one; omit to skip. */
  readBytes?(relativePath: string, fromFile: string): Uint8Array | undefined;
  /** True when a referenced file resolves outside the template's folder through a symbolic link (its real path); omit to skip. */
  escapes?(relativePath: string, fromFile: string): boolean;
  /** What a referenced font file really is (parsed by the host), so a text file named `.ttf` is refused; omit to skip. */
  inspectFont?(relativePath: string, fromFile: string): FontFileInspection | undefined;
  /**
   * The characters a font of a role that sets Chinese text must have: the 3,500 characters of
   * 通用规范汉字表 level 1 (resources/charsets). Omit to skip the coverage check.
   */
  commonCharacters?(): string;
}

/** A font file as the host found it: a face with its coverage, or why it is not a usable font. */
export type FontFileInspection =
  | { readonly ok: true; readonly family: string; hasGlyph(codePoint: number): boolean }
  | { readonly ok: false; readonly reason: 'not-a-font' | 'unreadable' | 'too-large'; readonly detail: string };

/** A loaded template text, or why it could not be loaded. */
export type LoadResult =
  | { readonly ok: true; readonly file: string; readonly text: string }
  | { readonly ok: false; readonly reason: 'not-found' | 'too-large' | 'unreadable'; readonly detail?: string };

/** A template and the bases it extends, the template first. */
export interface ExtendsChain {
  readonly sources: TemplateSource[];
  readonly issues: TemplateIssue[];
  /** The merged value (bases first, each child's fields over them), or null when something is broken. */
  readonly merged: unknown;
}

/** Where a path of the merged template is written: the most-derived file that has it (or its nearest parent). */
export function locate(sources: readonly TemplateSource[], path: JsonPath): { file: string; line: number; column: number } {
  for (let k = path.length; k >= 0; k--) {
    const prefix = path.slice(0, k);
    for (const source of sources) {
      const node = source.nodeAt(prefix);
      if (node) {
        // Point at the key of a property (what the maintainer reads), not at its value.
        const keyNode = node.parent?.type === 'property' ? node.parent.children?.[0] : undefined;
        const offset = k === path.length && keyNode && typeof path[path.length - 1] === 'string' ? keyNode.offset : node.offset;
        return { file: source.file, ...source.position(offset) };
      }
    }
  }
  const first = sources[0];
  return { file: first?.file ?? '', line: 1, column: 1 };
}

/**
 * JSON Merge Patch (RFC 7396): objects merge key by key, recursively; `null` removes the key from
 * the base; arrays and scalars replace the base's value whole.
 */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isRecord(patch)) return clone(patch);
  const out: Record<string, unknown> = {};
  if (isRecord(target)) for (const [key, value] of Object.entries(target)) define(out, key, value);
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else define(out, key, mergePatch(out[key], value));
  }
  return out;
}

function define(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function clone(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(clone);
  if (isRecord(value)) return mergePatch({}, value);
  return value;
}

/** Reads `extends` chains: `source` first, then each base, merged. Reports every chain problem located. */
export function resolveExtends(source: TemplateSource, loader: TemplateLoader | undefined): ExtendsChain {
  const sources: TemplateSource[] = [source];
  const issues: TemplateIssue[] = [];
  let broken = source.value === null;
  let current = source;
  while (!broken && isRecord(current.value) && current.value.extends !== undefined) {
    const ref = current.value.extends;
    const where = locate([current], ['extends']);
    const fail = (code: TemplateIssue['code'], message: string, hint = '') => {
      issues.push(issue('error', code, where.file, 'extends', where, message, hint));
      broken = true;
    };
    if (typeof ref !== 'string' || ref.trim() === '') {
      fail('extends-invalid', 'extends 应为要继承的模板标识（如 "gongzuo-jianbao"）或同一文件夹中的模板文件（如 "./base.json"）', '写成文本，例如 "extends": "gongzuo-jianbao"');
      break;
    }
    const problem = ref.endsWith('.json') ? pathProblem(ref) : /^[a-z][a-z0-9+.-]*:/i.test(ref) ? pathProblem(ref) : undefined;
    if (problem) {
      fail(problem.code, `extends 引用“${ref}”：${problem.message}`, problem.hint);
      break;
    }
    if (sources.length > MAX_EXTENDS_DEPTH) {
      fail('extends-too-deep', `extends 层级过深（超过 ${MAX_EXTENDS_DEPTH} 层）`, '减少继承层级：让模板直接继承最接近的内置模板');
      break;
    }
    if (!loader) {
      fail('extends-not-found', `无法解析 extends“${ref}”：此处不能读取其他模板`);
      break;
    }
    const loaded = loader.load(ref, current.file);
    if (!loaded.ok) {
      if (loaded.reason === 'too-large') fail('too-large', `extends 引用的模板“${ref}”文件过大${loaded.detail ? `（${loaded.detail}）` : ''}`);
      else if (loaded.reason === 'unreadable') fail('unreadable', `extends 引用的模板“${ref}”无法读取${loaded.detail ? `（${loaded.detail}）` : ''}`);
      else {
        const ids = loader.knownIds();
        const guess = ref.endsWith('.json') ? '' : didYouMean(ref, ids);
        fail('extends-not-found', `extends 引用的模板“${ref}”不存在`, [guess, ids.length > 0 && !ref.endsWith('.json') ? `可继承的模板：${quoteList(ids)}` : '文件路径相对于本模板所在的文件夹'].filter(Boolean).join(''));
      }
      break;
    }
    const cycleStart = sources.findIndex((s) => s.file === loaded.file);
    if (cycleStart >= 0) {
      const names = [...sources.slice(cycleStart), { file: loaded.file }].map((s) => fileName(s.file));
      fail('extends-cycle', `extends 形成循环：${names.join(' → ')}`, '去掉其中一处 extends，让继承关系止于一个不再继承的模板（如内置的 gongzuo-jianbao）');
      break;
    }
    const base = parseTemplateSource(loaded.file, loaded.text);
    issues.push(...base.issues);
    sources.push(base);
    if (base.value === null || !isRecord(base.value)) broken = true;
    current = base;
  }

  // A child must carry its own identity: otherwise it would silently pose as its base.
  sources.slice(0, -1).forEach((child, k) => {
    if (!isRecord(child.value) || child.value.extends === undefined) return;
    const base = sources[k + 1]?.value;
    for (const key of ['id', 'name', 'version'] as const) {
      if (child.value[key] === undefined) {
        const where = locate([child], []);
        issues.push(
          issue('error', 'own-identity', child.file, key, where, `继承其他模板的模板必须写明自己的 ${key}，不能沿用所继承模板的`, key === 'version' ? '加上 "version": "1.0.0"' : `加上 "${key}": "…"`),
        );
      } else if (key === 'id' && isRecord(base) && base.id === child.value.id) {
        const where = locate([child], ['id']);
        issues.push(issue('error', 'own-identity', child.file, 'id', where, `id“${String(child.value.id)}”与所继承的模板相同`, '给这个模板起一个新的 id，如在原 id 后加上单位简称'));
      }
    }
  });

  if (broken || sources.some((s) => !isRecord(s.value))) return { sources, issues, merged: null };
  let merged: unknown = {};
  for (const s of [...sources].reverse()) {
    // `$schema` is for the editor of each file: only the checked file's own is kept (and checked).
    const { extends: _extends, $schema: _schema, ...own } = s.value as Record<string, unknown>;
    merged = mergePatch(merged, s === source && _schema !== undefined ? { ...own, $schema: _schema } : own);
  }
  return { sources, issues, merged };
}

function fileName(file: string): string {
  const parts = file.split(/[\\/]/);
  return parts[parts.length - 1] ?? file;
}

