import { readFileSync, readdirSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { checkTemplate, issue, locate, makeReport, MAX_TEMPLATE_BYTES, tooLargeReport, type CheckTemplateResult, type TemplateLoader } from '../../core/template';
import type { TemplateIssue, TemplateOrigin } from '../../shared/api/templates';
import { isTemplateId } from '../../shared/validation';
import { commonCharacters, inspectFontFile } from '../fonts/inspect';
import { containedFile } from './contained';
import { isDirectory, regularFileSize, stampOf } from './files';
import { imageReaderFor } from './images';

/** A template found on disk (valid or not). */
export interface CatalogEntry {
  readonly id: string;
  readonly origin: TemplateOrigin;
  /** The template file. */
  readonly file: string;
  /** Where its relative font and image files resolve. */
  readonly dir: string;
}

/** Where templates live. */
export interface CatalogDirs {
  /** Built-in templates (`templates/`), read-only. */
  readonly builtinDir: string;
  /** User templates (`<dataDir>/templates/<id>/template.json`). */
  readonly userDir: string;
  /** `resources/` (its `charsets/` holds the common characters fonts are checked against); omit to skip that check. */
  readonly resourcesDir?: string | undefined;
}

/** The file name of a user template inside its folder. */
export const USER_TEMPLATE_FILE = 'template.json';

/** The order built-ins are offered in: the default (工作简报) first; new drafts start from the first. */
export const BUILTIN_ORDER: readonly string[] = ['gongzuo-jianbao', 'lingdao-canyue', 'chengshi-duibiao', 'huiyi-cailiao', 'xinxi-zhuanbao'];

const builtinRank = (id: string) => {
  const k = BUILTIN_ORDER.indexOf(id);
  return k < 0 ? BUILTIN_ORDER.length : k;
};

const isTemplateFileName = (name: string) => name.endsWith('.json') && !name.endsWith('.schema.json') && !name.startsWith('.');

/**
 * Finds templates on disk and checks them, caching each check until one of the files it read
 * (the template and its `extends` bases) changes.
 */
export class TemplateCatalog {
  readonly #dirs: CatalogDirs;
  readonly #cache = new Map<string, { stamps: [string, string][]; result: CheckTemplateResult }>();
  readonly #log: (message: string) => void;

  constructor(dirs: CatalogDirs, log: (message: string) => void = () => undefined) {
    this.#dirs = dirs;
    this.#log = log;
  }

  /** Every template on disk: built-ins first (工作简报 leading), then user templates by id; a user id equal to a built-in's is skipped. */
  entries(): CatalogEntry[] {
    const builtins = listJson(this.#dirs.builtinDir)
      .sort((a, b) => builtinRank(a.slice(0, -5)) - builtinRank(b.slice(0, -5)) || a.localeCompare(b))
      .map((name) => ({
      id: name.slice(0, -'.json'.length),
      origin: 'builtin' as const,
      file: join(this.#dirs.builtinDir, name),
      dir: this.#dirs.builtinDir,
    }));
    const user: CatalogEntry[] = [];
    for (const name of listDirs(this.#dirs.userDir)) {
      const file = join(this.#dirs.userDir, name, USER_TEMPLATE_FILE);
      if (regularFileSize(file) !== null) user.push({ id: name, origin: 'user', file, dir: join(this.#dirs.userDir, name) });
    }
    // Flat files in the user folder (the layout before template folders) still count.
    for (const name of listJson(this.#dirs.userDir)) {
      user.push({ id: name.slice(0, -'.json'.length), origin: 'user', file: join(this.#dirs.userDir, name), dir: this.#dirs.userDir });
    }
    const out: CatalogEntry[] = [...builtins];
    for (const entry of user.sort((a, b) => a.id.localeCompare(b.id))) {
      if (out.some((e) => e.id === entry.id)) {
        this.#log(`User template ${entry.file} ignored: id ${entry.id} is taken`);
        continue;
      }
      out.push(entry);
    }
    return out;
  }

  /** The entry of a template id. */
  find(id: string): CatalogEntry | undefined {
    return this.entries().find((e) => e.id === id);
  }

  /** A loader for the checker: `extends` by id through this catalog, by relative path inside the folder. */
  loader(): TemplateLoader {
    const folderOf = (fromFile: string) => dirname(resolve(fromFile));
    return {
      load: (ref, fromFile) => {
        let file: string;
        if (ref.endsWith('.json')) {
          // A base named by path: inside the folder by its real path (no symbolic link out of it).
          const found = containedFile(folderOf(fromFile), ref);
          if (!found.ok) return { ok: false, reason: 'not-found' };
          file = resolve(folderOf(fromFile), ref);
        } else {
          // A base named by id is looked up in the catalog, never used as a path.
          const entry = isTemplateId(ref) ? this.find(ref) : undefined;
          if (!entry) return { ok: false, reason: 'not-found' };
          file = entry.file;
        }
        const size = regularFileSize(file);
        if (size === null) return { ok: false, reason: 'not-found' };
        if (size > MAX_TEMPLATE_BYTES) return { ok: false, reason: 'too-large', detail: `${Math.round(size / 1024 / 1024)} MB` };
        try {
          return { ok: true, file, text: readFileSync(file, 'utf8') };
        } catch {
          return { ok: false, reason: 'unreadable' };
        }
      },
      knownIds: () => this.entries().map((e) => e.id),
      exists: (path, fromFile) => containedFile(folderOf(fromFile), path).ok,
      escapes: (path, fromFile) => {
        const found = containedFile(folderOf(fromFile), path);
        return !found.ok && found.reason === 'outside';
      },
      readBytes: (path, fromFile) => imageReaderFor(folderOf(fromFile))(path),
      inspectFont: (path, fromFile) => {
        const found = containedFile(folderOf(fromFile), path);
        return found.ok ? inspectFontFile(found.path) : undefined;
      },
      commonCharacters: () => (this.#dirs.resourcesDir ? commonCharacters(this.#dirs.resourcesDir) : ''),
    };
  }

  /**
   * Checks a template file: refused unread when over the size limit; the catalog's loader follows
   * `extends`. Cached until a file of its chain changes.
   */
  checkFile(file: string): CheckTemplateResult {
    const cached = this.#cache.get(file);
    if (cached && cached.stamps.every(([f, s]) => stampOf(f) === s)) return cached.result;
    const size = regularFileSize(file);
    let result: CheckTemplateResult;
    if (size === null) {
      result = { report: makeReport(file, [issue('error', 'unreadable', file, '（根）', { line: 1, column: 1 }, '找不到模板文件，或它不是普通文件', '检查路径是否正确')], null, [file]), template: null, merged: null, own: null, sources: [] };
    } else if (size > MAX_TEMPLATE_BYTES) {
      result = { report: tooLargeReport(file, size), template: null, merged: null, own: null, sources: [] };
    } else {
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch {
        text = '';
      }
      result = checkTemplate({ file, text, loader: this.loader() });
    }
    // Valid until a file of the chain changes, or a template folder changes (a base may appear or go).
    const files = [...(result.sources.length > 0 ? result.sources.map((s) => s.file) : [file]), this.#dirs.builtinDir, this.#dirs.userDir];
    this.#cache.set(file, { stamps: files.map((f) => [f, stampOf(f)]), result });
    return result;
  }

  /** Checks a catalog entry, adding the catalog's own rule: the id matches the file or folder name. */
  checkEntry(entry: CatalogEntry, extra?: (result: CheckTemplateResult) => TemplateIssue[]): CheckTemplateResult {
    const result = this.checkFile(entry.file);
    const more = ((): TemplateIssue[] => {
      const out: TemplateIssue[] = [];
      const own = result.own;
      const id = own !== null && typeof own === 'object' && !Array.isArray(own) ? (own as { id?: unknown }).id : undefined;
      if (typeof id === 'string' && id !== entry.id && result.sources.length > 0) {
        const where = locate(result.sources.slice(0, 1), ['id']);
        const named = entry.file.endsWith(USER_TEMPLATE_FILE) ? `所在文件夹“${basename(entry.dir)}”` : `文件名“${basename(entry.file)}”`;
        out.push(issue('error', 'id-mismatch', where.file, 'id', where, `id“${id}”与${named}不一致`, entry.file.endsWith(USER_TEMPLATE_FILE) ? `把 id 改为 "${entry.id}"` : `把 id 改为 "${entry.id}"，或把文件改名为 ${id}.json`));
      }
      return [...out, ...(extra ? extra(result) : [])];
    })();
    if (more.length === 0) return result;
    const report = makeReport(entry.file, [...result.report.issues, ...more], result.merged ?? result.own, result.report.chain);
    return { ...result, report, template: report.ok ? result.template : null };
  }

  /** Forgets cached checks (after a change on disk made by the registry itself). */
  invalidate(): void {
    this.#cache.clear();
  }

  /** A path for messages: relative to the user folder when inside it. */
  display(file: string): string {
    const rel = relative(this.#dirs.userDir, file);
    return rel.startsWith('..') ? file : rel;
  }
}

function listJson(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((d) => d.isFile() && isTemplateFileName(d.name))
      .map((d) => d.name)
      .sort();
  } catch {
    return [];
  }
}

function listDirs(dir: string): string[] {
  if (!isDirectory(dir)) return [];
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((d) => d.isDirectory() && !d.name.startsWith('.'))
      .map((d) => d.name)
      .sort();
  } catch {
    return [];
  }
}
