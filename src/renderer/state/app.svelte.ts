import type { Api } from '../../shared/api';
import type { Briefing } from '../../shared/briefing';
import { api } from '../api';
import { DraftsState } from './drafts.svelte';
import { EditorState } from './editor.svelte';

/** Which screen is showing. */
export type View =
  | { readonly name: 'drafts' }
  | { readonly name: 'trash' }
  | { readonly name: 'templates' }
  | { readonly name: 'editor'; readonly editor: EditorState };

/** A message for the user in the notice bar. */
export interface Notice {
  readonly kind: 'info' | 'error';
  readonly text: string;
}

/** Information notices fade after this long; errors stay until dismissed. */
const INFO_NOTICE_MS = 8_000;

/** The app shell's state: the current view, the notice bar, the help overlay and the drafts. */
export class AppState {
  view = $state<View>({ name: 'drafts' });
  notice = $state<Notice | null>(null);
  helpOpen = $state(false);
  readonly drafts: DraftsState;
  readonly #client: Api;
  #noticeTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(client: Api = api) {
    this.#client = client;
    this.drafts = new DraftsState(client, (kind, text) => this.notify(kind, text));
  }

  /** Opens a draft by id in the editor. */
  async openDraft(id: string): Promise<void> {
    const result = await this.#client.getDraft({ id });
    if (!result.ok) {
      this.notify('error', result.message);
      return;
    }
    await this.#showEditor(result.value);
  }

  /** Creates a draft from a template and opens it. */
  async createDraft(templateId?: string): Promise<void> {
    if (!(await this.#leaveEditor())) return;
    const draft = await this.drafts.create(templateId);
    if (draft) await this.#showEditor(draft);
  }

  /** Imports a `.briefing.json` and opens it. */
  async importDraft(): Promise<void> {
    const draft = await this.drafts.importFile();
    if (draft) await this.#showEditor(draft);
  }

  /** Leaves the editor for the drafts list, saving first; stays if the save fails. */
  async showDrafts(): Promise<void> {
    if (!(await this.#leaveEditor())) return;
    this.view = { name: 'drafts' };
  }

  /** The trash (回收站). */
  async showTrash(): Promise<void> {
    if (!(await this.#leaveEditor())) return;
    this.view = { name: 'trash' };
  }

  /** The template library (模板库) — a placeholder until templates can be managed. */
  async showTemplates(): Promise<void> {
    if (!(await this.#leaveEditor())) return;
    this.view = { name: 'templates' };
  }

  notify(kind: Notice['kind'], text: string): void {
    this.notice = { kind, text };
    if (this.#noticeTimer !== null) clearTimeout(this.#noticeTimer);
    this.#noticeTimer = null;
    if (kind === 'info') {
      const shown = this.notice;
      this.#noticeTimer = setTimeout(() => {
        if (this.notice === shown) this.notice = null;
      }, INFO_NOTICE_MS);
    }
  }

  dismissNotice(): void {
    this.notice = null;
  }

  /** Saves and closes the open editor; false (and a notice) when saving failed. */
  async #leaveEditor(): Promise<boolean> {
    if (this.view.name !== 'editor') return true;
    const saved = await this.view.editor.close();
    if (!saved) {
      this.notify('error', '草稿尚未保存成功，已留在编辑器中。请检查保存状态后重试。');
      return false;
    }
    return true;
  }

  async #showEditor(draft: Briefing): Promise<void> {
    if (this.view.name === 'editor') {
      if (this.view.editor.draft.id === draft.id) return;
      if (!(await this.#leaveEditor())) return;
    }
    this.view = { name: 'editor', editor: new EditorState(draft, (kind, text) => this.notify(kind, text)) };
  }
}
