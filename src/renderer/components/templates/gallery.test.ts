// The template gallery (模板库) in jsdom against an in-memory template API: cards with thumbnails,
// details and the validation report, a rejected import's report, duplicate, and a draft compared
// side by side and moved to another template.
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import { assetsText } from './gallery.svelte';
import Templates from '../../views/Templates.svelte';
import type { TemplatesClient } from './client';
import type { DraftSummary } from '../../../shared/api/drafts';
import type { TemplateCheckReport, TemplateDetails, TemplateInfo } from '../../../shared/api/templates';
import type { Briefing } from '../../../shared/briefing';
import { fail, ok } from '../../../shared/errors';
import type { Template } from '../../../shared/template';

const info = (id: string, name: string, extra: Partial<TemplateInfo> = {}): TemplateInfo => ({
  id,
  name,
  version: '1.0.0',
  description: `${name}的说明`,
  origin: 'builtin',
  readOnly: true,
  file: `/app/templates/${id}.json`,
  extends: null,
  valid: true,
  errors: 0,
  warnings: 0,
  versions: ['1.0.0'],
  ...extra,
});

const report = (file: string, issues: TemplateCheckReport['issues'] = []): TemplateCheckReport => ({
  file,
  ok: !issues.some((i) => i.severity === 'error'),
  errors: issues.filter((i) => i.severity === 'error').length,
  warnings: issues.filter((i) => i.severity === 'warning').length,
  issues,
  id: null,
  name: null,
  version: null,
  chain: [file],
});

const template = (id: string, name: string, version = '1.0.0') =>
  ({
    id,
    name,
    version,
    description: `${name}的说明`,
    page: { widthMm: 210, heightMm: 297, typeArea: { topMm: 37, leftMm: 28, widthMm: 156, heightMm: 225 }, mirrorMargins: false },
    grid: { linesPerPage: 22, charsPerLine: 28, lineModel: 'gb-line' },
    body: { style: { role: 'fangsong', sizePt: 16 }, indentChars: 2, compressAdjacentPunctuation: true },
    headings: [
      { style: { role: 'heiti', sizePt: 16 }, numbering: 'chinese-dun', indentChars: 2, keepWithNextLines: 2 },
      { style: { role: 'kaiti', sizePt: 16 }, numbering: 'chinese-paren', indentChars: 2, keepWithNextLines: 2 },
      { style: { role: 'fangsong', sizePt: 16 }, numbering: 'arabic-dot', indentChars: 2, keepWithNextLines: 1 },
      { style: { role: 'fangsong', sizePt: 16 }, numbering: 'arabic-paren', indentChars: 2, keepWithNextLines: 1 },
    ],
    masthead: { seriesName: { style: { role: 'xiaobiaosong', sizePt: 42, color: '#FF0000' } }, issue: { format: '第{n}期' }, rule: { widthPt: 2.25 }, copyNumber: { digits: 6 }, publisherRow: {} },
    tail: { labels: { bao: '报：', song: '送：', fa: '发：' }, copiesFormat: '（共印{n}份）' },
    pageNumbers: { enabled: true, format: '— {n} —', position: 'outer' },
  }) as unknown as Template;

const draftRow: DraftSummary = {
  id: 'd1',
  title: '杭州“六小龙”现象对我市的启示',
  seriesName: '工作简报',
  issueNumber: 3,
  templateId: 'gongzuo-jianbao',
  updatedAt: '2025-02-10T01:00:00.000Z',
  createdAt: '2025-02-10T01:00:00.000Z',
  revision: 1,
  blockCount: 2,
  unsaved: false,
  readOnly: false,
};
const draft = { schemaVersion: 1, id: 'd1', title: draftRow.title, template: { id: 'gongzuo-jianbao', version: '1.0.0' }, meta: {}, blocks: [] } as unknown as Briefing;

