import type { Block, BlockOf, Briefing } from '../../shared/briefing';
import { api } from '../api';
import { Autosaver, type SaveStatus } from './autosave';

let blockCounter = 0;
/** A block id unique within this session and across sessions (time + counter + random). */
function newBlockId(): string {
  blockCounter++;
  const random = crypto.getRandomValues(new Uint32Array(1))[0] ?? 0;
  return `b${Date.now().toString(36)}${blockCounter.toString(36)}${random.toString(36)}`;
}

/** The result of the last export, for the “在文件夹中显示” link. */
export interface ExportOutcome {
  readonly path: string;
  readonly pages: number;
}

/**
 * The open draft: every edit goes through here, so autosave sees it and the save status is truthful.
 */
export class EditorState {
  draft = $state<Briefing>() as Briefing;
  status = $state<SaveStatus>({ kind: 'idle' });
  exporting = $state(false);
  lastExport = $state<ExportOutcome | null>(null);
  readonly #saver: Autosaver<Briefing>;
  readonly #notify: (kind: 'info' | 'error', text: string) => void;

  constructor(draft: Briefing, notify: (kind: 'info' | 'error', text: string) => void) {
    this.draft = draft;
    this.#notify = notify;
    this.#saver = new Autosaver<Briefing>({
      save: async (snapshot) => {
        const result = await api.saveDraft({ draft: snapshot });
        return result.ok ? { ok: true, value: { savedAt: result.value.savedAt } } : result;
      },
      snapshot: () => $state.snapshot(this.draft) as Briefing,
      onStatus: (status) => {
        this.status = status;
      },
    });
  }

  /** Applies an edit to the draft and schedules a save. */
  edit(mutate: (draft: Briefing) => void): void {
    mutate(this.draft);
    this.#saver.touch();
  }

  /** An IME composition started or ended: no save starts in the middle of one. */
  setComposing(composing: boolean): void {
    this.#saver.hold(composing);
  }

  /** Appends a block of the given kind after `afterId` (or at the end); returns its id. */
  addBlock(type: 'heading' | 'paragraph', afterId?: string): string {
    const id = newBlockId();
    const block: Block = type === 'heading' ? { id, type, level: 1, text: '' } : { id, type, runs: [{ text: '' }] };
    this.edit((d) => {
      const index = afterId ? d.blocks.findIndex((b) => b.id === afterId) : -1;
      if (index >= 0) d.blocks.splice(index + 1, 0, block);
      else d.blocks.push(block);
    });
    return id;
  }

  /** Replaces a paragraph's text (one plain run). */
  setParagraphText(id: string, text: string): void {
    this.edit((d) => {
      const block = d.blocks.find((b): b is BlockOf<'paragraph'> => b.id === id && b.type === 'paragraph');
      if (block) block.runs = [{ text }];
    });
  }

  /** Replaces a heading's text. */
  setHeadingText(id: string, text: string): void {
    this.edit((d) => {
      const block = d.blocks.find((b): b is BlockOf<'heading'> => b.id === id && b.type === 'heading');
      if (block) block.text = text;
    });
  }

  /** Removes a block. */
  removeBlock(id: string): void {
    this.edit((d) => {
      d.blocks = d.blocks.filter((b) => b.id !== id);
    });
  }

  /** Saves what is pending now; true when everything is on disk. */
  flush(): Promise<boolean> {
    return this.#saver.flush();
  }

  /** Exports the saved draft to PDF through the native save dialog. */
  async exportPdf(): Promise<void> {
    if (this.exporting) return;
    this.exporting = true;
    try {
      if (!(await this.flush())) {
        this.#notify('error', '草稿保存失败，暂不能导出。请先解决保存问题。');
        return;
      }
      const result = await api.exportPdf({ draftId: this.draft.id });
      if (!result.ok) {
        if (result.code !== 'CANCELLED') this.#notify('error', result.message);
        return;
      }
      this.lastExport = { path: result.value.path, pages: result.value.pages };
      this.#notify('info', `已导出 PDF（${result.value.pages} 页）：${result.value.path}`);
    } finally {
      this.exporting = false;
    }
  }

  /** Saves and stops: true when it is safe to leave the editor. */
  async close(): Promise<boolean> {
    const saved = await this.flush();
    if (saved) this.#saver.dispose();
    return saved;
  }

  dispose(): void {
    this.#saver.dispose();
  }
}
