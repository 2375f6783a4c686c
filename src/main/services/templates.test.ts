import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { createTemplateServices } from './templates';
import type { ServiceHost } from './host';
import { findAppPaths } from '../paths';
import { createNodeHost } from '../node-host';
import { createTemplateRegistry } from '../templates';
import { templateMethods } from '../../shared/api/templates';
import { parseBriefingJson } from '../../shared/briefing';

const paths = findAppPaths(import.meta.dirname);
const demo = (() => {
  const parsed = parseBriefingJson(readFileSync(join(paths.resourcesDir, 'samples', 'demo-briefing.json'), 'utf8'));
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.value;
})();

function setup(answers: { open?: string | null; save?: string | null } = {}) {
  const pickOpenPath = vi.fn(async () => answers.open ?? null);
  const pickSavePath = vi.fn(async () => answers.save ?? null);
  const host: ServiceHost = createNodeHost({
    paths,
    dataDir: mkdtempSync(join(tmpdir(), 'bs-tsvc-')),
    now: () => new Date('2025-02-12T00:00:00Z'),
    dialogs: { pickOpenPath, pickSavePath },
  });
  const registry = createTemplateRegistry(host);
  return { host, services: createTemplateServices(host, registry), pickOpenPath, pickSavePath };
}

function templateFile(fields: Record<string, unknown> = {}): string {
  const file = join(mkdtempSync(join(tmpdir(), 'bs-tpl-')), 'template.json');
  writeFileSync(file, JSON.stringify({ extends: 'gongzuo-jianbao', id: 'quwei-jianbao', name: '区委工作简报', version: '1.0.0', ...fields }));
  return file;
}

describe('template services', () => {
  it('previews each built-in’s sample as PDF bytes, pinned to the template', async () => {
    const { services } = setup();
    for (const id of ['gongzuo-jianbao', 'lingdao-canyue', 'chengshi-duibiao', 'huiyi-cailiao', 'xinxi-zhuanbao']) {
      const r = await services.previewTemplate({ id });
      expect(r.ok, r.ok ? '' : r.message).toBe(true);
      if (!r.ok) continue;
      expect(Buffer.from(r.value.pdf.subarray(0, 5)).toString()).toBe('%PDF-');
      const version = ({ 'huiyi-cailiao': '1.1.0', 'xinxi-zhuanbao': '2.0.0' } as Record<string, string>)[id] ?? '1.0.0';
      expect(r.value).toMatchObject({ templateId: id, version });
      expect(r.value.pageCount).toBeGreaterThanOrEqual(1);
      // the template id@version is in the PDF's metadata
      expect(Buffer.from(r.value.pdf).toString('latin1').includes(`${id}@${version}`), `${id}@${version}`).toBe(true);
    }
  });

  it('previews a draft in another template, its content unchanged', async () => {
    const { services } = setup();
    const r = await services.previewTemplate({ id: 'xinxi-zhuanbao', briefing: demo });
    expect(r.ok && r.value.templateId).toBe('xinxi-zhuanbao');
    expect(r.ok && Buffer.from(r.value.pdf).toString('latin1').includes('xinxi-zhuanbao@2.0.0')).toBe(true);
  });

  it('imports through the open dialog, lists it in the gallery, and reports cancel as CANCELLED', async () => {
    const file = templateFile();
    const { services, pickOpenPath } = setup({ open: file });
    const imported = await services.importTemplate({});
    expect(imported.ok && imported.value.status).toBe('imported');
    expect(pickOpenPath).toHaveBeenCalledWith(expect.objectContaining({ filters: [{ name: '模板文件', extensions: ['json'] }] }));
    const gallery = await services.listTemplateGallery({});
    expect(gallery.ok && gallery.value.map((t) => t.id)).toContain('quwei-jianbao');
    const cancelled = await setup({ open: null }).services.importTemplate({});
    expect(cancelled.ok ? 'ok' : cancelled.code).toBe('CANCELLED');
  });

  it('returns a rejected import with its report (not a bare error)', async () => {
    const { services } = setup({ open: templateFile({ grid: { charsPerLine: 40 } }) });
    const r = await services.importTemplate({});
    expect(r.ok && r.value.status).toBe('rejected');
    expect(r.ok && r.value.report.issues[0]).toMatchObject({ code: 'grid-overflow', path: 'grid.charsPerLine', line: 1 });
  });

  it('exports through the save dialog with a Chinese default name', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'bs-out-')), 'x.json');
    const { services, pickSavePath } = setup({ save: out });
    const r = await services.exportTemplate({ id: 'lingdao-canyue' });
    expect(r.ok && r.value).toEqual({ path: out, kind: 'file' });
    expect(pickSavePath).toHaveBeenCalledWith(expect.objectContaining({ defaultName: '领导参阅件（lingdao-canyue）.json' }));
    expect(JSON.parse(readFileSync(out, 'utf8')).id).toBe('lingdao-canyue');
  });

  it('checks a chosen file, an installed template, gives details, duplicates, deletes and reports version status', async () => {
    const { services, host } = setup({ open: templateFile({ colors: { red: '#F00' } }) });
    const checked = await services.checkTemplateFile({});
    expect(checked.ok && checked.value.issues.map((i) => i.hint)).toEqual(['改为 "#FF0000"']);
    const installed = await services.checkTemplate({ id: 'huiyi-cailiao' });
    expect(installed.ok && installed.value.ok).toBe(true);
    const details = await services.getTemplate({ id: 'huiyi-cailiao' });
    expect(details.ok && [details.value.template.masthead.issue.format, details.value.info.extends]).toEqual(['材料{n}', 'gongzuo-jianbao']);
    const copy = await services.duplicateTemplate({ id: 'huiyi-cailiao', name: '区政府常务会议材料' });
    expect(copy.ok && copy.value).toMatchObject({ id: 'huiyi-cailiao-copy', name: '区政府常务会议材料', origin: 'user' });
    expect(existsSync(join(host.dataDir, 'templates', 'huiyi-cailiao-copy', 'template.json'))).toBe(true);
    expect((await services.deleteTemplate({ id: 'huiyi-cailiao-copy' })).ok).toBe(true);
    const status = await services.templateVersionStatus({ id: 'huiyi-cailiao', version: '1.1.0' });
    expect(status.ok && status.value.state).toBe('current');
    // the previous built-in version ships in templates/versions: drafts pinned to it keep it
    const old = await services.templateVersionStatus({ id: 'huiyi-cailiao', version: '1.0.0' });
    expect(old.ok && [old.value.state, old.value.current]).toEqual(['outdated', '1.1.0']);
  });

  it('validates requests strictly (ids, versions, no extra keys)', () => {
    expect(templateMethods.getTemplate.request.safeParse({ id: '../etc' }).success).toBe(false);
    expect(templateMethods.getTemplate.request.safeParse({ id: 'gongzuo-jianbao', version: '1.0' }).success).toBe(false);
    expect(templateMethods.importTemplate.request.safeParse({ path: '/etc/passwd' }).success).toBe(false);
    expect(templateMethods.previewTemplate.request.safeParse({ id: 'gongzuo-jianbao', briefing: demo }).success).toBe(true);
    expect(Object.values(templateMethods).map((m) => m.channel)).toEqual([
      'template:gallery',
      'template:get',
      'template:check',
      'template:check-file',
      'template:import',
      'template:export',
      'template:delete',
      'template:duplicate',
      'template:preview',
      'template:version-status',
    ]);
  });
});
