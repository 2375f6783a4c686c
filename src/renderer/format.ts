/** “刚刚 / 5 分钟前 / 3 小时前 / 昨天 14:05 / 3 天前 / 2025年2月8日” — last-edit times in the drafts list. */
export function relativeTimeZh(iso: string, now: Date): string {
  const then = new Date(iso);
  const seconds = Math.round((now.getTime() - then.getTime()) / 1000);
  if (!Number.isFinite(seconds)) return '';
  if (seconds < 60) return '刚刚';
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} 分钟前`;
  const hours = Math.floor(minutes / 60);
  const sameDay = then.toDateString() === now.toDateString();
  if (hours < 24 && sameDay) return `${hours} 小时前`;
  const yesterday = new Date(now);
  yesterday.setDate(now.getDate() - 1);
  if (then.toDateString() === yesterday.toDateString()) return `昨天 ${clockTime(iso)}`;
  const days = Math.floor(hours / 24);
  if (days < 7) return `${Math.max(days, 2)} 天前`;
  return `${then.getFullYear()}年${then.getMonth() + 1}月${then.getDate()}日`;
}

/** 14:05 — the local clock time of an ISO time; with seconds when asked (14:05:09). */
export function clockTime(iso: string, withSeconds = false): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(d.getHours())}:${two(d.getMinutes())}${withSeconds ? `:${two(d.getSeconds())}` : ''}`;
}

/** 2025年2月8日 14:05 — a full local date and time, for tooltips and the history panel. */
export function dateTimeZh(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return `${d.getFullYear()}年${d.getMonth() + 1}月${d.getDate()}日 ${clockTime(iso)}`;
}

/** 今天 / 昨天 / 2月6日 / 2024年12月31日 — the day a history entry belongs to (group headings). */
export function dayLabelZh(iso: string, now: Date): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  if (d.toDateString() === now.toDateString()) return '今天';
  const yesterday = new Date(now);
  yesterday.setDate(now.getDate() - 1);
  if (d.toDateString() === yesterday.toDateString()) return '昨天';
  if (d.getFullYear() === now.getFullYear()) return `${d.getMonth() + 1}月${d.getDate()}日`;
  return `${d.getFullYear()}年${d.getMonth() + 1}月${d.getDate()}日`;
}

/** “还剩 12 天” / “今天到期” — how long a draft stays in the trash before it is purged. */
export function purgeCountdownZh(purgeAt: string, now: Date): string {
  const ms = new Date(purgeAt).getTime() - now.getTime();
  if (!Number.isFinite(ms)) return '';
  if (ms <= 0) return '即将永久删除';
  const days = Math.ceil(ms / 86_400_000);
  return days <= 1 ? '不到 1 天后永久删除' : `${days} 天后永久删除`;
}

/** 第3期 or 未编期号. */
export function issueLabel(issueNumber: number | null): string {
  return issueNumber === null ? '未编期号' : `第${issueNumber}期`;
}

/** The last part of a path (either separator): the file name shown for a path main gave. */
export function fileNameOf(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}
