// What the drafts store tells the user, as structure (kind + parameters) turned into Chinese only
// here, where it is shown: the renderer and the store's own log use the same wording, and the
// path of a quarantined file is a part of its own (never found again inside a sentence).
import { messageOf, type ErrorCode } from '../errors';
import type { StoreLockHolder } from './drafts';

/** Why a store file could not be read: its code, and where in the file when known. */
export interface StoreNoticeReason {
  readonly code: ErrorCode;
  readonly line?: number;
  readonly column?: number;
}

/** The facts of a notice; which are present depends on its kind. */
export interface StoreNoticeParams {
  /** the draft's title (or id) */
  readonly title?: string;
  readonly reason?: StoreNoticeReason;
  /** the file was damaged (moved to quarantine), not missing */
  readonly damaged?: boolean;
  /** the data folder is read-only: nothing could be moved or recovered */
  readonly readOnly?: boolean;
  readonly recoveredFrom?: { readonly source: 'snapshot' | 'backup'; readonly at: string };
  readonly holder?: StoreLockHolder;
  readonly writeError?: { readonly code: ErrorCode; readonly detail?: string };
}

export type StoreNoticeKind = 'draft-recovered' | 'draft-lost' | 'index-rebuilt' | 'history-rebuilt' | 'newer-version' | 'read-only' | 'locked';

/** A notice as text: `before`, then the path (when the notice shows one), then `after`. */
export interface StoreNoticeText {
  readonly before: string;
  readonly path: string | null;
  readonly after: string;
}

/** Why, in a few words: 格式错误（第 3 行第 5 列）, 内容无效 … */
export function reasonText(reason: StoreNoticeReason | undefined): string {
  if (!reason) return '无法读取';
  const where = reason.line !== undefined ? `第 ${reason.line} 行${reason.column !== undefined ? `第 ${reason.column} 列` : ''}` : '';
  switch (reason.code) {
    case 'INVALID_JSON':
      return where ? `${where}格式错误` : '格式错误';
    case 'INVALID_BRIEFING':
      return '内容无效';
    case 'FILE_TOO_LARGE':
      return '文件过大';
    case 'TOO_DEEP':
      return '嵌套层级过深';
    case 'UNSAFE_CONTENT':
      return '含有不安全的内容';
    default:
      return '无法读取';
  }
}

/**
 * The Chinese text of a notice. `time` formats an ISO time as the reader expects it (the
 * renderer: the computer's local time; the log: Beijing time).
 */
export function describeStoreNotice(kind: StoreNoticeKind, params: StoreNoticeParams, path: string | null, time: (iso: string) => string): StoreNoticeText {
  const title = params.title ?? '';
  const text = (before: string, after = '', shown: string | null = null): StoreNoticeText => ({ before, path: shown, after });
  switch (kind) {
    case 'history-rebuilt':
      return text(`历史记录文件已损坏（${reasonText(params.reason)}），已移到：`, '。历史版本已根据快照文件重建。', path);
    case 'index-rebuilt':
      return text(`草稿列表索引已损坏（${reasonText(params.reason)}），已移到：`, '。草稿列表已根据草稿文件重建，草稿内容不受影响。', path);
    case 'newer-version':
      return text(`草稿“${title}”由更新版本的简报工坊保存，本程序无法打开，也不会改动它。请升级后再打开。`);
    case 'read-only':
      return text(`草稿库目前为只读，修改无法保存：${params.writeError ? messageOf(params.writeError.code, params.writeError.detail) : '数据目录不可写。'}`);
    case 'locked': {
      const holder = params.holder;
      if (!holder) return text('草稿库正被另一处使用，现以只读方式打开：可以查看，修改不会保存。');
      const since = holder.since ? `，自 ${time(holder.since)} 起` : '';
      const who =
        holder.code === 'LOCKED_BY_OTHER_HOST'
          ? `计算机“${holder.hostname}”上的简报工坊（进程号 ${holder.pid}${since}）`
          : `本机进程号 ${holder.pid} 的程序${since}（可能是另一个简报工坊，也可能是沿用了已退出程序进程号的其他程序）`;
      return text(`草稿库正被${who}锁定，为免两处同时写入，现以只读方式打开：可以查看，修改不会保存。如确认对方已不再使用，可点击“接管”。`);
    }
    case 'draft-lost':
    case 'draft-recovered': {
      if (params.readOnly) return text(`草稿“${title}”的文件无法读取（${reasonText(params.reason)}），数据目录只读，暂时无法恢复。`);
      const outcome =
        kind === 'draft-lost' || !params.recoveredFrom
          ? '没有可用于恢复的历史快照或备份，该草稿无法自动恢复。'
          : `已从${params.recoveredFrom.source === 'snapshot' ? '历史快照' : '自动备份'}（${time(params.recoveredFrom.at)}）恢复，此后的修改无法找回。`;
      if (params.damaged && path) return text(`草稿“${title}”的文件已损坏（${reasonText(params.reason)}），已移到隔离文件夹：`, `。${outcome}`, path);
      return text(`草稿“${title}”的文件丢失。${outcome}`);
    }
  }
}

/** The whole notice as one line (logs, the CLI). */
export function storeNoticeLine(kind: StoreNoticeKind, params: StoreNoticeParams, path: string | null, time: (iso: string) => string): string {
  const t = describeStoreNotice(kind, params, path, time);
  return `${t.before}${t.path ?? ''}${t.after}`;
}
