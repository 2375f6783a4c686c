import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTemplateRegistry, USER_TEMPLATE_FILE, type ResolvedTemplate } from '.';
import { renderBriefingPdf } from '../../core/pdf';
import { sampleBriefing } from '../../core/template';
import { findAppPaths } from '../paths';
import { createEngine } from '../engine';
import { createNodeFontHost } from '../fonts';
import { imageReaderFor } from './images';

const paths = findAppPaths(import.meta.dirname);
const temp = (prefix: string) => mkdtempSync(join(tmpdir(), prefix));

/** A registry on a fresh data folder; built-ins from the repository, or a private copy to change them. */
function setup(options: { copyBuiltins?: boolean } = {}) {
  const dataDir = temp('bs-reg-data-');
  let templatesDir = paths.templatesDir;
  if (options.copyBuiltins) {
    templatesDir = temp('bs-reg-builtin-');
    cpSync(paths.templatesDir, templatesDir, { recursive: true });
  }
  return { dataDir, templatesDir, registry: createTemplateRegistry({ templatesDir, dataDir, now: () => new Date('2025-02-12T00:00:00Z') }) };
}

/** A user template file extending 工作简报, written to a fresh folder. */
function userTemplate(fields: Record<string, unknown> = {}, name = 'shiwei.json'): string {
  const dir = temp('bs-src-');
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify({ extends: 'gongzuo-jianbao', id: 'shiwei-jianbao', name: '市委工作简报', version: '1.0.0', ...fields }, null, 2));
  return file;
}

describe('the built-ins', () => {
  it('lists the five built-in templates, valid, read-only, with their current version kept', () => {
    const { registry, dataDir } = setup();
    expect(registry.resolve('gongzuo-jianbao').ok).toBe(true);
    expect(existsSync(join(dataDir, 'templates'))).toBe(false); // resolving only reads
    const list = registry.list();
    expect(list.map((t) => [t.id, t.name, t.valid, t.readOnly, t.errors, t.warnings])).toEqual([
      ['gongzuo-jianbao', '工作简报', true, true, 0, 0],
      ['lingdao-canyue', '领导参阅件', true, true, 0, 0],
      ['chengshi-duibiao', '城市对标分析', true, true, 0, 0],
      ['huiyi-cailiao', '会议材料', true, true, 0, 0],
      ['xinxi-zhuanbao', '信息专报', true, true, 0, 0],
    ]);
    expect(list.find((t) => t.id === 'lingdao-canyue')?.extends).toBe('gongzuo-jianbao');
    // what the gallery shows may be chosen for a draft: its version is kept from then on
    expect(readdirSync(join(dataDir, 'templates', '.versions')).sort()).toEqual(list.map((t) => `${t.id}@${t.version}.json`).sort());
  });

  it('finds a template by its Chinese name as well as its id', () => {
    const { registry } = setup();
    expect(registry.findByIdOrName('工作简报')?.id).toBe('gongzuo-jianbao');
    expect(registry.findByIdOrName('xinxi-zhuanbao')?.id).toBe('xinxi-zhuanbao');
    expect(registry.findByIdOrName('不存在')).toBeUndefined();
  });

  it('refuses to delete a built-in and suggests a close id for an unknown one', () => {
    const { registry } = setup();
    const removed = registry.remove('gongzuo-jianbao');
    expect(removed.ok ? 'ok' : removed.code).toBe('PERMISSION_DENIED');
    const unknown = registry.resolve('gongzuo');
    expect(unknown.ok ? '' : unknown.message).toContain('您是否想用“gongzuo-jianbao”');
  });
});

