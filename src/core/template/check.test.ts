import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  checkTemplate,
  closest,
  colourHint,
  editDistance,
  formatReport,
  mergePatch,
  parseTemplateSource,
  pathProblem,
  sampleBriefing,
  templateDiff,
  withExtends,
  type TemplateLoader,
} from '.';
import { changedSections } from './diff';
import { templateJsonSchema } from '../../shared/template';

const root = join(import.meta.dirname, '..', '..', '..');
const builtin = readFileSync(join(root, 'templates', 'gongzuo-jianbao.json'), 'utf8');

/** An in-memory loader: ids and relative paths map to texts. */
function memoryLoader(files: Record<string, string>, ids: Record<string, string> = {}): TemplateLoader {
  return {
    load(ref, fromFile) {
      const file = ref.endsWith('.json') ? `${fromFile.slice(0, fromFile.lastIndexOf('/') + 1)}${ref.replace(/^\.\//, '')}` : ids[ref];
      if (file === undefined || files[file] === undefined) return { ok: false, reason: 'not-found' };
      return { ok: true, file, text: files[file]! };
    },
    knownIds: () => Object.keys(ids),
    exists: (path) => files[`/t/${path}`] !== undefined,
  };
}
const withBase = (files: Record<string, string>) => memoryLoader({ '/builtin/gongzuo-jianbao.json': builtin, ...files }, { 'gongzuo-jianbao': '/builtin/gongzuo-jianbao.json' });

describe('JSON Merge Patch (extends)', () => {
  it('merges objects deeply, replaces arrays and scalars, removes keys set to null', () => {
    const base = { a: { b: 1, c: [1, 2], d: { e: 'x' } }, f: 'keep', g: 'drop' };
    const patch = { a: { b: 2, c: [3], d: { z: true } }, g: null };
    expect(mergePatch(base, patch)).toEqual({ a: { b: 2, c: [3], d: { e: 'x', z: true } }, f: 'keep' });
    // inputs untouched
    expect(base.a.b).toBe(1);
    expect(patch.a.c).toEqual([3]);
  });

  it('a child template changes only what it writes; everything else comes from its base', () => {
    const child = JSON.stringify({ extends: 'gongzuo-jianbao', id: 'shiwei', name: '市委简报', version: '1.0.0', body: { style: { sizePt: 15 } }, masthead: { seriesName: { style: { color: '#C8102E' } } } });
    const r = checkTemplate({ file: '/t/shiwei.json', text: child, loader: withBase({}) });
    expect(r.report.ok).toBe(true);
    expect(r.template?.id).toBe('shiwei');
    expect(r.template?.body.style).toEqual({ role: 'fangsong', sizePt: 15 });
    expect(r.template?.masthead.seriesName.style).toEqual({ role: 'xiaobiaosong', sizePt: 42, color: '#C8102E' });
    expect(r.template?.page.typeArea.widthMm).toBe(156);
    expect(r.report.chain).toEqual(['/t/shiwei.json', '/builtin/gongzuo-jianbao.json']);
    expect('extends' in (r.template as object)).toBe(false);
  });

  it('follows chains by path and id, the nearest definition winning', () => {
    const files = {
      '/t/a.json': JSON.stringify({ extends: './b.json', id: 'a', name: '甲', version: '1.0.0', body: { indentChars: 1 } }),
      '/t/b.json': JSON.stringify({ extends: 'gongzuo-jianbao', id: 'b', name: '乙', version: '2.0.0', body: { indentChars: 3, compressAdjacentPunctuation: false } }),
    };
    const r = checkTemplate({ file: '/t/a.json', text: files['/t/a.json'], loader: withBase(files) });
    expect(r.report.ok).toBe(true);
    expect(r.template?.body.indentChars).toBe(1);
    expect(r.template?.body.compressAdjacentPunctuation).toBe(false);
    expect(r.template?.version).toBe('1.0.0');
  });

  it('refuses cycles of any length and names the loop', () => {
    const files = {
      '/t/a.json': '{"extends":"./b.json","id":"a","name":"甲","version":"1.0.0"}',
      '/t/b.json': '{"extends":"./c.json","id":"b","name":"乙","version":"1.0.0"}',
      '/t/c.json': '{"extends":"./a.json","id":"c","name":"丙","version":"1.0.0"}',
    };
    const r = checkTemplate({ file: '/t/a.json', text: files['/t/a.json'], loader: memoryLoader(files) });
    const cycle = r.report.issues.find((i) => i.code === 'extends-cycle');
    expect(cycle?.message).toContain('a.json → b.json → c.json → a.json');
    expect(cycle?.file).toBe('/t/c.json');
    expect(r.template).toBeNull();
  });

  it('stops at the depth limit', () => {
    const files: Record<string, string> = {};
    for (let k = 0; k < 12; k++) files[`/t/t${k}.json`] = JSON.stringify({ extends: `./t${k + 1}.json`, id: `t${k}`, name: 'x', version: '1.0.0' });
    const r = checkTemplate({ file: '/t/t0.json', text: files['/t/t0.json']!, loader: memoryLoader(files) });
    expect(r.report.issues.map((i) => i.code)).toContain('extends-too-deep');
  });

  it('locates errors in the file that wrote the value: the child over its base', () => {
    const child = '{\n  "extends": "gongzuo-jianbao",\n  "id": "c",\n  "name": "子",\n  "version": "1.0.0",\n  "grid": { "charsPerLine": 35 }\n}';
    const r = checkTemplate({ file: '/t/c.json', text: child, loader: withBase({}) });
    const issue = r.report.issues.find((i) => i.code === 'grid-overflow');
    expect(issue).toMatchObject({ file: '/t/c.json', path: 'grid.charsPerLine', line: 6, column: 13 });
  });

  it('reports problems inside a base with the base file named', () => {
    const files = { '/t/base.json': builtin.replace('"barColor": "#404040"', '"barColor": "grey"').replace('"id": "gongzuo-jianbao"', '"id": "base"') };
    const child = '{"extends":"./base.json","id":"c","name":"子","version":"1.0.0"}';
    const r = checkTemplate({ file: '/t/c.json', text: child, loader: memoryLoader(files) });
    const issue = r.report.issues.find((i) => i.code === 'invalid-colour');
    expect(issue?.file).toBe('/t/base.json');
    expect(issue?.line).toBe(builtin.split('\n').findIndex((l) => l.includes('"barColor"')) + 1);
    expect(issue?.hint).toBe('改为 "#808080"');
  });

  it('a child cannot keep its base’s id', () => {
    const r = checkTemplate({ file: '/t/c.json', text: '{"extends":"gongzuo-jianbao","id":"gongzuo-jianbao","name":"x","version":"1.0.0"}', loader: withBase({}) });
    expect(r.report.issues.map((i) => [i.code, i.path])).toEqual([['own-identity', 'id']]);
  });
});

