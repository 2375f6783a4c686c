// Installing templates: import (a file or a folder, with the fonts and images it uses, staged and
// swapped in), export (a self-contained copy), remove (to .trash, its versions kept), duplicate,
// and the text of a new template. Lookup lives in registry.ts; this module only changes files.
import { existsSync, mkdirSync, readdirSync, renameSync } from 'node:fs';
import { dirname, extname, join, relative, resolve, sep } from 'node:path';
import { locate, type CheckTemplateResult, type JsonPath } from '../../core/template';
import type { TemplateInfo } from '../../shared/api/templates';
import { fail, ok, type Result } from '../../shared/errors';
import { FONT_ROLES, type Template } from '../../shared/template';
import { isTemplateId, printable } from '../../shared/validation';
import { USER_TEMPLATE_FILE, type CatalogEntry, type TemplateCatalog } from './catalog';
import { containedFile, containedFileIn } from './contained';
import { compareVersions, copyInto, fsFailure, isDirectory, regularFileSize, removeTree, writeFileAtomic } from './files';
import type { ResolvedTemplate, TemplateRegistry } from './registry';
import { bump, VersionStore } from './versions';

/** Largest single file a template brings, and all of them together. */
export const MAX_ASSET_BYTES = 64 * 1024 * 1024;
export const MAX_ASSETS_TOTAL = 256 * 1024 * 1024;

/** The registry's operations that change files. */
export type InstallOperation = 'import' | 'export' | 'remove' | 'duplicate' | 'newTemplateText';

/** What installing needs from the lookup side of the registry. */
export interface InstallContext {
  readonly userDir: string;
  readonly catalog: TemplateCatalog;
  readonly versions: VersionStore;
  now(): Date;
  checkEntry(entry: CatalogEntry): CheckTemplateResult;
  infoOf(entry: CatalogEntry, result: CheckTemplateResult): TemplateInfo;
  /** Keeps a version (once). */
  keep(template: Template): void;
  badRef(id: string, version?: string): Result<never> | undefined;
  resolve(id: string, version?: string): Result<ResolvedTemplate>;
  findByIdOrName(ref: string): CatalogEntry | undefined;
}

