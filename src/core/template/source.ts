import { parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import type { TemplateIssue } from '../../shared/api/templates';
import { describeTooDeep, formatPath, jsonSyntaxMessages, scanJsonNesting } from '../../shared/validation';
import { issue } from './issues';

/** Largest template file accepted, in bytes: a bigger file is refused before it is read or parsed. */
export const MAX_TEMPLATE_BYTES = 5 * 1024 * 1024;

/** Keys that could reach an object's prototype: refused anywhere in a template. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** A template file parsed with positions: the value, its syntax tree, and a way to locate paths. */
export interface TemplateSource {
  readonly file: string;
  readonly text: string;
  /** The parsed value (null when the text has syntax errors: nothing is validated then). */
  readonly value: unknown;
  readonly tree: Node | undefined;
  /** Problems found while parsing: syntax, duplicate keys, forbidden keys, root type. */
  readonly issues: TemplateIssue[];
  /** Line and column (1-based) of an offset. */
  position(offset: number): { line: number; column: number };
  /** The node at a JSON path, when the file has it. */
  nodeAt(path: readonly (string | number)[]): Node | undefined;
}

/** JSON paths as arrays: `['headings', 0, 'style', 'sizePt']`. */
export type JsonPath = readonly (string | number)[];

const syntaxMessages = jsonSyntaxMessages;

/** Full-width punctuation a Chinese keyboard types where JSON needs ASCII. */
const fullWidth: Record<string, string> = { '“': '"', '”': '"', '：': ':', '，': ',', '｛': '{', '｝': '}', '【': '[', '】': ']', '［': '[', '］': ']', '‘': "'", '’': "'" };

/** Computes line starts once; positions by binary search. */
function positionsOf(text: string): (offset: number) => { line: number; column: number } {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    }
  }
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - starts[lo]! + 1 };
  };
}

/**
 * Parses template text with positions. Reports, all at once: an empty file, every syntax error
 * (with a hint when full-width punctuation or a trailing comma is the cause), duplicate keys,
 * prototype keys (`__proto__`, `constructor`, `prototype`) and a root that is not an object.
 * The value is built without ever assigning a forbidden key.
 */
export function parseTemplateSource(file: string, rawText: string): TemplateSource {
  // A byte-order mark becomes a space: offsets (and so lines and columns) stay those of the file.
  const text = rawText.charCodeAt(0) === 0xfeff ? ` ${rawText.slice(1)}` : rawText;
  const position = positionsOf(text);
  const issues: TemplateIssue[] = [];
  const at = (offset: number) => position(offset);
  const errors: ParseError[] = [];
  // Nesting is counted before anything recursive runs: jsonc-parser, `build` and every later walk
  // recurse once per level, and a few thousand levels (3 KB of brackets) overflow the stack.
  const nesting = scanJsonNesting(text);
  if (!nesting.ok) {
    issues.push(issue('error', 'too-deep', file, '（根）', { line: nesting.line, column: nesting.column }, `模板${describeTooDeep(nesting)}`, '模板的字段最多嵌套七八层；请从可用的模板重新开始（briefsmith template new），不要使用来历不明的文件'));
    return { file, text, position, nodeAt: () => undefined, value: null, tree: undefined, issues };
  }
  const tree: Node | undefined = text.trim() === '' ? undefined : parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const base = { file, text, position, nodeAt: (path: JsonPath) => (tree ? findNode(tree, path) : undefined) };

  if (text.trim() === '') {
    issues.push(issue('error', 'empty', file, '（根）', { line: 1, column: 1 }, '文件是空的，不是模板', '模板应是一个 JSON 对象：{ "id": "…", "name": "…", "version": "1.0.0", … }；可用 briefsmith template new 生成一份'));
    return { ...base, value: null, tree, issues };
  }

  let previous: ParseError | undefined;
  const reported = new Set<string>();
  for (const error of errors) {
    // jsonc-parser's recovery can report one mistake several times: keep the first of a cluster.
    const close = previous !== undefined && error.offset - previous.offset <= 3 && !text.slice(previous.offset, error.offset).includes('\n');
    previous = error;
    if (close || reported.has(`${error.offset}`)) continue;
    reported.add(`${error.offset}`);
    const name = printParseErrorCode(error.error);
    const here = text.slice(error.offset, error.offset + Math.max(1, error.length));
    const before = text.slice(0, error.offset).trimEnd();
    let message = syntaxMessages[name] ?? 'JSON 语法错误';
    let hint = '';
    const wide = [...here].find((c) => fullWidth[c] !== undefined);
    if (wide) {
      message = `此处用了全角符号“${wide}”`;
      hint = `JSON 的引号、冒号、逗号和括号必须是半角（英文）符号：把“${wide}”改为 ${fullWidth[wide]}`;
    } else if ((name === 'PropertyNameExpected' || name === 'ValueExpected') && before.endsWith(',') && /^\s*[}\]]/.test(text.slice(error.offset))) {
      message = '最后一项后面多了一个逗号';
      hint = '删除“}”或“]”前面的逗号';
    } else if (name === 'PropertyNameExpected' && here.startsWith("'")) {
      hint = '字段名要用英文双引号 " 括起，不能用单引号';
    } else if (name === 'CommaExpected') {
      hint = '在上一项末尾加英文逗号“,”';
    } else if (name === 'UnexpectedEndOfString') {
      hint = '在文本末尾补上英文双引号 "；文本中的引号请写作 \\" 或改用中文引号“”';
    } else if (name === 'InvalidCommentToken') {
      hint = '删除注释；说明可写在 "description" 中';
    } else if (name === 'CloseBraceExpected' || name === 'CloseBracketExpected') {
      hint = '检查括号是否成对';
    }
    issues.push(issue('error', 'json-syntax', file, '（根）', at(error.offset), `JSON 语法错误：${message}`, hint));
  }
  if (errors.length > 0 || !tree) return { ...base, value: null, tree, issues };

  const value = build(tree, [], file, at, issues);
  if (tree.type !== 'object') {
    const kind = tree.type === 'array' ? '数组' : tree.type === 'string' ? '文本' : tree.type === 'number' ? '数字' : tree.type === 'boolean' ? '布尔值' : 'null';
    issues.push(issue('error', 'not-object', file, '（根）', at(tree.offset), `模板的根应为对象 { … }，实际是${kind}`, '整个文件用一对花括号包住：{ "id": "…", "name": "…", … }'));
  }
  const unsafe = issues.some((i) => i.code === 'forbidden-key');
  return { ...base, value: unsafe ? null : value, tree, issues };
}

