import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createLibraryIndex, type LibraryIndex } from '../../core/library';
import { UserError } from '../../shared/errors';
import {
  LIBRARY_SCHEMA_VERSION,
  itemsFileSchema,
  sourcesFileSchema,
  validateLibraryData,
  type LibraryData,
} from '../../shared/library';
import { formatIssues, parseJsonSafely, toValidationIssues } from '../../shared/validation';
import type { z } from 'zod';

/** The library as loaded and indexed, once per process and directory. */
export interface LoadedLibrary {
  readonly data: LibraryData;
  readonly index: LibraryIndex;
  /** where it was read from */
  readonly dir: string;
}

const cache = new Map<string, LoadedLibrary>();

/** The library data folder inside `resources/`. */
export function libraryDir(resourcesDir: string): string {
  return join(resourcesDir, 'library');
}

function readJson(dir: string, file: string): unknown {
  let text: string;
  try {
    text = readFileSync(join(dir, file), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UserError('LIBRARY_INVALID', `（缺少文件 ${file}${code ? `：${code}` : ''}）`);
  }
  const json = parseJsonSafely(text);
  if (!json.ok) throw new UserError('LIBRARY_INVALID', `\n${file}：${json.message}`);
  return json.value;
}

function parseFile<S extends z.ZodType>(file: string, value: unknown, schema: S): z.output<S> {
  const version = (value as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (typeof version === 'number' && version > LIBRARY_SCHEMA_VERSION) {
    throw new UserError('LIBRARY_INVALID', `\n${file}：数据版本 ${version} 高于本程序支持的 ${LIBRARY_SCHEMA_VERSION}，请升级简报工坊。`);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const lines = formatIssues(toValidationIssues(parsed.error)).split('\n').map((line) => `${file} ${line}`);
    throw new UserError('LIBRARY_INVALID', `\n${lines.join('\n')}`);
  }
  return parsed.data;
}

/**
 * Reads `sources.json` and `items.json` from `dir`, validates them (schemas, then cross-file checks:
 * verbatim quotes, figures as written, references) and builds the search index. Any problem is a
 * UserError LIBRARY_INVALID whose Chinese message names the file, the JSON path and the fault.
 */
export function readLibrary(dir: string): LoadedLibrary {
  const sourcesFile = parseFile('sources.json', readJson(dir, 'sources.json'), sourcesFileSchema);
  const itemsFile = parseFile('items.json', readJson(dir, 'items.json'), itemsFileSchema);
  const issues = validateLibraryData(sourcesFile, itemsFile);
  if (issues.length > 0) {
    const shown = issues.slice(0, 10).map((i) => `${i.file} ${i.path}：${i.message}`);
    if (issues.length > 10) shown.push(`……另有 ${issues.length - 10} 处问题`);
    throw new UserError('LIBRARY_INVALID', `\n${shown.join('\n')}`);
  }
  const data: LibraryData = {
    sources: sourcesFile.sources,
    items: itemsFile.items,
    metrics: itemsFile.metrics,
    derivations: itemsFile.derivations,
  };
  return { data, index: createLibraryIndex(data), dir };
}

/** The library of `resourcesDir`, loaded and indexed on first use and cached for the process. */
export function loadLibrary(resourcesDir: string): LoadedLibrary {
  const dir = resolve(libraryDir(resourcesDir));
  let loaded = cache.get(dir);
  if (!loaded) {
    loaded = readLibrary(dir);
    cache.set(dir, loaded);
  }
  return loaded;
}

/** Forgets cached libraries (tests; a future "reload data" command). */
export function clearLibraryCache(): void {
  cache.clear();
}