/** The file-changing operations of a registry. */
export function createInstaller(ctx: InstallContext): Pick<TemplateRegistry, InstallOperation> {
  const { userDir, catalog, versions, now, checkEntry, infoOf, keep, badRef } = ctx;
  const registry = { resolve: ctx.resolve, findByIdOrName: ctx.findByIdOrName };
  const installer: Pick<TemplateRegistry, InstallOperation> = {
    import(path) {
      const source = resolve(path);
      let file = source;
      if (isDirectory(source)) {
        const inside = join(source, USER_TEMPLATE_FILE);
        const candidates = regularFileSize(inside) !== null ? [inside] : safeList(source).filter((n) => n.endsWith('.json') && !n.endsWith('.schema.json')).map((n) => join(source, n));
        if (candidates.length !== 1) {
          return fail('INVALID_TEMPLATE', candidates.length === 0 ? `（文件夹中没有模板文件 template.json：${source}）` : `（文件夹中有多个 JSON 文件，请把模板文件命名为 template.json：${source}）`);
        }
        file = candidates[0]!;
      }
      const root = dirname(file);
      // Checked as the files are now: the cache follows template files, not the fonts and images beside them.
      catalog.invalidate();
      const checked = catalog.checkFile(file);
      const report = checked.report;
      if (!checked.template) return ok({ status: 'rejected', info: null, replacedVersion: null, assets: [], report });
      const template = checked.template;
      const existing = catalog.find(template.id);
      if (existing?.origin === 'builtin') {
        return fail(
          'INVALID_TEMPLATE',
          `（模板标识“${template.id}”与内置模板相同。内置模板是只读的，不能被覆盖：请把模板文件中的 "id" 改为新的标识（如 "${template.id}-2"）后再导入，或在模板库中“复制”该内置模板再修改）`,
        );
      }
      let replacedVersion: string | null = null;
      if (existing) {
        const installed = checkEntry(existing);
        const installedVersion = installed.template?.version;
        if (installed.template && installedVersion !== undefined) {
          const order = compareVersions(template.version, installedVersion);
          if (order === 0) {
            if (VersionStore.canonical(installed.template) === VersionStore.canonical(template)) {
              return ok({ status: 'unchanged', info: infoOf(existing, installed), replacedVersion: null, assets: [], report });
            }
            return fail(
              'INVALID_TEMPLATE',
              `（已安装“${template.name}”${installedVersion} 版，内容与要导入的不同。请在要导入的模板中提高版本号（如 "version": "${bump(installedVersion)}"）后再导入；已固定在 ${installedVersion} 版的草稿不受影响）`,
            );
          }
          if (order < 0) return fail('INVALID_TEMPLATE', `（已安装“${template.name}”更新的 ${installedVersion} 版，要导入的是 ${template.version} 版，未导入）`);
          replacedVersion = installedVersion;
          keep(installed.template);
        }
      }

      // What to copy: the template's files in its folder (extends by path) and the fonts it uses.
      const files = new Map<string, string>(); // relative path in the new folder → source file
      for (const s of checked.sources) {
        const rel = relative(root, s.file);
        if (s.file === file) files.set(USER_TEMPLATE_FILE, file);
        else if (!rel.startsWith('..') && !rel.startsWith(sep)) files.set(rel, s.file);
      }
      const assets: string[] = [];
      for (const asset of assetRefs(template)) {
        const definedIn = locate(checked.sources, asset.path).file;
        const rel = relative(root, resolve(dirname(definedIn), asset.file));
        if (rel.startsWith('..')) continue;
        // Copied from its real path, and only when that is inside the template's folder.
        const found = containedFile(dirname(definedIn), asset.file);
        if (!found.ok) return fail('INVALID_TEMPLATE', `（${assetRefused(asset.file, found.reason)}）`);
        files.set(rel, found.path);
        assets.push(rel.split(sep).join('/'));
      }
      let total = 0;
      for (const [rel, from] of files) {
        const size = regularFileSize(from);
        if (size === null) return fail('READ_FAILED', `（${from}）`);
        if (size > MAX_ASSET_BYTES) return fail('FILE_TOO_LARGE', `（${rel}：${Math.round(size / 1024 / 1024)} MB，单个文件上限 ${MAX_ASSET_BYTES / 1024 / 1024} MB）`);
        total += size;
      }
      if (total > MAX_ASSETS_TOTAL) return fail('FILE_TOO_LARGE', `（模板及其文件共 ${Math.round(total / 1024 / 1024)} MB，上限 ${MAX_ASSETS_TOTAL / 1024 / 1024} MB）`);

      // Stage the copy, then swap it in (the old folder goes to .trash, its version already kept).
      const staging = join(userDir, `.staging-${template.id}-${process.pid}-${now().getTime()}`);
      try {
        for (const [rel, from] of files) {
          const copied = copyInto(from, join(staging, rel));
          if (!copied.ok) {
            removeTree(staging);
            return copied;
          }
        }
        const target = join(userDir, template.id);
        if (existing) {
          if (existing.file.endsWith(USER_TEMPLATE_FILE)) moveToTrash(existing.dir, template.id);
          else moveToTrash(existing.file, template.id);
        }
        renameSync(staging, target);
      } catch (error) {
        removeTree(staging);
        return fsFailure(error, join(userDir, template.id));
      }
      catalog.invalidate();
      const installed = catalog.find(template.id);
      if (!installed) return fail('WRITE_FAILED', `（${join(userDir, template.id)}）`);
      const installedResult = checkEntry(installed);
      if (installedResult.template) keep(installedResult.template);
      return ok({ status: 'imported', info: infoOf(installed, installedResult), replacedVersion, assets, report });
    },

    export(id, destination) {
      const resolved = registry.resolve(id);
      if (!resolved.ok) return resolved;
      const { template, dir } = resolved.value;
      const assets = assetRefs(template).map((a) => a.file);
      const assetDirs = resolved.value.assetDirs ?? [dir];
      const text = templateText(template, {});
      if (assets.length === 0) {
        const path = extname(destination).toLowerCase() === '.json' ? destination : `${destination}.json`;
        const written = writeFileAtomic(path, text);
        return written.ok ? ok({ path, kind: 'file' }) : written;
      }
      const folder = extname(destination).toLowerCase() === '.json' ? destination.slice(0, -5) : destination;
      if (existsSync(folder) && safeList(folder).length > 0) return fail('WRITE_FAILED', `（文件夹已存在且不是空的：${folder}）`);
      for (const asset of assets) {
        const found = containedFileIn(assetDirs, asset);
        if (!found.ok) return fail('INVALID_TEMPLATE', `（${assetRefused(asset, found.reason)}）`);
        const copied = copyInto(found.path, join(folder, asset));
        if (!copied.ok) return copied;
      }
      const written = writeFileAtomic(join(folder, USER_TEMPLATE_FILE), text);
      return written.ok ? ok({ path: folder, kind: 'folder' }) : written;
    },

    remove(id) {
      const bad = badRef(id);
      if (bad) return bad;
      const entry = catalog.find(id);
      if (!entry) return fail('UNKNOWN_TEMPLATE', `（“${id}”）`);
      if (entry.origin === 'builtin') return fail('PERMISSION_DENIED', `（内置模板“${id}”是只读的，不能删除；可以复制后修改副本）`);
      const dependents = catalog
        .entries()
        .filter((e) => e.id !== id)
        .filter((e) => {
          const own = catalog.checkFile(e.file).own;
          return own !== null && typeof own === 'object' && (own as { extends?: unknown }).extends === id;
        })
        .map((e) => e.id);
      if (dependents.length > 0) return fail('INVALID_ARGUMENT', `（模板“${id}”被 ${dependents.map((d) => `“${d}”`).join('、')} 继承（extends），请先删除或修改它们）`);
      const result = checkEntry(entry);
      if (result.template) keep(result.template);
      try {
        moveToTrash(entry.file.endsWith(USER_TEMPLATE_FILE) ? entry.dir : entry.file, id);
      } catch (error) {
        return fsFailure(error, entry.dir);
      }
      catalog.invalidate();
      return ok(null);
    },

    duplicate(id, options = {}) {
      const resolved = registry.resolve(id);
      if (!resolved.ok) return resolved;
      const source = resolved.value;
      const taken = new Set([...catalog.entries().map((e) => e.id), ...versions.ids()]);
      let newId = options.newId;
      if (newId !== undefined) {
        if (!isTemplateId(newId)) return fail('INVALID_ARGUMENT', `（模板标识“${printable(newId, 80)}”无效：只能用小写字母、数字和连字符）`);
        if (taken.has(newId)) return fail('INVALID_ARGUMENT', `（模板标识“${newId}”已被使用）`);
      } else {
        const stem = `${source.template.id.slice(0, 50)}-copy`;
        newId = stem;
        for (let n = 2; taken.has(newId); n++) newId = `${stem}-${n}`;
      }
      const name = (options.name ?? `${source.template.name}（副本）`).slice(0, 50);
      const copy: Template = { ...source.template, id: newId, name, version: '1.0.0' };
      const folder = join(userDir, newId);
      for (const { file } of assetRefs(copy)) {
        const found = containedFileIn(source.assetDirs ?? [source.dir], file);
        if (!found.ok) return fail('INVALID_TEMPLATE', `（${assetRefused(file, found.reason)}）`);
        const copied = copyInto(found.path, join(folder, file));
        if (!copied.ok) return copied;
      }
      const written = writeFileAtomic(join(folder, USER_TEMPLATE_FILE), templateText(copy, {}));
      if (!written.ok) return written;
      catalog.invalidate();
      const entry = catalog.find(newId);
      if (!entry) return fail('WRITE_FAILED', `（${folder}）`);
      return ok(infoOf(entry, checkEntry(entry)));
    },

    newTemplateText(from, options) {
      const entry = registry.findByIdOrName(from);
      if (!entry) {
        const names = catalog.entries().map((e) => `${checkEntry(e).template?.name ?? e.id}（${e.id}）`);
        return fail('UNKNOWN_TEMPLATE', `（“${from}”；可用的模板：${names.join('、')}）`);
      }
      if (!isTemplateId(options.id)) return fail('INVALID_ARGUMENT', `（模板标识“${printable(options.id, 80)}”无效：只能用小写字母、数字和连字符，如 "shiwei-jianbao"）`);
      if (catalog.find(options.id)) return fail('INVALID_ARGUMENT', `（模板标识“${options.id}”已被使用，请换一个）`);
      const resolved = registry.resolve(entry.id);
      if (!resolved.ok) return resolved;
      const base = resolved.value.template;
      const name = (options.name ?? `${base.name}（副本）`).slice(0, 50);
      if (options.mode === 'extends') {
        const doc = {
          ...(options.schema ? { $schema: options.schema } : {}),
          extends: base.id,
          id: options.id,
          name,
          version: '1.0.0',
          description: `基于“${base.name}”${base.version} 版；只写与它不同之处，其余沿用。`,
        };
        // Its base's fonts and logo resolve from the base's folder: nothing to copy.
        return ok({ text: `${JSON.stringify(doc, null, 2)}\n`, assets: [] });
      }
      const sources = checkEntry(entry).sources;
      const assets: { file: string; from: string }[] = [];
      for (const a of assetRefs(base)) {
        const found = containedFile(dirname(locate(sources, a.path).file), a.file);
        if (!found.ok) return fail('INVALID_TEMPLATE', `（${assetRefused(a.file, found.reason)}）`);
        assets.push({ file: a.file, from: found.path });
      }
      return ok({ text: templateText({ ...base, id: options.id, name, version: '1.0.0' }, { schema: options.schema }), assets });
    },
  };

  function moveToTrash(path: string, id: string): void {
    const trash = join(userDir, '.trash');
    mkdirSync(trash, { recursive: true });
    const stamp = now().toISOString().replace(/[:.]/g, '-');
    renameSync(path, join(trash, `${id}-${stamp}-${process.pid}`));
  }

  return installer;
}