/** Builds the value of a node; objects get own data properties only (never a prototype change). */
function build(node: Node, path: (string | number)[], file: string, at: (offset: number) => { line: number; column: number }, issues: TemplateIssue[]): unknown {
  switch (node.type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      const seen = new Map<string, Node>();
      for (const property of node.children ?? []) {
        const [keyNode, valueNode] = property.children ?? [];
        if (!keyNode || !valueNode) continue;
        const key = String(keyNode.value);
        const keyPath = formatPath([...path, key]);
        if (FORBIDDEN_KEYS.has(key)) {
          issues.push(
            issue('error', 'forbidden-key', file, keyPath, at(keyNode.offset), `${keyPath}：不允许使用字段名“${key}”（可能篡改程序对象，模板一律拒绝）`, `删除“${key}”这一项`),
          );
          continue;
        }
        const first = seen.get(key);
        if (first) {
          const where = at(first.offset);
          issues.push(
            issue('error', 'duplicate-key', file, keyPath, at(keyNode.offset), `${keyPath}：字段“${key}”重复出现（第 ${where.line} 行已有一次）`, '只保留一处；JSON 中重复的字段会被后一个悄悄覆盖'),
          );
        }
        seen.set(key, keyNode);
        Object.defineProperty(out, key, { value: build(valueNode, [...path, key], file, at, issues), enumerable: true, writable: true, configurable: true });
      }
      return out;
    }
    case 'array':
      return (node.children ?? []).map((child, index) => build(child, [...path, index], file, at, issues));
    default:
      return node.value as unknown;
  }
}

/** Each object node's properties by key (the first of duplicates, as jsonc-parser finds them), built on first lookup. */
const propertyIndex = new WeakMap<Node, Map<string, Node>>();

/**
 * The node at a JSON path, like jsonc-parser's `findNodeAtLocation` but with each object's keys
 * indexed once: locating every one of 50,000 keys costs 50,000 lookups, not 50,000².
 */
function findNode(tree: Node, path: JsonPath): Node | undefined {
  let node: Node | undefined = tree;
  for (const segment of path) {
    if (!node?.children) return undefined;
    if (typeof segment === 'string') {
      if (node.type !== 'object') return undefined;
      let index = propertyIndex.get(node);
      if (!index) {
        index = new Map();
        for (const property of node.children) {
          const [key, value] = property.children ?? [];
          if (key && value && property.children!.length === 2 && !index.has(String(key.value))) index.set(String(key.value), value);
        }
        propertyIndex.set(node, index);
      }
      node = index.get(segment);
    } else {
      if (node.type !== 'array' || segment < 0 || segment >= node.children.length) return undefined;
      node = node.children[segment];
    }
  }
  return node;
}

/** True when `value` is a plain JSON object (not an array, not null). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
