// Test support: render fixture briefings with the real engine, fonts and templates, on a pinned clock.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderBriefingPdf, type RenderOptions, type RenderResult } from '../../../src/core/pdf';
import { findAppPaths } from '../../../src/main/paths';
import { createEngine } from '../../../src/main/engine';
import { resolveTemplate, type LoadedTemplate } from '../../../src/main/services/export';
import { parseBriefingJson, type Briefing } from '../../../src/shared/briefing';
import type { Result } from '../../../src/shared/errors';

export const paths = findAppPaths(import.meta.dirname);
/** The pinned clock of every test export: 2025-02-12 08:00 Beijing time. */
export const PINNED = new Date('2025-02-12T00:00:00Z');
export const fixturesDir = join(paths.root, 'tests', 'fixtures', 'briefings');

/**
 * The engine world of the PDF tests: pinned clock, no user data, and no installed fonts
 * (`systemFontDirs: []`), so the golden files are byte-identical on any machine.
 */
export const testEngine = createEngine({
  resourcesDir: paths.resourcesDir,
  templatesDir: paths.templatesDir,
  dataDir: join(paths.root, 'tests', 'fixtures', 'no-user-data'),
  systemFontDirs: [],
  clock: () => PINNED,
  appVersion: '0.0.0-test',
  keepTemplateVersions: false,
});

export function loadTemplate(id = 'gongzuo-jianbao'): LoadedTemplate {
  const loaded = resolveTemplate(testEngine, id);
  if (!loaded.ok) throw new Error(loaded.message);
  return loaded.value;
}

/** A fixture briefing by name (tests/fixtures/briefings/<name>.json) or the demo sample ('demo'). */
export function loadBriefing(name: string): Briefing {
  const file = name === 'demo' ? join(paths.resourcesDir, 'samples', 'demo-briefing.json') : join(fixturesDir, `${name}.json`);
  const parsed = parseBriefingJson(readFileSync(file, 'utf8'));
  if (!parsed.ok) throw new Error(`${file}: ${parsed.message}`);
  return parsed.value;
}

/** Renders a briefing with the built-in template on the pinned clock. */
export async function render(briefing: Briefing, options: RenderOptions = {}, template = loadTemplate()): Promise<Result<RenderResult>> {
  return renderBriefingPdf(briefing, template.template, testEngine.hostFor(template), options);
}

/** Renders and unwraps (throws on failure). */
export async function renderOk(briefing: Briefing, options: RenderOptions = {}): Promise<RenderResult> {
  const result = await render(briefing, options);
  if (!result.ok) throw new Error(result.message);
  return result.value;
}
