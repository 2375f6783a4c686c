// The electronegativity allowlist matches on a finding's content, not only its check and file:
// with the findings the scanner reports for our sources (recorded from a real scan), the reviewed
// allowlist passes; adding 'unsafe-eval' or a remote origin to the CSP — in index.html or in the
// header constant (src/main/csp.ts, imported by the electron/security.ts the scanner reports) —
// leaves a finding unreviewed, so `npm run test:security` fails.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain ES module script without types
import { cspViolations, headerPolicyFrom, headerPolicyOf, review, withContent } from '../../scripts/electronegativity-allowlist.mjs';

interface Finding {
  check: string;
  severity: string;
  confidence: string;
  file: string;
  location: string;
  sample: string;
  description: string;
}
type Review = { allowed: unknown[]; unreviewed: { finding: Finding; violations: string[] }[]; stale: unknown[] };

const root = join(import.meta.dirname, '..', '..');
const allowlist = JSON.parse(readFileSync(join(root, 'build', 'electronegativity-allowlist.json'), 'utf8')).entries;
const securitySource = readFileSync(join(root, 'src', 'main', 'electron', 'security.ts'), 'utf8');
const cspSource = readFileSync(join(root, 'src', 'main', 'csp.ts'), 'utf8');
/** The sources by path as the scan reads them: security.ts as it is, csp.ts as given. */
const sources =
  (csp = cspSource, security = securitySource) =>
  (file: string): string | undefined =>
    ({ 'src/main/electron/security.ts': security, 'src/main/csp.ts': csp })[file];
const htmlPolicy = /http-equiv="Content-Security-Policy"\s+content="([^"]*)"/.exec(readFileSync(join(root, 'src', 'renderer', 'index.html'), 'utf8'))![1]!;

/** What the scanner reports for our sources (rows of a real scan, file paths relative). */
function scannerFindings(html = htmlPolicy): Finding[] {
  return [
    { check: 'CSP_GLOBAL_CHECK', severity: 'LOW', confidence: 'TENTATIVE', file: 'src/main/electron/security.ts', location: '79:6', sample: 'N/A', description: 'Failed to parse CSP, it may not be valid.' },
    { check: 'CSP_GLOBAL_CHECK', severity: 'LOW', confidence: 'FIRM', file: 'src/renderer/index.html', location: '5:0', sample: html, description: 'One or more CSP directives detected seems to be vulnerable' },
    { check: 'PRELOAD_JS_CHECK', severity: 'MEDIUM', confidence: 'FIRM', file: 'src/main/electron/security.ts', location: '54:6', sample: 'preload: preloadPath,', description: 'Review the use of preload scripts' },
  ];
}
const judge = (findings: Finding[], csp = cspSource, security = securitySource): Review => review(withContent(findings, sources(csp, security)), allowlist);
const withScriptSrc = (source: string, extra: string) => source.replace(`"script-src 'self'"`, `"script-src 'self' ${extra}"`);

describe('electronegativity allowlist', () => {
  it('allows exactly the reviewed findings of our sources, wherever their lines move', () => {
    const result = judge(scannerFindings().map((f) => ({ ...f, location: '1:0' })));
    expect([result.allowed.length, result.unreviewed.length, result.stale.length]).toEqual([3, 0, 0]);
  });

  it.each([["'unsafe-eval'"], ['https://cdn.example.com'], ['*']])('fails when index.html adds %s to script-src', (extra) => {
    const result = judge(scannerFindings(htmlPolicy.replace("script-src 'self'", `script-src 'self' ${extra}`)));
    expect(result.unreviewed.map((u) => u.finding.file)).toEqual(['src/renderer/index.html']);
    expect(result.unreviewed[0]!.violations.length).toBeGreaterThan(0);
  });

  it.each([["'unsafe-eval'"], ['https://cdn.example.com']])('fails when the header constant in csp.ts adds %s', (extra) => {
    const result = judge(scannerFindings(), withScriptSrc(cspSource, extra));
    expect(result.unreviewed.map((u) => [u.finding.file, u.finding.check])).toEqual([['src/main/electron/security.ts', 'CSP_GLOBAL_CHECK']]);
  });

  it('fails when the header constant is no longer a list of literals the script can read', () => {
    const source = cspSource.replace(`"connect-src 'self'",`, 'REMOTE_CONNECT,');
    expect(headerPolicyFrom(source)).toBeUndefined();
    expect(judge(scannerFindings(), source).unreviewed).toHaveLength(1);
  });

  it('reads the header policy through security.ts\'s import of csp.ts, and nothing when the import goes elsewhere', () => {
    expect(headerPolicyOf('src/main/electron/security.ts', sources())).toBe(headerPolicyFrom(cspSource));
    expect(headerPolicyFrom(securitySource)).toBeUndefined();
    const elsewhere = securitySource.replace(`from '../csp'`, `from '../other-csp'`);
    expect(headerPolicyOf('src/main/electron/security.ts', sources(cspSource, elsewhere))).toBeUndefined();
    expect(judge(scannerFindings(), cspSource, elsewhere).unreviewed).toHaveLength(1);
  });

  it('fails when a finding changes severity or description, even with the same check and file', () => {
    const findings = scannerFindings();
    findings[2] = { ...findings[2]!, severity: 'HIGH' };
    expect(judge(findings).unreviewed.map((u) => u.finding.check)).toEqual(['PRELOAD_JS_CHECK']);
  });

  it('never allows eval, wildcards or remote origins in a CSP, even when an entry lists them', () => {
    const weak = htmlPolicy.replace("connect-src 'self'", "connect-src 'self' wss://example.com");
    const lenient = allowlist.map((e: { file: string }) => (e.file === 'src/renderer/index.html' ? { ...e, sample: weak } : e));
    expect(review(withContent(scannerFindings(weak), sources()), lenient).unreviewed[0].violations).toEqual(['connect-src wss://example.com (remote origin)']);
    expect(cspViolations(htmlPolicy)).toEqual([]);
    expect(cspViolations("script-src 'self' 'unsafe-eval'; img-src *")).toEqual(["script-src 'unsafe-eval'", 'img-src * (wildcard)']);
  });
});