describe('import', () => {
  it('imports a file into <dataDir>/templates/<id>/template.json and keeps its version', () => {
    const { registry, dataDir } = setup();
    const result = registry.import(userTemplate({ masthead: { seriesName: { style: { color: '#C8102E' } } } }));
    expect(result.ok && result.value.status).toBe('imported');
    const file = join(dataDir, 'templates', 'shiwei-jianbao', USER_TEMPLATE_FILE);
    expect(JSON.parse(readFileSync(file, 'utf8')).extends).toBe('gongzuo-jianbao');
    expect(existsSync(join(dataDir, 'templates', '.versions', 'shiwei-jianbao@1.0.0.json'))).toBe(true);
    const resolved = registry.resolve('shiwei-jianbao');
    expect(resolved.ok && resolved.value.template.masthead.seriesName.style.color).toBe('#C8102E');
    expect(registry.list().find((t) => t.id === 'shiwei-jianbao')).toMatchObject({ origin: 'user', readOnly: false, valid: true, name: '市委工作简报' });
  });

  it('imports a folder with the fonts the template names, and the engine then uses them', () => {
    const { registry, dataDir } = setup();
    const dir = temp('bs-folder-');
    mkdirSync(join(dir, 'fonts'));
    cpSync(join(paths.resourcesDir, 'fonts', 'LXGWWenKai-Regular.ttf'), join(dir, 'fonts', '楷体.ttf'));
    writeFileSync(join(dir, 'unrelated.txt'), 'not copied');
    writeFileSync(
      join(dir, 'template.json'),
      JSON.stringify({ extends: 'gongzuo-jianbao', id: 'kai-jianbao', name: '楷体简报', version: '1.0.0', fonts: { kaiti: { files: ['fonts/楷体.ttf'], systemFamilies: [] } } }),
    );
    const result = registry.import(dir);
    expect(result.ok && result.value.assets).toEqual(['fonts/楷体.ttf']);
    expect(readdirSync(join(dataDir, 'templates', 'kai-jianbao')).sort()).toEqual(['fonts', 'template.json']);
    const resolved = registry.resolve('kai-jianbao');
    if (!resolved.ok) throw new Error(resolved.message);
    const face = createNodeFontHost({ resourcesDir: paths.resourcesDir, systemFontDirs: [] }).providerFor(resolved.value.template, resolved.value.dir).chain('kaiti')[0];
    expect(face?.origin).toBe('template');
    expect(face?.location).toBe(join(dataDir, 'templates', 'kai-jianbao', 'fonts', '楷体.ttf'));
  });

  it('rejects a broken template with its full report and installs nothing', () => {
    const { registry, dataDir } = setup();
    const result = registry.import(userTemplate({ body: { style: { role: 'fangsong2' } }, colors: { red: 'red' } }));
    expect(result.ok && result.value.status).toBe('rejected');
    if (!result.ok) return;
    expect(result.value.report.issues.map((i) => i.code)).toEqual(['unknown-role', 'invalid-colour']);
    expect(existsSync(join(dataDir, 'templates', 'shiwei-jianbao'))).toBe(false);
  });

  it('refuses a template that takes a built-in id', () => {
    const { registry } = setup();
    const result = registry.import(userTemplate({ extends: undefined, ...JSON.parse(readFileSync(join(paths.templatesDir, 'gongzuo-jianbao.json'), 'utf8')), $schema: undefined, version: '9.0.0' }));
    expect(result.ok ? 'ok' : result.message).toContain('与内置模板相同');
  });

  it('treats the same version: identical → unchanged, different → refused with the fix', () => {
    const { registry } = setup();
    expect(registry.import(userTemplate()).ok).toBe(true);
    const again = registry.import(userTemplate());
    expect(again.ok && again.value.status).toBe('unchanged');
    const changed = registry.import(userTemplate({ body: { indentChars: 1 } }));
    expect(changed.ok ? 'ok' : changed.message).toContain('"version": "1.0.1"');
    const older = registry.import(userTemplate({ version: '0.9.0' }));
    expect(older.ok ? 'ok' : older.message).toContain('更新的 1.0.0 版');
  });
});

