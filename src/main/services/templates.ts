import type { z } from 'zod';
import { renderBriefingPdf } from '../../core/pdf';
import { sampleBriefing, withTemplate } from '../../core/template';
import type { MethodSpec } from '../../shared/api/define';
import type { templateMethods } from '../../shared/api/templates';
import { fail, ok, type Result } from '../../shared/errors';
import type { TemplateRegistry } from '../templates';
import { toFontUsage } from './export';
import type { ServiceHost } from './host';

type TemplateMethods = typeof templateMethods;
type ValueOfSpec<S> = S extends MethodSpec<z.ZodType, infer V> ? V : never;
type RequestOfSpec<S> = S extends MethodSpec<infer R, unknown> ? z.output<R> : never;

/** Handlers of the template group (the same shape as ServiceGroup once the group is in the contract). */
export type TemplateServices = {
  [M in keyof TemplateMethods]: (request: RequestOfSpec<TemplateMethods[M]>) => Promise<Result<ValueOfSpec<TemplateMethods[M]>>>;
};

/**
 * Template services (模板库): gallery, details and reports, import / export / delete / duplicate
 * through the host's dialogs (paths never come from the renderer), previews in any template and
 * version, and the version status of a draft's pinned template.
 */
export function createTemplateServices(host: ServiceHost, registry: TemplateRegistry = host.engine.templates): TemplateServices {
  return {
    async listTemplateGallery() {
      return ok(registry.list());
    },
    async getTemplate({ id, version }) {
      return registry.details(id, version);
    },
    async checkTemplate({ id }) {
      return registry.checkInstalled(id);
    },
    async checkTemplateFile() {
      const path = await host.dialogs.pickOpenPath({ title: '检查模板文件', filters: [{ name: '模板文件', extensions: ['json'] }] });
      if (path === null) return fail('CANCELLED');
      return ok(registry.check(path).report);
    },
    async importTemplate() {
      const path = await host.dialogs.pickOpenPath({ title: '导入模板（模板用到的字体放在同一文件夹中会一并导入）', filters: [{ name: '模板文件', extensions: ['json'] }] });
      if (path === null) return fail('CANCELLED');
      const result = registry.import(path);
      if (result.ok && result.value.status === 'imported') host.log('info', `Template imported: ${result.value.info?.id}@${result.value.info?.version} from ${path}`);
      return result;
    },
    async exportTemplate({ id }) {
      const resolved = registry.resolve(id);
      if (!resolved.ok) return resolved;
      const path = await host.dialogs.pickSavePath({
        title: '导出模板',
        defaultName: `${resolved.value.template.name}（${id}）.json`.replace(/[\\/:*?"<>|\s]+/g, ''),
        filters: [{ name: '模板文件', extensions: ['json'] }],
      });
      if (path === null) return fail('CANCELLED');
      return registry.export(id, path);
    },
    async deleteTemplate({ id }) {
      return registry.remove(id);
    },
    async duplicateTemplate({ id, newId, name }) {
      return registry.duplicate(id, { ...(newId !== undefined ? { newId } : {}), ...(name !== undefined ? { name } : {}) });
    },
    async previewTemplate({ id, version, briefing }) {
      const resolved = registry.resolve(id, version);
      if (!resolved.ok) return resolved;
      const { template } = resolved.value;
      const content = briefing ? withTemplate(briefing, template) : sampleBriefing(template);
      const rendered = await renderBriefingPdf(content, template, host.engine.hostFor(resolved.value));
      if (!rendered.ok) return rendered;
      return ok({ pdf: rendered.value.pdf, pageCount: rendered.value.pageCount, fonts: toFontUsage(rendered.value.fontReport), templateId: template.id, version: template.version });
    },
    async templateVersionStatus({ id, version }) {
      return ok(registry.versionStatus(id, version));
    },
  };
}
