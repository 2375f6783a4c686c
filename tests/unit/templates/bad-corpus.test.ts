// The corpus of broken templates (tests/fixtures/templates/bad): each file produces its own located
// error — code, JSON path, file, line and column — with a Chinese message and a hint, and none of
// them crashes the checker or the CLI. The 50 MB file is generated here, never committed.
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli/main';
import { createTemplateCommand } from '../../../src/cli/commands/template';
import { findAppPaths } from '../../../src/main/paths';
import { createTemplateRegistry } from '../../../src/main/templates';
import type { TemplateIssueCode } from '../../../src/shared/api/templates';

const paths = findAppPaths(import.meta.dirname);
const dir = join(paths.root, 'tests', 'fixtures', 'templates', 'bad');
const scratch = mkdtempSync(join(tmpdir(), 'bs-bad-'));
const registry = createTemplateRegistry({ templatesDir: paths.templatesDir, dataDir: scratch, keepVersions: false });
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** file → the error it must produce: code, path, where (file:line:col), words of the message and hint. */
const expected: Record<string, { code: TemplateIssueCode; path: string; at: string; message: string; hint?: string }> = {
  'invalid-json.json': { code: 'json-syntax', path: '（根）', at: 'invalid-json.json:4:3', message: '缺少英文逗号', hint: '加英文逗号' },
  'empty.json': { code: 'empty', path: '（根）', at: 'empty.json:1:1', message: '文件是空的', hint: 'template new' },
  'whitespace-only.json': { code: 'empty', path: '（根）', at: 'whitespace-only.json:1:1', message: '文件是空的' },
  'root-array.json': { code: 'not-object', path: '（根）', at: 'root-array.json:1:1', message: '实际是数组', hint: '花括号' },
  'root-string.json': { code: 'not-object', path: '（根）', at: 'root-string.json:1:1', message: '实际是文本' },
  'trailing-comma.json': { code: 'json-syntax', path: '（根）', at: 'trailing-comma.json:7:1', message: '多了一个逗号', hint: '删除' },
  'fullwidth-colon.json': { code: 'json-syntax', path: '（根）', at: 'fullwidth-colon.json:6:16', message: '全角符号“：”', hint: '改为 :' },
  'comment.json': { code: 'json-syntax', path: '（根）', at: 'comment.json:6:3', message: '不允许注释', hint: 'description' },
  'unterminated-string.json': { code: 'json-syntax', path: '（根）', at: 'unterminated-string.json:4:11', message: '缺少右侧的英文双引号', hint: '补上英文双引号' },
  'wrong-type-size-string.json': { code: 'wrong-type', path: 'body.style.sizePt', at: 'wrong-type-size-string.json:6:44', message: '应为数字，实际是文本“16”', hint: '写成 16' },
  'wrong-type-boolean-string.json': { code: 'wrong-type', path: 'page.mirrorMargins', at: 'wrong-type-boolean-string.json:6:13', message: '应为 true 或 false', hint: '写成 false' },
  'wrong-type-headings-object.json': { code: 'wrong-type', path: 'headings', at: 'wrong-type-headings-object.json:6:3', message: '含 4 项的数组', hint: '一至四级标题' },
  'unknown-key-typo.json': { code: 'unknown-key', path: 'mastehad', at: 'unknown-key-typo.json:6:3', message: '未知字段“mastehad”', hint: '您是否想写“masthead”？' },
  'unknown-key-nested-typo.json': { code: 'unknown-key', path: 'body.style.sizept', at: 'unknown-key-nested-typo.json:7:16', message: '（在 body.style 中）', hint: '您是否想写“sizePt”？' },
  'unknown-key-script.json': { code: 'unknown-key', path: 'onRender', at: 'unknown-key-script.json:6:3', message: '未知字段“onRender”', hint: '此处可用的字段' },
  'missing-required.json': { code: 'missing', path: 'page', at: 'missing-required.json:1:1', message: '缺少必填字段“page”', hint: 'extends' },
  'null-removes-required.json': { code: 'missing', path: 'page', at: 'null-removes-required.json:6:3', message: '缺少必填字段“page”' },
  'impossible-margins.json': { code: 'page-overflow', path: 'page.typeArea.widthMm', at: 'impossible-margins.json:7:46', message: '超出纸张右边', hint: '不大于 182' },
  'type-area-below-page.json': { code: 'page-overflow', path: 'page.typeArea.heightMm', at: 'type-area-below-page.json:7:63', message: '超出纸张下边', hint: '不大于 197' },
  'grid-too-wide.json': { code: 'grid-overflow', path: 'grid.charsPerLine', at: 'grid-too-wide.json:6:33', message: '版心宽只有 156 毫米', hint: '每行最多 28 字' },
  'grid-too-tall.json': { code: 'grid-overflow', path: 'grid.linesPerPage', at: 'grid-too-tall.json:6:13', message: '行与行会重叠', hint: '每页最多 39 行' },
  'unknown-font-role.json': { code: 'unknown-role', path: 'body.style.role', at: 'unknown-font-role.json:7:16', message: 'body.style.role 引用了未定义的字体角色“fangsong2”', hint: '您是否想写“fangsong”？' },
  'negative-size.json': { code: 'out-of-range', path: 'headings[0].style.sizePt', at: 'negative-size.json:7:35', message: '-3 磅 过小', hint: '三号 16' },
  'absurd-size.json': { code: 'out-of-range', path: 'masthead.seriesName.style.sizePt', at: 'absurd-size.json:7:56', message: '500 磅 过大（不能大于 120 磅）' },
  'zero-page-width.json': { code: 'out-of-range', path: 'page.widthMm', at: 'zero-page-width.json:6:13', message: '0 毫米 过小', hint: '50 至 1000 毫米' },
  'invalid-colour-name.json': { code: 'invalid-colour', path: 'colors.red', at: 'invalid-colour-name.json:6:15', message: '颜色“red”无效', hint: '"#FF0000"' },
  'invalid-colour-short.json': { code: 'invalid-colour', path: 'chart.barColor', at: 'invalid-colour-short.json:6:14', message: '颜色“#444”无效', hint: '"#444444"' },
  'invalid-colour-rgb.json': { code: 'invalid-colour', path: 'masthead.rule.color', at: 'invalid-colour-rgb.json:7:15', message: '无效', hint: '"#C8102E"' },
  'cyclic-extends-a.json': { code: 'extends-cycle', path: 'extends', at: 'cyclic-extends-b.json:2:3', message: 'cyclic-extends-a.json → cyclic-extends-b.json → cyclic-extends-a.json' },
  'cyclic-extends-b.json': { code: 'extends-cycle', path: 'extends', at: 'cyclic-extends-a.json:2:3', message: 'cyclic-extends-b.json → cyclic-extends-a.json → cyclic-extends-b.json' },
  'self-extends.json': { code: 'extends-cycle', path: 'extends', at: 'self-extends.json:2:3', message: 'self-extends.json → self-extends.json' },
  'extends-unknown.json': { code: 'extends-not-found', path: 'extends', at: 'extends-unknown.json:2:3', message: '“gongzuo-jianbo”不存在', hint: '您是否想写“gongzuo-jianbao”？' },
  'extends-not-string.json': { code: 'extends-invalid', path: 'extends', at: 'extends-not-string.json:2:3', message: '模板标识' },
  'extends-remote-url.json': { code: 'remote-url', path: 'extends', at: 'extends-remote-url.json:2:3', message: '不允许引用网络地址' },
  'font-path-escape.json': { code: 'unsafe-path', path: 'fonts.fangsong.files[0]', at: 'font-path-escape.json:7:29', message: '跳出了模板所在的文件夹', hint: '相对路径' },
  'font-absolute-path.json': { code: 'unsafe-path', path: 'fonts.fangsong.files[0]', at: 'font-absolute-path.json:7:29', message: '不能使用绝对路径' },
  'font-remote-url.json': { code: 'remote-url', path: 'fonts.fangsong.files[0]', at: 'font-remote-url.json:7:29', message: '不允许引用网络地址' },
  'font-missing-file.json': { code: 'missing-file', path: 'fonts.fangsong.files[0]', at: 'font-missing-file.json:7:29', message: '找不到字体文件“fonts/不存在的仿宋.ttf”' },
  'font-bad-type.json': { code: 'bad-file-type', path: 'fonts.heiti.files[0]', at: 'font-bad-type.json:7:26', message: '文件类型不允许' },
  'logo-path-escape.json': { code: 'unsafe-path', path: 'masthead.logo.file', at: 'logo-path-escape.json:7:15', message: '跳出了模板所在的文件夹', hint: '"images/徽标.png"' },
  'logo-remote-url.json': { code: 'remote-url', path: 'masthead.logo.file', at: 'logo-remote-url.json:7:15', message: '不允许引用网络地址', hint: '下载后放进模板所在的文件夹' },
  'logo-bad-type.json': { code: 'bad-file-type', path: 'masthead.logo.file', at: 'logo-bad-type.json:7:15', message: '图片文件类型不允许（只接受 .png、.jpg、.jpeg）', hint: 'PNG 或 JPEG' },
  'logo-missing-file.json': { code: 'missing-file', path: 'masthead.logo.file', at: 'logo-missing-file.json:7:15', message: '找不到标志图片“images/不存在的徽标.png”', hint: '删除 masthead.logo' },
  'logo-not-an-image.json': { code: 'bad-file-type', path: 'masthead.logo.file', at: 'logo-not-an-image.json:7:15', message: '“images/not-an-image.png”不是可用的 PNG 或 JPEG 图片（不是 PNG 或 JPEG 图片）', hint: '另存为 PNG 或 JPEG' },
  'printed-date-placeholder-missing.json': { code: 'placeholder', path: 'tail.printedDateFormat', at: 'printed-date-placeholder-missing.json:7:5', message: '缺少占位符 {date}', hint: '"{date}印发"' },
  'schema-remote-url.json': { code: 'remote-url', path: '$schema', at: 'schema-remote-url.json:2:3', message: '不允许出现网络地址', hint: '相对路径' },
  'proto-key.json': { code: 'forbidden-key', path: '__proto__', at: 'proto-key.json:6:3', message: '不允许使用字段名“__proto__”' },
  'constructor-key.json': { code: 'forbidden-key', path: 'masthead.constructor', at: 'constructor-key.json:7:5', message: '不允许使用字段名“constructor”' },
  'duplicate-key.json': { code: 'duplicate-key', path: 'description', at: 'duplicate-key.json:7:3', message: '第 6 行已有一次' },
  'bad-version.json': { code: 'invalid-format', path: 'version', at: 'bad-version.json:5:3', message: '不是 x.y.z 形式的版本号', hint: '"1.0.0"' },
  'bad-id.json': { code: 'invalid-format', path: 'id', at: 'bad-id.json:3:3', message: '不是有效的模板标识', hint: '小写字母' },
  'placeholder-missing.json': { code: 'placeholder', path: 'pageNumbers.format', at: 'placeholder-missing.json:6:20', message: '缺少占位符 {n}', hint: '"— {n} —"' },
  'placeholder-unknown.json': { code: 'placeholder', path: 'masthead.issue.format', at: 'placeholder-unknown.json:7:16', message: '未知占位符 “{期号}”', hint: '"第{n}期"' },
  'heading-taller-than-line.json': { code: 'element-overflow', path: 'headings[0].style.sizePt', at: 'heading-taller-than-line.json:7:35', message: '大于正文行距 29.6 磅', hint: '不大于 29' },
  'title-pitch-too-small.json': { code: 'element-overflow', path: 'title.linePitchPt', at: 'title-pitch-too-small.json:6:14', message: '小于标题字号 22 磅' },
  'page-number-off-sheet.json': { code: 'element-overflow', path: 'pageNumbers.belowTypeAreaMm', at: 'page-number-off-sheet.json:6:20', message: '页码落到了纸张之外', hint: '不大于 30' },
  'missing-own-id.json': { code: 'own-identity', path: 'id', at: 'missing-own-id.json:1:1', message: '必须写明自己的 id' },
  'duplicate-block-id.json': { code: 'duplicate-block-id', path: 'skeleton.blocks[1].id', at: 'duplicate-block-id.json:10:9', message: '“b1”与 skeleton.blocks[0] 重复' },
  'unknown-enum.json': { code: 'invalid-value', path: 'grid.lineModel', at: 'unknown-enum.json:6:13', message: '“gb-lines”无效', hint: '您是否想写“gb-line”？' },
  'unknown-block-type.json': { code: 'invalid-value', path: 'skeleton.blocks[0].type', at: 'unknown-block-type.json:9:21', message: '“paragraf”不是已知的块类型', hint: '您是否想写“paragraph”？' },
};

