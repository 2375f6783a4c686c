import type { TemplateCheckReport, TemplateIssue, TemplateIssueCode, TemplateIssueSeverity } from '../../shared/api/templates';

/** Builds one located issue. */
export function issue(
  severity: TemplateIssueSeverity,
  code: TemplateIssueCode,
  file: string,
  path: string,
  where: { line: number; column: number },
  message: string,
  hint = '',
): TemplateIssue {
  return { severity, code, file, path, line: where.line, column: where.column, message, hint };
}

/** Issues in reading order: by file (the checked file first), line, column. */
export function sortIssues(issues: readonly TemplateIssue[], fileOrder: readonly string[] = []): TemplateIssue[] {
  const rank = (file: string) => {
    const k = fileOrder.indexOf(file);
    return k < 0 ? fileOrder.length : k;
  };
  return [...issues].sort((a, b) => rank(a.file) - rank(b.file) || a.line - b.line || a.column - b.column || (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
}

/**
 * One issue as a maintainer reads it in a terminal or a log:
 * `bad.json:12:15 错误 body.style.role 引用了未定义的字体角色“fangsong2”` and, indented, the hint.
 */
export function formatIssue(i: TemplateIssue): string {
  const head = `${i.file}:${i.line}:${i.column} ${i.severity === 'error' ? '错误' : '警告'} ${i.message}`;
  return i.hint ? `${head}\n    → ${i.hint}` : head;
}

/** A whole report: every issue, then a one-line summary. */
export function formatReport(report: TemplateCheckReport): string {
  const lines = report.issues.map(formatIssue);
  lines.push(summaryLine(report));
  return lines.join('\n');
}

/** `模板检查通过` or `发现 3 处错误、1 处警告`. */
export function summaryLine(report: Pick<TemplateCheckReport, 'errors' | 'warnings' | 'file'>): string {
  if (report.errors === 0 && report.warnings === 0) return `${report.file}：模板检查通过，没有发现问题。`;
  if (report.errors === 0) return `${report.file}：模板可以使用，另有 ${report.warnings} 处警告。`;
  return `${report.file}：发现 ${report.errors} 处错误${report.warnings > 0 ? `、${report.warnings} 处警告` : ''}，模板不能使用。`;
}
