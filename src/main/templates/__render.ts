import { writeFileSync } from 'node:fs';
import { renderBriefingPdf } from '../../core/pdf';
import { sampleBriefing, formatReport } from '../../core/template';
import { engineHostFor } from '../services/export';
import { findAppPaths } from '../paths';
import { createTemplateRegistry } from '.';
import { parseBriefingJson } from '../../shared/briefing';
import { readFileSync } from 'node:fs';
const paths = findAppPaths(import.meta.dirname);
const host = { templatesDir: paths.templatesDir, dataDir: '/tmp/tpl/data', resourcesDir: paths.resourcesDir, appVersion: '0.0.0', now: () => new Date('2025-02-12T00:00:00Z'), log: () => undefined };
const reg = createTemplateRegistry(host);
const ref = parseBriefingJson(readFileSync('tests/fixtures/briefings/bench-reference.json', 'utf8'));
for (const info of reg.list()) {
  console.log(info.id, info.version, info.valid, info.errors, info.warnings);
  if (!info.valid) { console.log(formatReport(reg.checkInstalled(info.id).ok ? (reg.checkInstalled(info.id) as any).value : null)); continue; }
  const r = reg.resolve(info.id); if (!r.ok) { console.log(r.message); continue; }
  for (const [name, b] of [['sample', sampleBriefing(r.value.template)], ['ref', ref.ok ? { ...ref.value, template: { id: info.id, version: info.version } } : null]] as const) {
    if (!b) continue;
    const t0 = performance.now();
    const out = await renderBriefingPdf(b, r.value.template, engineHostFor(host, r.value));
    if (!out.ok) { console.log(name, out.message); continue; }
    writeFileSync(`/tmp/tpl/${info.id}-${name}.pdf`, out.value.pdf);
    console.log(' ', name, out.value.pageCount, 'pages', Math.round(performance.now() - t0), 'ms');
  }
}
