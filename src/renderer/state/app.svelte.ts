import type { Briefing } from '../../shared/briefing';
import { api } from '../api';
import { EditorState } from './editor.svelte';

/** Which screen is showing. */
export type View = { readonly name: 'drafts' } | { readonly name: 'editor'; readonly editor: EditorState };

/** A message for the user in the notice bar. */
export interface Notice {
  readonly kind: 'info' | 'error';
  readonly text: string;
}

/** The app shell's state: the current view and the notice bar. */
export class AppState {
  view = $state<View>({ name: 'drafts' });
  notice = $state<Notice | null>(null);

  /** Opens a draft by id in the editor. */
  async openDraft(id: string): Promise<void> {
    const result = await api.getDraft({ id });
    if (!result.ok) {
      this.notify('error', result.message);
      return;
    }
    this.#showEditor(result.value);
  }

  /** Creates a draft from a template and opens it. */
  async createDraft(templateId?: string): Promise<void> {
    const result = await api.createDraft(templateId ? { templateId } : {});
    if (!result.ok) {
      this.notify('error', result.message);
      return;
    }
    this.#showEditor(result.value);
  }

  /** Leaves the editor for the drafts list, saving first; stays if the save fails. */
  async showDrafts(): Promise<void> {
    if (this.view.name === 'editor') {
      const saved = await this.view.editor.close();
      if (!saved) {
        this.notify('error', '草稿尚未保存成功，已留在编辑器中。请检查保存状态后重试。');
        return;
      }
    }
    this.view = { name: 'drafts' };
  }

  notify(kind: Notice['kind'], text: string): void {
    this.notice = { kind, text };
  }

  #showEditor(draft: Briefing): void {
    if (this.view.name === 'editor') this.view.editor.dispose();
    this.view = { name: 'editor', editor: new EditorState(draft, (kind, text) => this.notify(kind, text)) };
  }
}
