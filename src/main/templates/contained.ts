import { realpathSync, statSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { pathProblem } from '../../core/template';

/** A file a template names, found inside its folder — or why not. */
export type ContainedFile =
  | { readonly ok: true; readonly path: string }
  | { readonly ok: false; readonly reason: 'unsafe' | 'missing' | 'outside' | 'not-file' };

/**
 * Finds `ref` (relative, as written in a template: a font, the logo, an extends base) inside `dir`
 * by its real path: every symbolic link on the way is followed, and the result must still lie
 * inside the real `dir`. A symlinked `fonts/` folder or font file pointing elsewhere is `outside`,
 * never read. What the checker refuses in writing (URLs, absolute paths, `..` above the folder)
 * is `unsafe`. Never throws.
 */
export function containedFile(dir: string, ref: string): ContainedFile {
  if (pathProblem(ref)) return { ok: false, reason: 'unsafe' };
  let root: string;
  let real: string;
  try {
    root = realpathSync(dir);
  } catch {
    return { ok: false, reason: 'missing' };
  }
  try {
    real = realpathSync(resolve(root, ref.trim()));
  } catch {
    return { ok: false, reason: 'missing' };
  }
  if (!isInside(root, real)) return { ok: false, reason: 'outside' };
  try {
    return statSync(real).isFile() ? { ok: true, path: real } : { ok: false, reason: 'not-file' };
  } catch {
    return { ok: false, reason: 'missing' };
  }
}

/** The first folder of `dirs` (a template's own, then its bases') holding `ref`; else the first refusal. */
export function containedFileIn(dirs: readonly string[], ref: string): ContainedFile {
  let first: ContainedFile = { ok: false, reason: 'missing' };
  for (const dir of dirs) {
    const found = containedFile(dir, ref);
    if (found.ok) return found;
    if (first.ok === false && first.reason === 'missing') first = found;
  }
  return first;
}

/** True when `path` lies strictly inside `root` (both already real, absolute paths). */
export function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
}
