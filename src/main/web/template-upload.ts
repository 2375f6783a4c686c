// A template imported in the browser mode comes as files the user picked together — its JSON, its
// fonts, its logo — and a browser uploads picked files without their folders. A template names its
// files relative to its own folder (`images/徽标.png`, `fonts/仿宋.ttf`), as the desktop app reads
// them beside the picked JSON. Before the import runs, each file the template names that is missing
// at its path but was uploaded under the same name is moved to that path inside the upload folder.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync } from 'node:fs';
import { basename, dirname, extname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { parseTemplateJson } from '../../shared/template';
import { assetRefs } from '../templates/install';

/** A template's relative file name as a path inside `dir`, or null when it would leave it. */
function inside(dir: string, file: string): string | null {
  const parts = file.replace(/\\/g, '/').split('/');
  if (isAbsolute(file) || /^[A-Za-z]:/.test(file) || parts.some((p) => p === '..' || p === '')) return null;
  const path = resolve(dir, ...parts);
  const rel = relative(dir, path);
  return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? null : path;
}

/**
 * Puts the uploaded files where the uploaded template's JSON names them (see the module comment);
 * returns the relative paths it placed. Files the template does not name, a JSON that is not a
 * template, and names that would leave the folder are left alone: the import reports them.
 */
export function arrangeTemplateUpload(dir: string): string[] {
  const top = readdirSync(dir).filter((name) => statSync(join(dir, name)).isFile());
  const json = top.find((name) => extname(name).toLowerCase() === '.json');
  if (!json) return [];
  const parsed = parseTemplateJson(readFileSync(join(dir, json), 'utf8'));
  if (!parsed.ok) return [];
  const placed: string[] = [];
  for (const { file } of assetRefs(parsed.value)) {
    const target = inside(dir, file);
    if (!target || existsSync(target)) continue;
    const uploaded = top.find((name) => name === basename(file.replace(/\\/g, '/')) && name !== json);
    if (!uploaded || !existsSync(join(dir, uploaded))) continue;
    mkdirSync(dirname(target), { recursive: true });
    renameSync(join(dir, uploaded), target);
    placed.push(relative(dir, target).split(sep).join('/'));
  }
  return placed;
}
