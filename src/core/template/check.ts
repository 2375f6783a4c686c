import type { TemplateCheckReport, TemplateIssue } from '../../shared/api/templates';
import { templateSchema, type Template } from '../../shared/template';
import { formatPath } from '../../shared/validation';
import { resolveExtends, type TemplateLoader } from './extends';
import { issue, sortIssues } from './issues';
import { schemaIssues } from './schema-issues';
import { semanticIssues } from './semantic';
import { isRecord, MAX_TEMPLATE_BYTES, parseTemplateSource, type TemplateSource } from './source';

/** What one check needs: the file (as named in messages), its text, and the host's loader for `extends` and files. */
export interface CheckTemplateInput {
  readonly file: string;
  readonly text: string;
  readonly loader?: TemplateLoader;
}

/** A check's outcome: the report, and the validated template when there is no error. */
export interface CheckTemplateResult {
  readonly report: TemplateCheckReport;
  /** The resolved (extends merged), validated template; null when there is an error. */
  readonly template: Template | null;
  /** The merged value before validation (null when it could not be built). */
  readonly merged: unknown;
  /** The template's own parsed value (its `extends` included). */
  readonly own: unknown;
  readonly sources: readonly TemplateSource[];
}

/**
 * Checks a template and reports every problem at once, each located (file, JSON path, line,
 * column) with what is wrong and what would be right, in Chinese: size, syntax, duplicate and
 * prototype keys, `extends` (followed, merged, cycles refused), the strict schema, then the
 * semantic checks. The template is data only: nothing in it is ever evaluated.
 */
export function checkTemplate(input: CheckTemplateInput): CheckTemplateResult {
  if (input.text.length > MAX_TEMPLATE_BYTES) return { ...emptyResult(tooLargeReport(input.file, input.text.length)) };
  const source = parseTemplateSource(input.file, input.text);
  const chain = resolveExtends(source, input.loader);
  const issues: TemplateIssue[] = [...source.issues, ...chain.issues];
  let template: Template | null = null;
  if (isRecord(chain.merged)) {
    const parsed = templateSchema.safeParse(chain.merged);
    const rejected = new Set<string>();
    if (parsed.success) {
      // The resolved template is layout only: the editor's `$schema` reference is not part of it.
      const { $schema: _schema, ...layout } = parsed.data;
      template = layout;
    }
    else {
      issues.push(...schemaIssues(parsed.error, chain.merged, chain.sources));
      for (const zi of parsed.error.issues) rejected.add(formatPath(zi.path.map((s) => (typeof s === 'symbol' ? String(s) : s))));
    }
    issues.push(...semanticIssues(chain.merged, chain.sources, input.loader, rejected));
  }
  const report = makeReport(input.file, issues, chain.merged ?? source.value, chain.sources.map((s) => s.file));
  return { report, template: report.ok ? template : null, merged: chain.merged, own: source.value, sources: chain.sources };
}

/** The report for a file refused for its size before it was read. */
export function tooLargeReport(file: string, bytes: number): TemplateCheckReport {
  const mb = (n: number) => `${Math.round((n / 1024 / 1024) * 10) / 10} MB`;
  return makeReport(
    file,
    [issue('error', 'too-large', file, '（根）', { line: 1, column: 1 }, `模板文件过大（${mb(bytes)}），上限 ${mb(MAX_TEMPLATE_BYTES)}，未读取`, '模板只描述版式，通常不到 50 KB；字体和图片请作为单独的文件放在模板文件夹中，不要写进 JSON')],
    null,
    [file],
  );
}

/** A report from issues (sorted, counted). */
export function makeReport(file: string, issues: readonly TemplateIssue[], value: unknown, chain: readonly string[]): TemplateCheckReport {
  const sorted = sortIssues(issues, chain);
  const errors = sorted.filter((i) => i.severity === 'error').length;
  const text = (key: string) => (isRecord(value) && typeof value[key] === 'string' ? (value[key] as string) : null);
  return {
    file,
    ok: errors === 0,
    errors,
    warnings: sorted.length - errors,
    issues: sorted,
    id: text('id'),
    name: text('name'),
    version: text('version'),
    chain: [...chain],
  };
}

function emptyResult(report: TemplateCheckReport): CheckTemplateResult {
  return { report, template: null, merged: null, own: null, sources: [] };
}
