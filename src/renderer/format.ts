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
  const hhmm = `${String(then.getHours()).padStart(2, '0')}:${String(then.getMinutes()).padStart(2, '0')}`;
  if (then.toDateString() === yesterday.toDateString()) return `昨天 ${hhmm}`;
  const days = Math.floor(hours / 24);
  if (days < 7) return `${Math.max(days, 2)} 天前`;
  return `${then.getFullYear()}年${then.getMonth() + 1}月${then.getDate()}日`;
}

/** 第3期 or 未编期号. */
export function issueLabel(issueNumber: number | null): string {
  return issueNumber === null ? '未编期号' : `第${issueNumber}期`;
}