const fixtures = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
const base = (file: string) => file.split(/[\\/]/).pop()!;

describe('the broken-template corpus', () => {
  it('holds at least 30 broken templates, each with its expected error listed here', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(30);
    expect(fixtures.filter((f) => !(f in expected))).toEqual([]);
    expect(Object.keys(expected).filter((f) => !fixtures.includes(f))).toEqual([]);
  });

  for (const file of fixtures) {
    const want = expected[file];
    it(`${file}: ${want?.code ?? '?'} at ${want?.path ?? '?'} (${want?.at ?? '?'})`, () => {
      const { report, template } = registry.check(join(dir, file), { fresh: true });
      expect(report.ok).toBe(false);
      expect(template).toBeNull();
      const found = report.issues.find((i) => i.code === want!.code && i.path === want!.path);
      expect(found, `issues: ${report.issues.map((i) => `${i.code} ${i.path}`).join('; ')}`).toBeDefined();
      expect(`${base(found!.file)}:${found!.line}:${found!.column}`).toBe(want!.at);
      expect(found!.severity).toBe('error');
      expect(found!.message).toContain(want!.message);
      if (want!.hint) expect(found!.hint).toContain(want!.hint);
      // Messages are Chinese, and every issue is located.
      for (const i of report.issues) {
        expect(i.message).toMatch(/[\u4e00-\u9fff]/);
        expect(i.line).toBeGreaterThanOrEqual(1);
        expect(i.column).toBeGreaterThanOrEqual(1);
      }
      // One mistake, one error (a template that lacks everything lists each missing section).
      if (file !== 'missing-required.json') expect(report.errors).toBe(1);
    });
  }

  it('a 50 MB file is refused by its size, unread, in milliseconds', () => {
    const big = join(scratch, 'huge.json');
    const filler = 'x'.repeat(1024 * 1024);
    writeFileSync(big, `{"id":"huge","description":"${Array.from({ length: 50 }, () => filler).join('')}"}`);
    const started = performance.now();
    const { report } = registry.check(big, { fresh: true });
    const ms = performance.now() - started;
    expect(report.issues).toHaveLength(1);
    expect(report.issues[0]).toMatchObject({ code: 'too-large', path: '（根）', line: 1, column: 1 });
    expect(report.issues[0]!.message).toContain('50 MB');
    expect(report.issues[0]!.message).toContain('上限 5 MB');
    expect(ms).toBeLessThan(100);
  });
});