function fakeClient() {
  const gallery: TemplateInfo[] = [
    info('gongzuo-jianbao', '工作简报'),
    info('lingdao-canyue', '领导参阅件', { extends: 'gongzuo-jianbao' }),
    info('broken', '坏模板', { origin: 'user', readOnly: false, valid: false, errors: 1 }),
  ];
  const brokenReport = report('/data/templates/broken/template.json', [
    { severity: 'error', code: 'unknown-role', file: '/data/templates/broken/template.json', path: 'body.style.role', line: 7, column: 16, message: 'body.style.role 引用了未定义的字体角色“fangsong2”', hint: '您是否想写“fangsong”？' },
  ]);
  const pdf = new Uint8Array([37, 80, 68, 70]);
  const saved: Briefing[] = [];
  const client = {
    listTemplateGallery: vi.fn(async () => ok([...gallery])),
    getTemplate: vi.fn(async ({ id }: { id: string }) => {
      const row = gallery.find((t) => t.id === id)!;
      return ok<TemplateDetails>({ info: row, template: template(id, row.name, row.version), report: report(row.file) });
    }),
    checkTemplate: vi.fn(async () => ok(brokenReport)),
    checkTemplateFile: vi.fn(async () => fail('CANCELLED')),
    importTemplate: vi.fn(async () =>
      ok({
        status: 'rejected' as const,
        info: null,
        replacedVersion: null,
        assets: [],
        report: report('/home/me/区委简报.json', [
          { severity: 'error', code: 'grid-overflow', file: '/home/me/区委简报.json', path: 'grid.charsPerLine', line: 13, column: 33, message: 'grid.charsPerLine：每行 40 字 × 正文 16 磅需要 225.8 毫米，版心宽只有 156 毫米', hint: '正文 16 磅时每行最多 28 字' },
        ]),
      }),
    ),
    exportTemplate: vi.fn(async () => ok({ path: '/home/me/工作简报.json', kind: 'file' as const })),
    deleteTemplate: vi.fn(async () => ok(null)),
    duplicateTemplate: vi.fn(async ({ id }: { id: string }) => {
      const copy = info(`${id}-copy`, '工作简报（副本）', { origin: 'user', readOnly: false });
      gallery.push(copy);
      return ok(copy);
    }),
    previewTemplate: vi.fn(async ({ id, version }: { id: string; version?: string }) => ok({ pdf, pageCount: 1, fonts: [], templateId: id, version: version ?? '1.0.0' })),
    templateVersionStatus: vi.fn(async ({ id, version }: { id: string; version: string }) => ok({ id, pinned: version, current: '1.0.0', state: 'current' as const, changes: [], message: '' })),
    listDrafts: vi.fn(async () => ok([draftRow])),
    getDraft: vi.fn(async () => ok(saved[saved.length - 1] ?? draft)),
    saveDraft: vi.fn(async ({ draft: d }: { draft: Briefing }) => {
      saved.push(d);
      return ok({ id: d.id, savedAt: '2025-02-10T02:00:00.000Z', revision: 2 });
    }),
    previewPdf: vi.fn(async () => ok({ pdf, pageCount: 1, fonts: [] })),
  };
  return { client: client as unknown as TemplatesClient, calls: client, saved };
}

const renderPages = vi.fn(async (_pdf: Uint8Array, options: { pages?: number }) => Array.from({ length: options.pages ?? 2 }, (_, k) => `data:image/png;base64,page${k + 1}`));

async function show() {
  const fake = fakeClient();
  render(Templates, { props: { client: fake.client, renderPages } });
  await screen.findAllByTestId('template-card');
  return fake;
}

