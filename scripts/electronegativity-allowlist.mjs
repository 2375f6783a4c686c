// How scripts/electronegativity.mjs judges the scanner's findings against the reviewed allowlist
// (build/electronegativity-allowlist.json). An entry allows a finding only when it matches the
// finding's content, not just its check and file: severity, confidence, description and sample
// (for a CSP finding, the policy itself, compared directive by directive). Adding 'unsafe-eval',
// a remote origin or a wildcard to the policy changes the sample, so the finding is unreviewed and
// the scan fails; a policy that weakens script-src or names a remote origin fails even if someone
// allowlists it. Pure functions, unit-tested in tests/unit/electronegativity.test.ts.
import { posix } from 'node:path';

/** A CSP in one canonical spelling: directives trimmed, whitespace collapsed, empty ones dropped. */
export function normalisePolicy(policy) {
  return policy
    .split(';')
    .map((d) => d.trim().replace(/\s+/g, ' '))
    .filter(Boolean)
    .join('; ');
}

/**
 * The header policy as written in src/main/csp.ts: the literal strings of the
 * `CONTENT_SECURITY_POLICY = [ … ].join('; ')` list. The scanner cannot read it (it is not a
 * string literal), so the script reads it itself. Undefined when the list is not written that way.
 */
export function headerPolicyFrom(source) {
  const list = /CONTENT_SECURITY_POLICY\s*=\s*\[([\s\S]*?)\]\s*\.join\(\s*'; '\s*\)/.exec(source);
  if (!list) return undefined;
  const strings = [...list[1].matchAll(/"([^"\\]*)"|'([^'\\]*)'/g)].map((m) => m[1] ?? m[2]);
  const rest = list[1].replace(/"([^"\\]*)"|'([^'\\]*)'/g, '').replace(/[\s,]/g, '');
  // Anything but string literals (a variable, a spread, a call) cannot be reviewed: refuse it.
  return rest === '' && strings.length > 0 ? strings.join('; ') : undefined;
}

/** The scanner reports this for a CSP it cannot parse (our header, built from a list). */
const UNPARSED_CSP = 'Failed to parse CSP, it may not be valid.';

/**
 * The header policy of the file the scanner reports (src/main/electron/security.ts, which sets the
 * header): its own literal list, or the list of the module it imports CONTENT_SECURITY_POLICY from
 * by a relative path (src/main/csp.ts), one step. Undefined when neither is a list of literals.
 */
export function headerPolicyOf(file, readSource) {
  const source = readSource(file) ?? '';
  const own = headerPolicyFrom(source);
  if (own !== undefined) return own;
  const imported = /import\s*\{[^}]*\bCONTENT_SECURITY_POLICY\b[^}]*\}\s*from\s*'(\.{1,2}\/[^']+)'/.exec(source);
  if (!imported) return undefined;
  const target = posix.normalize(posix.join(posix.dirname(file), `${imported[1]}.ts`));
  return headerPolicyFrom(readSource(target) ?? '');
}

/** Findings with their content completed: the header CSP finding gets the policy read from the source. */
export function withContent(findings, readSource) {
  return findings.map((f) => {
    if (f.check !== 'CSP_GLOBAL_CHECK' || f.description !== UNPARSED_CSP || f.sample !== 'N/A') return f;
    const policy = headerPolicyOf(f.file, readSource);
    return policy === undefined ? f : { ...f, sample: policy };
  });
}

/** Problems no allowlist entry can excuse in a policy: eval, remote origins, wildcards, scripts beyond 'self'. */
export function cspViolations(policy) {
  const problems = [];
  for (const directive of normalisePolicy(policy).split('; ')) {
    const [name, ...sources] = directive.split(' ');
    for (const source of sources) {
      if (/^'(unsafe-eval|wasm-unsafe-eval|unsafe-hashes)'$/.test(source)) problems.push(`${name} ${source}`);
      else if (source.includes('*')) problems.push(`${name} ${source} (wildcard)`);
      else if (/^[a-z][a-z0-9+.-]*:\/\//i.test(source) || /^(https?|wss?|ftp):$/i.test(source) || /^[a-z0-9-]+(\.[a-z0-9-]+)+(:\d+)?(\/.*)?$/i.test(source)) {
        problems.push(`${name} ${source} (remote origin)`);
      } else if ((name === 'script-src' || name === 'default-src') && source !== "'self'" && source !== "'none'") problems.push(`${name} ${source}`);
    }
  }
  return problems;
}

const CONTENT_FIELDS = ['severity', 'confidence', 'description', 'sample'];

/** Whether an entry allows a finding: same check and file, and every content field equal (all four required). */
export function entryMatches(entry, finding) {
  if (entry.check !== finding.check || entry.file !== finding.file) return false;
  return CONTENT_FIELDS.every((field) => {
    if (typeof entry[field] !== 'string') return false;
    if (field === 'sample' && finding.check === 'CSP_GLOBAL_CHECK') return normalisePolicy(entry.sample) === normalisePolicy(finding.sample ?? '');
    return entry[field] === finding[field];
  });
}

/** Sorts findings into allowed (with their entry) and unreviewed; lists entries that matched nothing. */
export function review(findings, allowlist) {
  const allowed = [];
  const unreviewed = [];
  for (const f of findings) {
    const entry = allowlist.find((a) => entryMatches(a, f));
    const violations = f.check === 'CSP_GLOBAL_CHECK' && f.sample && f.sample !== 'N/A' ? cspViolations(f.sample) : [];
    if (entry && violations.length === 0) allowed.push({ finding: f, entry });
    else unreviewed.push({ finding: f, violations });
  }
  const stale = allowlist.filter((a) => !findings.some((f) => entryMatches(a, f)));
  return { allowed, unreviewed, stale };
}
