// What would be lost if the window closed now: the open draft's edits that did not reach disk
// (a failed save: disk full, read-only; a field the schema refuses; a pending debounce that fails
// when flushed) and other drafts the store still holds in memory after a failed save.
import type { Api } from '../../../shared/api';
import { briefingSchema } from '../../../shared/briefing';
import type { SaveStatus } from '../../state/autosave';

/** What the close guard needs of the open editor (`app.view.editor`). */
export interface ClosingEditor {
  readonly draft: { readonly id: string; readonly title: string };
  readonly status: SaveStatus;
  /** Saves what is pending now; true when everything is on disk. */
  flush(): Promise<boolean>;
}

/** One draft with edits that are not on disk. */
export interface UnsavedItem {
  readonly draftId: string;
  readonly title: string;
  /** `save-failed`: writing failed (see code); `refused`: a field the schema refuses (see fields) */
  readonly reason: 'save-failed' | 'refused';
  /** the failure's code (DISK_FULL, PERMISSION_DENIED, WRITE_FAILED …), null when refused */
  readonly code: string | null;
  /** the Chinese message of the failure */
  readonly message: string;
  /** dotted paths of refused fields: `meta.issueDate`, `title`, `blocks` */
  readonly fields: readonly string[];
}

/** Dotted paths of the fields of `draft` the briefing schema refuses (a block counts as `blocks`). */
export function refusedFields(draft: unknown): string[] {
  const checked = briefingSchema.safeParse(draft);
  if (checked.success) return [];
  const paths = checked.error.issues.map((issue) => {
    const [head, second] = issue.path;
    if (head === 'meta' && typeof second === 'string') return `meta.${second}`;
    return typeof head === 'string' ? head : 'draft';
  });
  return [...new Set(paths)];
}

const labels: Record<string, string> = {
  title: '标题',
  template: '模板',
  blocks: '正文',
  'meta.seriesName': '简报名称',
  'meta.issueNumber': '期号',
  'meta.totalIssueNumber': '总期号',
  'meta.publisher': '编印单位',
  'meta.docNumber': '发文字号',
  'meta.issueDate': '印发日期',
  'meta.classification': '密级 / 标识',
  'meta.urgency': '紧急程度',
  'meta.distribution': '报送对象',
  'meta.copies': '印数',
  'meta.editorNote': '按语',
  'meta.watermark': '水印',
};

/** The Chinese name of a field path, as the metadata panel and 校对 call it. */
export function fieldLabel(path: string): string {
  return labels[path] ?? path;
}

/** Why the edits are not on disk, in Chinese, by the failure's code. */
export function reasonText(item: UnsavedItem): string {
  if (item.reason === 'refused') return `${item.fields.map(fieldLabel).join('、')}的内容不符合要求，这部分修改无法保存。`;
  switch (item.code) {
    case 'DISK_FULL':
      return '磁盘空间不足，最近的修改没有写入磁盘。';
    case 'PERMISSION_DENIED':
      return '数据目录只读（没有写入权限），最近的修改没有写入磁盘。';
    case 'DATA_DIR_UNAVAILABLE':
      return '数据目录无法使用，最近的修改没有写入磁盘。';
    default:
      return `保存失败，最近的修改没有写入磁盘。${item.message}`;
  }
}

/**
 * Flushes the open editor and lists what is still unsaved: nothing (close now) or one item per
 * draft. A refused field is reported even when the save itself succeeded: the store saved the
 * rest and kept the field's last valid value, so the typed value would be lost.
 */
export async function findUnsaved(editor: ClosingEditor | null, client: Pick<Api, 'getStoreStatus'>): Promise<UnsavedItem[]> {
  const items: UnsavedItem[] = [];
  if (editor) {
    const saved = await editor.flush();
    const status = editor.status;
    if (!saved) {
      items.push({
        draftId: editor.draft.id,
        title: editor.draft.title,
        reason: 'save-failed',
        code: status.kind === 'error' ? (status.code ?? 'WRITE_FAILED') : 'WRITE_FAILED',
        message: status.kind === 'error' ? status.message : '',
        fields: [],
      });
    }
    const fields = refusedFields(editor.draft);
    if (fields.length > 0) items.push({ draftId: editor.draft.id, title: editor.draft.title, reason: 'refused', code: null, message: '', fields });
  }
  const status = await client.getStoreStatus({});
  if (status.ok) {
    for (const unsaved of status.value.unsaved) {
      if (items.some((i) => i.draftId === unsaved.id)) continue;
      items.push({ draftId: unsaved.id, title: unsaved.title, reason: 'save-failed', code: unsaved.code, message: unsaved.message, fields: [] });
    }
  }
  return items;
}