describe('located, helpful messages', () => {
  it('reports every problem at once, in file order', () => {
    const text = builtin
      .replace('"role": "fangsong", "sizePt": 16 },\n    "indentChars"', '"role": "fangsong2", "sizePt": 16 },\n    "indentChars"')
      .replace('"mirrorMargins": false', '"mirorMargins": false')
      .replace('"red": "#FF0000"', '"red": "#F00"')
      .replace('"charsPerLine": 28', '"charsPerLine": 29')
      .replace('"format": "— {n} —"', '"format": "— {page} —"');
    const r = checkTemplate({ file: 'x.json', text });
    expect(r.report.issues.map((i) => i.code)).toEqual(['unknown-key', 'grid-overflow', 'invalid-colour', 'unknown-role', 'placeholder']);
    const lines = r.report.issues.map((i) => i.line);
    expect([...lines].sort((a, b) => a - b)).toEqual(lines);
    // The misspelt required key is one error (the typo), not two.
    expect(r.report.issues[0]!.hint).toContain('“mirrorMargins”是必填字段');
    expect(formatReport(r.report)).toContain('x.json：发现 5 处错误，模板不能使用。');
  });

  it('counts columns in UTF-16 units and lines across CRLF, with a BOM', () => {
    const text = '\uFEFF{\r\n  "extends": "gongzuo-jianbao",\r\n  "id": "c",\r\n  "name": "中文名称", "version": 1\r\n}';
    const r = checkTemplate({ file: 'c.json', text, loader: withBase({}) });
    expect(r.report.issues).toEqual([expect.objectContaining({ code: 'wrong-type', path: 'version', line: 4, column: 19 })]);
  });

  it('suggests the closest key, value or id by edit distance', () => {
    expect(editDistance('fangsong2', 'fangsong')).toBe(1);
    expect(editDistance('haeding', 'heading')).toBe(1);
    expect(closest('fangsong2', ['songti', 'fangsong', 'heiti'])).toBe('fangsong');
    expect(closest('fontSize', ['role', 'sizePt', 'color'])).toBe('sizePt');
    expect(closest('colour', ['role', 'sizePt', 'color'])).toBe('color');
    expect(closest('zzzzzz', ['role', 'sizePt', 'color'])).toBeUndefined();
    expect(colourHint('红色')).toBe('改为 "#FF0000"');
    expect(colourHint('C8102E')).toBe('前面加井号：“#C8102E”');
  });

  it('file references stay inside the template folder and off the network', () => {
    expect(pathProblem('fonts/仿宋.ttf', ['.ttf'])).toBeUndefined();
    expect(pathProblem('./fonts/../fonts/a.otf', ['.otf'])).toBeUndefined();
    for (const bad of ['../a.ttf', 'fonts/../../a.ttf', '/abs/a.ttf', 'C:\\Windows\\Fonts\\simfang.ttf', '\\\\server\\share\\a.ttf', 'file:///a.ttf', '~/a.ttf']) {
      expect(pathProblem(bad, ['.ttf'])?.code, bad).toMatch(/unsafe-path|remote-url/);
    }
    expect(pathProblem('http://x/a.ttf')?.code).toBe('remote-url');
    expect(pathProblem('//cdn.example.com/a.ttf')?.code).toBe('remote-url');
    expect(pathProblem('data:font/ttf;base64,AAAA')?.code).toBe('remote-url');
  });

  it('never assigns a prototype key while reading', () => {
    const source = parseTemplateSource('p.json', '{"a":{"__proto__":{"polluted":1}},"constructor":{"prototype":{"x":1}}}');
    expect(source.value).toBeNull();
    expect(source.issues.map((i) => i.path)).toEqual(['a.__proto__', 'constructor']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('the built-in template passes with no issue', () => {
    const r = checkTemplate({ file: 'gongzuo-jianbao.json', text: builtin });
    expect(r.report).toMatchObject({ ok: true, errors: 0, warnings: 0, id: 'gongzuo-jianbao', version: '1.0.0' });
  });
});

describe('samples, diffs and the published schema', () => {
  const template = checkTemplate({ file: 'g.json', text: builtin }).template!;

  it('turns the sample into a briefing pinned to the template', () => {
    const b = sampleBriefing(template);
    expect(b.template).toEqual({ id: 'gongzuo-jianbao', version: '1.0.0' });
    expect(b.title).toBe(template.sample.title);
    expect(b.meta.publisher).toBe('市发展和改革委员会办公室');
    expect(b.blocks.map((x) => x.id)).toEqual(template.sample.blocks.map((x) => x.id));
  });

  it('names what changed between two versions in Chinese sections', () => {
    const next = { ...template, version: '1.1.0', body: { ...template.body, style: { ...template.body.style, sizePt: 15 } }, masthead: { ...template.masthead, rule: { ...template.masthead.rule, widthPt: 1 } } };
    expect(templateDiff(template, next)).toEqual(['version', 'body.style.sizePt', 'masthead.rule.widthPt']);
    expect(changedSections(template, next)).toEqual(['正文', '报头']);
  });

  it('publishes a JSON Schema that lets an extends template leave fields out, and still refuses typos', async () => {
    const schema = withExtends(templateJsonSchema());
    let Ajv: (new (o: object) => { compile(s: object): ((v: unknown) => boolean) & { errors?: unknown[] } }) | undefined;
    try {
      Ajv = ((await import('ajv/dist/2020.js')) as unknown as { default: typeof Ajv }).default;
    } catch {
      Ajv = undefined;
    }
    if (!Ajv) {
      expect((schema.then as { properties: Record<string, unknown> }).properties).toHaveProperty('extends');
      return;
    }
    const validate = new Ajv({ strict: false, allErrors: true }).compile(schema);
    expect(validate(JSON.parse(builtin))).toBe(true);
    for (const id of ['lingdao-canyue', 'chengshi-duibiao', 'huiyi-cailiao', 'xinxi-zhuanbao']) {
      expect(validate(JSON.parse(readFileSync(join(root, 'templates', `${id}.json`), 'utf8'))), id).toBe(true);
    }
    expect(validate({ extends: 'gongzuo-jianbao', id: 'x', name: 'x', version: '1.0.0', body: { style: { sizept: 16 } } })).toBe(false);
    expect(validate({ id: 'x', name: 'x', version: '1.0.0' })).toBe(false);
  });
});