describe('briefsmith template check on the corpus', () => {
  const command = createTemplateCommand();
  async function check(file: string) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(['template', 'check', file], { cwd: dir, env: { BRIEFSMITH_DATA_DIR: scratch }, out: (t) => out.push(t), err: (t) => err.push(t) }, [command], 'test');
    return { code, out: out.join(''), err: err.join('') };
  }

  it('exits 1 on every broken template, listing the located error, never a stack trace', async () => {
    for (const file of fixtures) {
      const r = await check(file);
      expect(r.code, file).toBe(1);
      const [at] = expected[file]!.at.split(':');
      expect(r.err, file).toContain(`${at}:${expected[file]!.at.split(':').slice(1).join(':')} 错误 `);
      expect(r.err, file).toContain('模板不能使用');
      expect(r.err, file).not.toMatch(/\n\s+at\s+\S+\s+\(/);
      expect(r.err, file).not.toContain('程序内部错误');
    }
  }, 60_000);

  it('exits 1 on the 50 MB file too', async () => {
    const big = join(scratch, 'huge-cli.json');
    writeFileSync(big, `{"description":"${'y'.repeat(50 * 1024 * 1024)}"}`);
    const r = await check(big);
    expect(r.code).toBe(1);
    expect(r.err).toContain('模板文件过大');
  });
});