describe('versions: drafts pinned to id@version keep rendering with it', () => {
  it('a newer import replaces the template; the old version stays resolvable and is reported as outdated', () => {
    const { registry, dataDir } = setup();
    registry.import(userTemplate());
    const v2 = registry.import(userTemplate({ version: '1.1.0', body: { style: { role: 'fangsong', sizePt: 15 } }, masthead: { rule: { widthPt: 1 } } }));
    expect(v2.ok && v2.value).toMatchObject({ status: 'imported', replacedVersion: '1.0.0' });
    const old = registry.resolve('shiwei-jianbao', '1.0.0');
    const current = registry.resolve('shiwei-jianbao');
    expect(old.ok && [old.value.origin, old.value.current, old.value.template.body.style.sizePt]).toEqual(['version', false, 16]);
    expect(current.ok && [current.value.current, current.value.template.body.style.sizePt]).toEqual([true, 15]);
    const status = registry.versionStatus('shiwei-jianbao', '1.0.0');
    expect(status).toMatchObject({ state: 'outdated', pinned: '1.0.0', current: '1.1.0', changes: ['正文', '报头'] });
    expect(status.message).toContain('草稿仍按 1.0.0 版排版');
    const ref = registry.resolveRef({ id: 'shiwei-jianbao', version: '1.0.0' });
    expect(ref.ok && ref.value.loaded.template.version).toBe('1.0.0');
    expect(registry.list().find((t) => t.id === 'shiwei-jianbao')?.versions).toEqual(['1.1.0', '1.0.0']);
    // the replaced folder went to the trash, not away
    expect(readdirSync(join(dataDir, 'templates', '.trash'))).toHaveLength(1);
  });

  it('a built-in changed by an app update: drafts pinned to the version they used keep it', () => {
    const { registry, templatesDir } = setup({ copyBuiltins: true });
    expect(registry.use('gongzuo-jianbao').ok).toBe(true); // used once: 1.0.0 kept
    const file = join(templatesDir, 'gongzuo-jianbao.json');
    writeFileSync(file, readFileSync(file, 'utf8').replace('"version": "1.0.0"', '"version": "1.1.0"').replace('"widthPt": 2.25', '"widthPt": 1.5'));
    const pinned = registry.resolveRef({ id: 'gongzuo-jianbao', version: '1.0.0' });
    expect(pinned.ok && [pinned.value.loaded.template.masthead.rule.widthPt, pinned.value.status.state]).toEqual([2.25, 'outdated']);
    const fresh = registry.resolveRef({ id: 'gongzuo-jianbao', version: '1.1.0' });
    expect(fresh.ok && [fresh.value.loaded.template.masthead.rule.widthPt, fresh.value.status.state]).toEqual([1.5, 'current']);
  });

  it('warns when a version number is reused for different content; the current file wins for that version', () => {
    const { registry, templatesDir } = setup({ copyBuiltins: true });
    registry.use('gongzuo-jianbao');
    const file = join(templatesDir, 'gongzuo-jianbao.json');
    writeFileSync(file, readFileSync(file, 'utf8').replace('"widthPt": 2.25', '"widthPt": 2'));
    const report = registry.checkInstalled('gongzuo-jianbao');
    expect(report.ok && report.value.issues.map((i) => [i.severity, i.code, i.path])).toEqual([['warning', 'version-reused', 'version']]);
    expect(report.ok && report.value.issues[0]!.hint).toContain('1.0.1');
  });

  it('old versions shipped in templates/versions are found too', () => {
    const { registry, templatesDir } = setup({ copyBuiltins: true });
    const resolved = registry.resolve('gongzuo-jianbao');
    if (!resolved.ok) throw new Error(resolved.message);
    mkdirSync(join(templatesDir, 'versions'), { recursive: true });
    writeFileSync(join(templatesDir, 'versions', 'gongzuo-jianbao@0.9.0.json'), JSON.stringify({ ...resolved.value.template, version: '0.9.0' }));
    expect(registry.resolve('gongzuo-jianbao', '0.9.0').ok).toBe(true);
    expect(registry.versionStatus('gongzuo-jianbao', '0.9.0').state).toBe('outdated');
    expect(registry.versionStatus('gongzuo-jianbao', '0.8.0').state).toBe('version-missing');
    expect(registry.versionStatus('gongzuo-jianbao', '2.0.0').state).toBe('newer');
    expect(registry.versionStatus('nope', '1.0.0').state).toBe('template-missing');
  });
});

