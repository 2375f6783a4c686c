// The state of the template gallery (模板库): the list, the selected template with its details and
// validation report, page-1 thumbnails, and the side-by-side preview of a draft in two templates.
import type { DraftSummary } from '../../../shared/api/drafts';
import type { ImportTemplateResult, TemplateCheckReport, TemplateDetails, TemplateInfo, TemplateVersionStatus } from '../../../shared/api/templates';
import type { Briefing } from '../../../shared/briefing';
import type { Failure } from '../../../shared/errors';
import type { TemplatesClient } from './client';
import type { PageRenderer } from './render-page';

/** One side of the comparison: what it shows and its page images. */
export interface CompareSide {
  readonly label: string;
  readonly templateId: string;
  readonly version: string;
  readonly pages: readonly string[];
  readonly error: string | null;
}

/** What the notice line says after an action. */
export interface GalleryNotice {
  readonly kind: 'info' | 'error';
  readonly text: string;
}

const THUMB_WIDTH = 132;
const COMPARE_WIDTH = 360;

export class GalleryState {
  templates = $state<TemplateInfo[] | null>(null);
  loadError = $state<string | null>(null);
  selectedId = $state<string | null>(null);
  details = $state<TemplateDetails | null>(null);
  /** A report not tied to an installed template: a checked file or a rejected import. */
  fileReport = $state<TemplateCheckReport | null>(null);
  thumbnails = $state<Record<string, string>>({});
  notice = $state<GalleryNotice | null>(null);
  busy = $state(false);

  drafts = $state<DraftSummary[]>([]);
  compareDraftId = $state<string | null>(null);
  compareDraft = $state<Briefing | null>(null);
  versionStatus = $state<TemplateVersionStatus | null>(null);
  left = $state<CompareSide | null>(null);
  right = $state<CompareSide | null>(null);
  comparing = $state(false);

  readonly #clientOf: () => TemplatesClient;
  readonly #render: PageRenderer;
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping of loads in flight, never rendered
  #thumbLoads = new Set<string>();

  /** `client` is read on each call (a component passes its prop through a closure). */
  constructor(client: () => TemplatesClient, render: PageRenderer) {
    this.#clientOf = client;
    this.#render = render;
  }

