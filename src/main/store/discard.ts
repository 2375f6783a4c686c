import { basename, dirname, join } from 'node:path';
import { isNotFound } from '../fs/errno';
import type { StoreFs } from './fs-layer';

let discardCounter = 0;

/**
 * Deletes a folder so that a crash midway never leaves a half-deleted folder under its real name:
 * it is first renamed to `.deleting-<name>-…` (atomic), then removed. Leftovers are swept at open
 * (see `isDiscardedName`).
 */
export async function discardTree(fs: StoreFs, path: string): Promise<void> {
  discardCounter += 1;
  const aside = join(dirname(path), `.deleting-${basename(path)}-${process.pid}-${discardCounter}`);
  try {
    await fs.rename(path, aside);
  } catch (error) {
    if (isNotFound(error)) return;
    throw error;
  }
  await fs.syncDir(dirname(path));
  await fs.removeTree(aside);
}

/** True for a folder being deleted by `discardTree` (or an unfinished backup). */
export function isDiscardedName(name: string): boolean {
  return name.startsWith('.deleting-') || name.startsWith('.partial-');
}