describe('export, delete, duplicate', () => {
  it('exports a self-contained file (extends resolved) that imports elsewhere as the same template', () => {
    const { registry } = setup();
    registry.import(userTemplate({ body: { style: { role: 'fangsong', sizePt: 15 } } }));
    const out = join(temp('bs-export-'), '市委工作简报.json');
    const exported = registry.export('shiwei-jianbao', out);
    expect(exported.ok && exported.value).toEqual({ path: out, kind: 'file' });
    const json = JSON.parse(readFileSync(out, 'utf8'));
    expect(json.extends).toBeUndefined();
    expect(json.page.typeArea.widthMm).toBe(156);
    expect(json.body.style.sizePt).toBe(15);
    const other = setup();
    const imported = other.registry.import(out);
    expect(imported.ok && imported.value.status).toBe('imported');
    const a = registry.resolve('shiwei-jianbao');
    const b = other.registry.resolve('shiwei-jianbao');
    expect(a.ok && b.ok && JSON.stringify(b.value.template)).toBe(a.ok && JSON.stringify(a.value.template));
  });

  it('exports a template with fonts as a folder holding template.json and the fonts', () => {
    const { registry } = setup();
    const dir = temp('bs-folder-');
    mkdirSync(join(dir, 'fonts'));
    cpSync(join(paths.resourcesDir, 'fonts', 'LXGWWenKai-Regular.ttf'), join(dir, 'fonts', 'kai.ttf'));
    writeFileSync(join(dir, 'template.json'), JSON.stringify({ extends: 'gongzuo-jianbao', id: 'kai', name: '楷', version: '1.0.0', fonts: { kaiti: { files: ['fonts/kai.ttf'], systemFamilies: [] } } }));
    registry.import(dir);
    const out = join(temp('bs-export-'), 'kai.json');
    const exported = registry.export('kai', out);
    expect(exported.ok && exported.value.kind).toBe('folder');
    const folder = exported.ok ? exported.value.path : '';
    expect(readdirSync(folder).sort()).toEqual(['fonts', 'template.json']);
    expect(readdirSync(join(folder, 'fonts'))).toEqual(['kai.ttf']);
  });

  it('deletes a user template (to the trash); its kept version still renders pinned drafts', () => {
    const { registry, dataDir } = setup();
    registry.import(userTemplate());
    expect(registry.remove('shiwei-jianbao').ok).toBe(true);
    expect(registry.list().some((t) => t.id === 'shiwei-jianbao')).toBe(false);
    expect(existsSync(join(dataDir, 'templates', 'shiwei-jianbao'))).toBe(false);
    const status = registry.versionStatus('shiwei-jianbao', '1.0.0');
    expect(status.state).toBe('template-missing');
    expect(status.message).toContain('仍按保留的 1.0.0 版排版');
    const pinned = registry.resolveRef({ id: 'shiwei-jianbao', version: '1.0.0' });
    expect(pinned.ok && pinned.value.loaded.origin).toBe('version');
  });

  it('refuses to delete a template another one extends', () => {
    const { registry } = setup();
    registry.import(userTemplate());
    registry.import(userTemplate({ extends: 'shiwei-jianbao', id: 'shiwei-canyue', name: '市委参阅件' }));
    const removed = registry.remove('shiwei-jianbao');
    expect(removed.ok ? 'ok' : removed.message).toContain('“shiwei-canyue”');
  });

  it('duplicates a built-in into an editable user template (full copy, version 1.0.0)', () => {
    const { registry, dataDir } = setup();
    const first = registry.duplicate('gongzuo-jianbao');
    const second = registry.duplicate('gongzuo-jianbao', { name: '区委工作简报' });
    expect(first.ok && [first.value.id, first.value.name, first.value.version, first.value.origin, first.value.valid]).toEqual(['gongzuo-jianbao-copy', '工作简报（副本）', '1.0.0', 'user', true]);
    expect(second.ok && [second.value.id, second.value.name]).toEqual(['gongzuo-jianbao-copy-2', '区委工作简报']);
    const json = JSON.parse(readFileSync(join(dataDir, 'templates', 'gongzuo-jianbao-copy', USER_TEMPLATE_FILE), 'utf8'));
    expect(Object.keys(json).slice(0, 4)).toEqual(['id', 'name', 'version', 'description']);
    expect(json.masthead.seriesName.style.color).toBe('#FF0000');
    const taken = registry.duplicate('gongzuo-jianbao', { newId: 'gongzuo-jianbao-copy' });
    expect(taken.ok ? 'ok' : taken.message).toContain('已被使用');
  });

  it('writes the text of a new template by copy or by extends (CLI template new)', () => {
    const { registry } = setup();
    const copy = registry.newTemplateText('工作简报', { id: 'quwei', name: '区委简报', schema: './template.schema.json' });
    const ext = registry.newTemplateText('领导参阅件', { id: 'quwei-canyue', mode: 'extends' });
    expect(copy.ok && copy.value.assets).toEqual([]);
    expect(copy.ok && JSON.parse(copy.value.text)).toMatchObject({ $schema: './template.schema.json', id: 'quwei', name: '区委简报', version: '1.0.0', grid: { charsPerLine: 28 } });
    expect(ext.ok && JSON.parse(ext.value.text)).toEqual({ extends: 'lingdao-canyue', id: 'quwei-canyue', name: '领导参阅件（副本）', version: '1.0.0', description: expect.stringContaining('领导参阅件') });
    const unknown = registry.newTemplateText('工作简', { id: 'x' });
    expect(unknown.ok ? '' : unknown.message).toContain('可用的模板：');
  });
});

