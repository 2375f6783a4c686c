// "Byte-identical on any machine": the engine's world decides which installed fonts a render may
// see. A font installed on the machine changes a PDF only when the template asks for that family;
// the golden tests' engine sees none (`systemFontDirs: []`).
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderBriefingPdf } from '../../../src/core/pdf';
import { createEngine } from '../../../src/main/engine';
import type { Template } from '../../../src/shared/template';
import { loadBriefing, loadTemplate, paths, PINNED, testEngine } from './render';

const wenkai = join(paths.resourcesDir, 'fonts', 'LXGWWenKai-Regular.ttf');

/** A folder standing in for the machine's font folder, holding copies of a bundled font under installed names. */
function installed(...names: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'bs-system-fonts-'));
  for (const name of names) copyFileSync(wenkai, join(dir, name));
  return dir;
}

function engineSeeing(dir: string) {
  return createEngine({ resourcesDir: paths.resourcesDir, templatesDir: paths.templatesDir, dataDir: join(paths.root, 'tests', 'fixtures', 'no-user-data'), systemFontDirs: [dir], clock: () => PINNED, appVersion: '0.0.0-test', keepTemplateVersions: false });
}

async function pdfOf(engine: ReturnType<typeof createEngine>, template: Template = loadTemplate().template) {
  const loaded = { ...loadTemplate(), template };
  const result = await renderBriefingPdf(loadBriefing('demo'), template, engine.hostFor(loaded));
  if (!result.ok) throw new Error(result.message);
  return result.value;
}

describe('installed fonts and the engine world', () => {
  it('a font the template does not ask for changes nothing: the PDF is byte-identical', async () => {
    const reference = await pdfOf(testEngine);
    // 微软雅黑, Arial Unicode and a stray font: common on officials' machines, named by no template role.
    const other = await pdfOf(engineSeeing(installed('msyh.ttf', 'ARIALUNI.TTF', 'MyFont.ttf')));
    expect(Buffer.from(other.pdf).equals(Buffer.from(reference.pdf))).toBe(true);
  }, 60_000);

  it('a family the template asks for (仿宋 as simfang.ttf) is used, and the report says it came from the machine', async () => {
    const reference = await pdfOf(testEngine);
    const dir = installed('simfang.ttf');
    const withFangSong = await pdfOf(engineSeeing(dir));
    expect(Buffer.from(withFangSong.pdf).equals(Buffer.from(reference.pdf))).toBe(false);
    const fangsong = withFangSong.fontReport.find((r) => r.role === 'fangsong');
    expect(fangsong?.origin).toBe('system');
    expect(fangsong?.location).toBe(join(dir, 'simfang.ttf'));
    // The same installed font, with a template that names no installed 仿宋: unchanged again.
    const base = loadTemplate().template;
    const bundledOnly: Template = { ...base, fonts: { ...base.fonts, fangsong: { ...base.fonts.fangsong, systemFamilies: [] } } };
    const [a, b] = await Promise.all([pdfOf(testEngine, bundledOnly), pdfOf(engineSeeing(dir), bundledOnly)]);
    expect(Buffer.from(b.pdf).equals(Buffer.from(a.pdf))).toBe(true);
  }, 60_000);
});
