import { join } from 'node:path';

/**
 * Where the store keeps its files, under `<dataDir>/drafts/`:
 *   index.json               the drafts list (a cache of the draft files, rebuilt from them)
 *   store.lock               the single-writer lock
 *   files/<id>.json          one file per live draft
 *   trash/<id>.json          drafts in the trash (废纸篓), kept 30 days
 *   history/<id>/            manifest.json + one file per snapshot
 *   backups/<time>/          rolling backups of index + files + trash
 *   quarantine/              damaged files moved aside at open, never deleted by the app
 */
export interface StoreLayout {
  readonly root: string;
  readonly index: string;
  readonly lock: string;
  readonly files: string;
  readonly trash: string;
  readonly history: string;
  readonly backups: string;
  readonly quarantine: string;
}

/** The layout of a store rooted at `root`. */
export function storeLayout(root: string): StoreLayout {
  return {
    root,
    index: join(root, 'index.json'),
    lock: join(root, 'store.lock'),
    files: join(root, 'files'),
    trash: join(root, 'trash'),
    history: join(root, 'history'),
    backups: join(root, 'backups'),
    quarantine: join(root, 'quarantine'),
  };
}

/** The store folder inside the app's data directory. */
export function storeRootFor(dataDir: string): string {
  return join(dataDir, 'drafts');
}

/** `2026-11-26T08-30-00-000Z` — a timestamp usable in file names on every platform. */
export function fileTimestamp(date: Date): string {
  return date.toISOString().replace(/[:.]/g, '-');
}

const chinaTime = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});

/** `2026/11/26 08:30` in Beijing time, for messages. */
export function formatChinaTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : chinaTime.format(date);
}