describe('template gallery (模板库)', () => {
  it('shows every template with page 1 of its sample, origin and version; an invalid one says so', async () => {
    await show();
    const cards = screen.getAllByTestId('template-card');
    expect(cards.map((c) => c.querySelector('.name')?.textContent)).toEqual(['工作简报', '领导参阅件', '坏模板']);
    expect(screen.getByTestId('templates-count').textContent).toBe('共 3 个模板');
    await waitFor(() => expect(within(cards[0]!).getByRole('img').getAttribute('src')).toBe('data:image/png;base64,page1'));
    expect(cards[2]!.textContent).toContain('有 1 处错误');
    expect(cards[2]!.textContent).toContain('我的');
  });

  it('shows the selected template’s layout, its kept versions and its report', async () => {
    await show();
    const details = await screen.findByTestId('template-details');
    expect(details.textContent).toContain('工作简报');
    expect(screen.getByTestId('template-facts').textContent).toContain('210 × 297 毫米（A4）');
    expect(screen.getByTestId('template-facts').textContent).toContain('仿宋 16 磅，每页 22 行 × 每行 28 字');
    expect(screen.getByTestId('template-versions').textContent).toBe('1.0.0');
    expect(screen.getByTestId('report-summary').textContent).toContain('检查通过');
  });

  it('an invalid template shows its located errors and how to fix them', async () => {
    await show();
    await fireEvent.click(screen.getAllByTestId('template-card')[2]!);
    const issue = await screen.findByTestId('report-issue');
    expect(issue.dataset.code).toBe('unknown-role');
    expect(issue.textContent).toContain('template.json:7:16');
    expect(issue.textContent).toContain('body.style.role');
    expect(issue.textContent).toContain('改法：您是否想写“fangsong”？');
    expect(screen.getByTestId('delete-template')).toBeTruthy();
  });

  it('a rejected import shows the file’s report instead of importing', async () => {
    const { calls } = await show();
    await fireEvent.click(screen.getByTestId('import-template'));
    await screen.findByTestId('file-report');
    expect(calls.importTemplate).toHaveBeenCalledTimes(1);
    expect(screen.getByTestId('templates-notice').textContent).toContain('模板有 1 处错误，未导入');
    expect(screen.getByTestId('report-issue').textContent).toContain('区委简报.json:13:33');
  });

  it('duplicates a built-in into “my templates” and selects the copy', async () => {
    const { calls } = await show();
    await screen.findByTestId('template-details');
    await fireEvent.click(screen.getByTestId('duplicate-template'));
    await waitFor(() => expect(screen.getAllByTestId('template-card')).toHaveLength(4));
    expect(calls.duplicateTemplate).toHaveBeenCalledWith({ id: 'gongzuo-jianbao' });
    expect((await screen.findByTestId('templates-notice')).textContent).toContain('已复制为“工作简报（副本）”');
    await waitFor(() => expect(screen.getByTestId('template-details').textContent).toContain('我的模板'));
  });

  it('compares a draft in its own template and the selected one, then moves it', async () => {
    const { calls, saved } = await show();
    await fireEvent.click(screen.getAllByTestId('template-card')[1]!);
    await waitFor(() => expect(screen.getByTestId('template-details').textContent).toContain('领导参阅件'));
    await fireEvent.change(screen.getByTestId('compare-draft'), { target: { value: 'd1' } });
    await waitFor(() => expect(screen.getByTestId('compare-other').querySelectorAll('img').length).toBeGreaterThan(0));
    expect(screen.getByTestId('compare-own').textContent).toContain('草稿现用：工作简报 1.0.0');
    expect(screen.getByTestId('compare-other').textContent).toContain('改用：领导参阅件 1.0.0');
    expect(calls.previewTemplate).toHaveBeenCalledWith({ id: 'gongzuo-jianbao', version: '1.0.0', briefing: draft });
    expect(calls.previewTemplate).toHaveBeenCalledWith({ id: 'lingdao-canyue', briefing: draft });
    await fireEvent.click(screen.getByTestId('apply-template'));
    await waitFor(() => expect(saved).toHaveLength(1));
    expect(saved[0]!.template).toEqual({ id: 'lingdao-canyue', version: '1.0.0' });
    expect(screen.getByTestId('templates-notice').textContent).toContain('已改用“领导参阅件”1.0.0 版');
    await waitFor(() => expect((screen.getByTestId('apply-template') as HTMLButtonElement).disabled).toBe(true));
    expect(screen.getByTestId('apply-template').textContent).toContain('草稿已在使用此模板');
  });
});

describe('what an imported template brought', () => {
  it('names its fonts and its pictures apart', () => {
    expect(assetsText([])).toBe('');
    expect(assetsText(['fonts/仿宋.ttf'])).toBe('，含 1 个字体文件');
    expect(assetsText(['images/徽标.png'])).toBe('，含 1 张图片');
    expect(assetsText(['fonts/a.otf', 'fonts/b.ttf', 'images/徽标.JPG'])).toBe('，含 2 个字体文件、1 张图片');
  });
});