/** The files a template brings (relative to its folder) with the field naming each: its fonts, then its logo. */
export function assetRefs(template: Template): { file: string; path: JsonPath }[] {
  const refs = FONT_ROLES.flatMap((role) => template.fonts[role].files.map((file, k) => ({ file, path: ['fonts', role, 'files', k] as JsonPath })));
  if (template.masthead.logo) refs.push({ file: template.masthead.logo.file, path: ['masthead', 'logo', 'file'] });
  return refs;
}

/** A template as a file: identity first, then the layout, `$schema` when given. */
export function templateText(template: Template, options: { schema?: string | undefined }): string {
  const { $schema: _schema, id, name, version, description, ...rest } = template;
  const doc = { ...(options.schema ? { $schema: options.schema } : {}), id, name, version, description, ...rest };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/** Why a file a template names is not copied, in Chinese. */
function assetRefused(file: string, reason: 'unsafe' | 'missing' | 'outside' | 'not-file'): string {
  const name = `“${printable(file, 120)}”`;
  if (reason === 'outside') return `${name}经符号链接指向了模板文件夹之外，不予读取；请把文件本身复制到模板文件夹中`;
  if (reason === 'unsafe') return `${name}不是模板文件夹中的相对路径`;
  return `找不到模板使用的文件${name}`;
}

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