  get #client(): TemplatesClient {
    return this.#clientOf();
  }

  /** The selected template's row. */
  get selected(): TemplateInfo | undefined {
    return this.templates?.find((t) => t.id === this.selectedId);
  }

  /** Loads the gallery and the drafts list (for the side-by-side), then the thumbnails. */
  async load(): Promise<void> {
    const [list, drafts] = await Promise.all([this.#client.listTemplateGallery({}), this.#client.listDrafts({})]);
    if (!list.ok) {
      this.loadError = list.message;
      return;
    }
    this.loadError = null;
    this.templates = list.value;
    if (drafts.ok) this.drafts = drafts.value;
    if (this.selectedId === null || !list.value.some((t) => t.id === this.selectedId)) {
      const first = list.value[0];
      if (first) await this.select(first.id);
    } else await this.select(this.selectedId);
    for (const t of list.value) void this.loadThumbnail(t);
  }

  /** Renders page 1 of a template's sample, once per id@version. */
  async loadThumbnail(info: TemplateInfo): Promise<void> {
    const key = `${info.id}@${info.version}`;
    if (!info.valid || this.thumbnails[key] || this.#thumbLoads.has(key)) return;
    this.#thumbLoads.add(key);
    try {
      const preview = await this.#client.previewTemplate({ id: info.id });
      if (!preview.ok) return;
      const [image] = await this.#render(preview.value.pdf, { pages: 1, width: THUMB_WIDTH });
      if (image) this.thumbnails = { ...this.thumbnails, [key]: image };
    } catch {
      // A thumbnail that cannot be drawn leaves the placeholder.
    } finally {
      this.#thumbLoads.delete(key);
    }
  }

  thumbnailOf(info: TemplateInfo): string | undefined {
    return this.thumbnails[`${info.id}@${info.version}`];
  }

  /** Selects a template: its details and report; the comparison follows the selection. */
  async select(id: string): Promise<void> {
    this.selectedId = id;
    this.fileReport = null;
    const info = this.templates?.find((t) => t.id === id);
    if (info && !info.valid) {
      const report = await this.#client.checkTemplate({ id });
      this.details = null;
      this.fileReport = report.ok ? report.value : null;
      if (!report.ok) this.say('error', report.message);
    } else {
      const details = await this.#client.getTemplate({ id });
      this.details = details.ok ? details.value : null;
      if (!details.ok) this.say('error', details.message);
    }
    if (this.compareDraft) await this.compare();
  }

  async importTemplate(): Promise<ImportTemplateResult | null> {
    return this.#act(async () => {
      const result = await this.#client.importTemplate({});
      if (!result.ok) return this.#failed(result);
      const r = result.value;
      if (r.status === 'rejected') {
        this.fileReport = r.report;
        this.details = null;
        this.selectedId = null;
        this.say('error', `模板有 ${r.report.errors} 处错误，未导入。请按下方的检查报告修改后再导入。`);
        return r;
      }
      await this.load();
      if (r.info) await this.select(r.info.id);
      this.say(
        'info',
        r.status === 'unchanged'
          ? `“${r.info?.name ?? ''}”${r.info?.version ?? ''} 版已在模板库中，内容相同，无需导入。`
          : `已导入“${r.info?.name ?? ''}”${r.info?.version ?? ''} 版${r.replacedVersion ? `（替换 ${r.replacedVersion} 版；使用旧版的草稿仍按旧版排版）` : ''}${assetsText(r.assets)}。`,
      );
      return r;
    });
  }

  async checkFile(): Promise<void> {
    await this.#act(async () => {
      const result = await this.#client.checkTemplateFile({});
      if (!result.ok) return this.#failed(result);
      this.fileReport = result.value;
      this.details = null;
      this.selectedId = null;
      this.say(result.value.ok ? 'info' : 'error', result.value.ok ? '模板检查通过。' : `发现 ${result.value.errors} 处错误。`);
      return null;
    });
  }

  async duplicate(id: string): Promise<void> {
    await this.#act(async () => {
      const result = await this.#client.duplicateTemplate({ id });
      if (!result.ok) return this.#failed(result);
      await this.load();
      await this.select(result.value.id);
      this.say('info', `已复制为“${result.value.name}”（${result.value.id}），可导出后修改，再导入新版本。`);
      return null;
    });
  }

  async exportTemplate(id: string): Promise<void> {
    await this.#act(async () => {
      const result = await this.#client.exportTemplate({ id });
      if (!result.ok) return this.#failed(result);
      this.say('info', `已导出到 ${result.value.path}${result.value.kind === 'folder' ? '（文件夹，含模板用到的字体和图片）' : ''}。`);
      return null;
    });
  }

  async remove(id: string): Promise<void> {
    await this.#act(async () => {
      const name = this.templates?.find((t) => t.id === id)?.name ?? id;
      const result = await this.#client.deleteTemplate({ id });
      if (!result.ok) return this.#failed(result);
      this.selectedId = null;
      await this.load();
      this.say('info', `已删除“${name}”。使用过它的草稿仍按保留的版本排版。`);
      return null;
    });
  }

  /** Chooses the draft to compare (or none). */
  async chooseDraft(id: string | null): Promise<void> {
    this.compareDraftId = id;
    this.compareDraft = null;
    this.left = null;
    this.right = null;
    this.versionStatus = null;
    if (id === null) return;
    const draft = await this.#client.getDraft({ id });
    if (!draft.ok) {
      this.say('error', draft.message);
      return;
    }
    this.compareDraft = draft.value;
    await this.compare();
  }

  /**
   * The draft in its own template (the pinned version) on the left; on the right the selected
   * template, or — when the selected template is the draft's own at a newer version — that version.
   */
  async compare(): Promise<void> {
    const draft = this.compareDraft;
    const target = this.selected;
    if (!draft || !target) return;
    this.comparing = true;
    try {
      const pinned = draft.template;
      const status = await this.#client.templateVersionStatus({ id: pinned.id, version: pinned.version });
      this.versionStatus = status.ok ? status.value : null;
      const ownName = this.templates?.find((t) => t.id === pinned.id)?.name ?? pinned.id;
      const [left, right] = await Promise.all([
        this.#side(`草稿现用：${ownName} ${pinned.version}`, pinned.id, pinned.version, draft),
        this.#side(`改用：${target.name} ${target.version}`, target.id, undefined, draft),
      ]);
      this.left = left;
      this.right = right;
    } finally {
      this.comparing = false;
    }
  }

  /** Moves the compared draft to the selected template (current version) and saves it. */
  async applyToDraft(): Promise<void> {
    const draft = this.compareDraft;
    const target = this.selected;
    if (!draft || !target) return;
    await this.#act(async () => {
      const moved: Briefing = { ...draft, template: { id: target.id, version: target.version } };
      const saved = await this.#client.saveDraft({ draft: moved });
      if (!saved.ok) return this.#failed(saved);
      this.compareDraft = moved;
      this.say('info', `草稿“${draft.title || '（无标题）'}”已改用“${target.name}”${target.version} 版。`);
      const drafts = await this.#client.listDrafts({});
      if (drafts.ok) this.drafts = drafts.value;
      await this.compare();
      return null;
    });
  }

  say(kind: GalleryNotice['kind'], text: string): void {
    this.notice = { kind, text };
  }

  async #side(label: string, id: string, version: string | undefined, draft: Briefing): Promise<CompareSide> {
    const result = await this.#client.previewTemplate({ id, ...(version ? { version } : {}), briefing: draft });
    if (!result.ok) return { label, templateId: id, version: version ?? '', pages: [], error: result.message };
    try {
      const pages = await this.#render(result.value.pdf, { width: COMPARE_WIDTH, pages: 6 });
      return { label, templateId: id, version: result.value.version, pages, error: null };
    } catch {
      return { label, templateId: id, version: result.value.version, pages: [], error: '预览无法显示。' };
    }
  }

  async #act<T>(work: () => Promise<T | null>): Promise<T | null> {
    this.busy = true;
    try {
      return await work();
    } finally {
      this.busy = false;
    }
  }

  #failed(failure: Failure): null {
    if (failure.code !== 'CANCELLED') this.say('error', failure.message);
    return null;
  }
}

/** What an imported template brought, by kind: its fonts and its pictures (the logo), or nothing. */
export function assetsText(assets: readonly string[]): string {
  const images = assets.filter((a) => /\.(png|jpe?g|svg)$/i.test(a)).length;
  const fonts = assets.length - images;
  const parts = [...(fonts > 0 ? [`${fonts} 个字体文件`] : []), ...(images > 0 ? [`${images} 张图片`] : [])];
  return parts.length > 0 ? `，含 ${parts.join('、')}` : '';
}