describe('templates with a masthead logo (tests/fixtures/templates/with-logo)', () => {
  const fixture = join(paths.root, 'tests', 'fixtures', 'templates', 'with-logo');
  const emblem = readFileSync(join(fixture, 'images', 'emblem.png'));

  /** The template's sample rendered as the export service does, its images read from its folder. */
  async function render(loaded: ResolvedTemplate) {
    const engine = createEngine({ resourcesDir: paths.resourcesDir, templatesDir: paths.templatesDir, dataDir: temp('bs-reg-engine-'), systemFontDirs: [], clock: () => new Date('2025-02-12T00:00:00Z'), appVersion: '0.0.0-test' });
    const result = await renderBriefingPdf(sampleBriefing(loaded.template), loaded.template, { ...engine.hostFor(loaded), images: imageReaderFor(loaded.dir) });
    if (!result.ok) throw new Error(result.message);
    return result.value;
  }
  const resolved = (registry: ReturnType<typeof setup>['registry'], id: string) => {
    const r = registry.resolve(id);
    if (!r.ok) throw new Error(r.message);
    return r.value;
  };
  /** Image XObjects in a PDF (pdfkit writes dictionaries uncompressed). */
  const imageObjects = (pdf: Uint8Array) => Buffer.from(pdf).toString('latin1').match(/\/Subtype \/Image/g)?.length ?? 0;

  it('imports the folder with its logo, and rendering through the registry draws it', async () => {
    const { registry, dataDir } = setup();
    const result = registry.import(fixture);
    expect(result.ok && [result.value.status, result.value.assets, result.value.report.issues.length]).toEqual(['imported', ['images/emblem.png'], 0]);
    const installed = join(dataDir, 'templates', 'with-logo');
    expect(readdirSync(installed).sort()).toEqual(['images', 'template.json']);
    expect(readFileSync(join(installed, 'images', 'emblem.png')).equals(emblem)).toBe(true);
    const loaded = resolved(registry, 'with-logo');
    expect(loaded.template.masthead.logo).toEqual({ file: 'images/emblem.png', widthMm: 24, heightMm: 16, topMm: 44, align: 'center' });
    const rendered = await render(loaded);
    expect(rendered.missingImages).toEqual([]);
    expect(imageObjects(rendered.pdf)).toBe(2); // the emblem and its transparency mask
    const [logo] = rendered.layout.pages[0]!.items.filter((i) => i.kind === 'image');
    expect(logo && { x: logo.x / (72 / 25.4), y: logo.y / (72 / 25.4), w: logo.w / (72 / 25.4) }).toEqual({ x: expect.closeTo(98, 6), y: expect.closeTo(44, 6), w: expect.closeTo(16, 6) });
  });

  it('exports a folder with the logo; imported elsewhere it is the same template and the same PDF', async () => {
    const { registry } = setup();
    registry.import(fixture);
    const out = join(temp('bs-export-'), '带徽标.json');
    const exported = registry.export('with-logo', out);
    expect(exported.ok && exported.value).toEqual({ path: out.slice(0, -5), kind: 'folder' });
    const folder = exported.ok ? exported.value.path : '';
    expect(readdirSync(folder).sort()).toEqual(['images', 'template.json']);
    expect(readFileSync(join(folder, 'images', 'emblem.png')).equals(emblem)).toBe(true);
    expect(JSON.parse(readFileSync(join(folder, 'template.json'), 'utf8')).extends).toBeUndefined();

    const other = setup();
    const imported = other.registry.import(folder);
    expect(imported.ok && [imported.value.status, imported.value.assets]).toEqual(['imported', ['images/emblem.png']]);
    const a = resolved(registry, 'with-logo');
    const b = resolved(other.registry, 'with-logo');
    expect(JSON.stringify(b.template)).toBe(JSON.stringify(a.template));
    const [pa, pb] = [await render(a), await render(b)];
    expect(imageObjects(pb.pdf)).toBe(2);
    expect(Buffer.from(pb.pdf).equals(Buffer.from(pa.pdf))).toBe(true);
  });

  it('duplicating copies the logo with the template', () => {
    const { registry, dataDir } = setup();
    registry.import(fixture);
    const copy = registry.duplicate('with-logo', { newId: 'with-logo-2' });
    expect(copy.ok && [copy.value.valid, copy.value.errors]).toEqual([true, 0]);
    expect(readFileSync(join(dataDir, 'templates', 'with-logo-2', 'images', 'emblem.png')).equals(emblem)).toBe(true);
  });

  it('rejects a folder whose logo is missing or is not really an image, installing nothing', () => {
    const { registry, dataDir } = setup();
    const dir = temp('bs-folder-');
    cpSync(fixture, dir, { recursive: true });
    writeFileSync(join(dir, 'images', 'emblem.png'), '<html>not an image</html>');
    const fake = registry.import(dir);
    expect(fake.ok && fake.value.status).toBe('rejected');
    expect(fake.ok && fake.value.report.issues.map((i) => [i.code, i.path])).toEqual([['bad-file-type', 'masthead.logo.file']]);
    rmSync(join(dir, 'images', 'emblem.png'));
    const missing = registry.import(dir);
    expect(missing.ok && missing.value.report.issues.map((i) => [i.code, i.path])).toEqual([['missing-file', 'masthead.logo.file']]);
    expect(existsSync(join(dataDir, 'templates', 'with-logo'))).toBe(false);
  });
});
