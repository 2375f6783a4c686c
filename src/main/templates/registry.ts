import { existsSync, mkdirSync, readdirSync, renameSync } from 'node:fs';
import { dirname, extname, join, relative, resolve, sep } from 'node:path';
import { changedSections, formatIssue, locate, issue, type CheckTemplateResult, type JsonPath } from '../../core/template';
import type {
  ExportTemplateResult,
  ImportTemplateResult,
  TemplateCheckReport,
  TemplateDetails,
  TemplateInfo,
  TemplateIssue,
  TemplateVersionStatus,
} from '../../shared/api/templates';
import type { TemplateRef } from '../../shared/briefing';
import { fail, ok, type Result } from '../../shared/errors';
import { FONT_ROLES, type Template } from '../../shared/template';
import { TemplateCatalog, USER_TEMPLATE_FILE, type CatalogEntry } from './catalog';
import { compareVersions, copyInto, fsFailure, isDirectory, regularFileSize, removeTree, writeFileAtomic } from './files';
import { VersionStore } from './versions';
import { containedFile, containedFileIn } from './contained';
import { isTemplateId, isTemplateVersion, printable } from '../../shared/validation';

/** What the registry needs from the machine (a subset of the services' host). */
export interface TemplateRegistryHost {
  /** Built-in templates (read-only). */
  readonly templatesDir: string;
  /** The user's data: templates go to `<dataDir>/templates`. */
  readonly dataDir: string;
  now?(): Date;
  log?(level: 'info' | 'warn' | 'error', message: string, error?: unknown): void;
  /** False for tools that must not write (the CLI): versions are then read but not kept. Default true. */
  readonly keepVersions?: boolean;
  /** `resources/`: font files templates name are checked against its common characters (omit to skip). */
  readonly resourcesDir?: string;
}

/** A template ready for the engine: structurally an export.ts `LoadedTemplate` (template, dir, file). */
export interface ResolvedTemplate {
  readonly template: Template;
  /** Where its relative font files resolve. */
  readonly dir: string;
  /** Folders its relative files (fonts, logo) are looked up in: its own, then those of the templates it extends. */
  readonly assetDirs?: readonly string[];
  readonly file: string;
  /** `version`: a kept older version rather than the template's current file. */
  readonly origin: 'builtin' | 'user' | 'version';
  /** True when this is the template's current version. */
  readonly current: boolean;
}

/** Options of `duplicate`. */
export interface DuplicateOptions {
  readonly newId?: string;
  readonly name?: string;
}

/** Options of `newTemplateText` (the CLI's `template new`). */
export interface NewTemplateOptions {
  readonly id: string;
  readonly name?: string;
  /** `copy`: every field written out (default); `extends`: only identity and `extends`. */
  readonly mode?: 'copy' | 'extends';
  /** `$schema` to write (relative path to templates/template.schema.json), if any. */
  readonly schema?: string;
}

/** A new template's text, and (for a full copy) the files it names, to copy next to it. */
export interface NewTemplate {
  readonly text: string;
  /** `file` as written in the template (relative), `from` the absolute source. */
  readonly assets: readonly { readonly file: string; readonly from: string }[];
}

/** Largest font or image file imported with a template, and the total. */
export const MAX_ASSET_BYTES = 64 * 1024 * 1024;
export const MAX_ASSETS_TOTAL = 256 * 1024 * 1024;


/** The template registry: built-ins, user templates, kept versions. */
export interface TemplateRegistry {
  readonly userDir: string;
  readonly versionsDir: string;
  /** Every template, valid or not (the gallery shows the report of invalid ones). */
  list(): TemplateInfo[];
  /** A template by id at its current version, or at a kept `version`. Reads only. */
  resolve(id: string, version?: string): Result<ResolvedTemplate>;
  /** As `resolve`, for a use that pins drafts to it (a new draft, an export): the current version is kept. */
  use(id: string, version?: string): Result<ResolvedTemplate>;
  /** A draft's pinned template: the pinned version when kept, else the current one; with its status. Reads only. */
  resolveRef(ref: TemplateRef): Result<{ loaded: ResolvedTemplate; status: TemplateVersionStatus }>;
  /** As `resolveRef`, for an export or preview of the draft: the version used is kept. */
  useRef(ref: TemplateRef): Result<{ loaded: ResolvedTemplate; status: TemplateVersionStatus }>;
  /** Checks any template file (CLI, the check dialog): extends followed through this registry; `fresh` skips the cache. */
  check(file: string, options?: { fresh?: boolean }): CheckTemplateResult;
  /** The report of an installed template. */
  checkInstalled(id: string): Result<TemplateCheckReport>;
  details(id: string, version?: string): Result<TemplateDetails>;
  /** Imports a template file, or a folder holding `template.json`, with the fonts and images it uses. */
  import(path: string): Result<ImportTemplateResult>;
  /** Writes a self-contained copy (extends resolved): a file, or a folder when it carries fonts or images. */
  export(id: string, destination: string): Result<ExportTemplateResult>;
  /** Deletes a user template; its versions stay kept. */
  remove(id: string): Result<null>;
  /** Copies a template into a new user template. */
  duplicate(id: string, options?: DuplicateOptions): Result<TemplateInfo>;
  versionStatus(id: string, version: string): TemplateVersionStatus;
  /** Finds a template by id or by its Chinese name (工作简报). */
  findByIdOrName(ref: string): CatalogEntry | undefined;
  /** The text of a new template based on another (CLI `template new`). */
  newTemplateText(from: string, options: NewTemplateOptions): Result<NewTemplate>;
}

/** Creates the registry on a host. */
export function createTemplateRegistry(host: TemplateRegistryHost): TemplateRegistry {
  const userDir = join(host.dataDir, 'templates');
  const versions = new VersionStore(join(userDir, '.versions'), join(host.templatesDir, 'versions'), host.keepVersions ?? true);
  const log = (level: 'info' | 'warn' | 'error', message: string, error?: unknown) => host.log?.(level, message, error);
  const catalog = new TemplateCatalog({ builtinDir: host.templatesDir, userDir, resourcesDir: host.resourcesDir }, (m) => log('warn', m));
  const now = () => host.now?.() ?? new Date();

  /** Registry-level problems: a version number reused for different content. */
  const registryIssues = (result: CheckTemplateResult): TemplateIssue[] => {
    const template = result.template;
    if (!template || !versions.differs(template)) return [];
    const where = locate(result.sources.slice(0, 1), ['version']);
    return [
      issue(
        'warning',
        'version-reused',
        where.file,
        'version',
        where,
        `version ${template.version} 已被使用过，但模板内容与当时保留的不同；固定在 ${template.version} 版的草稿仍按当时的内容排版`,
        `修改模板后请提高版本号，如 ${bump(template.version)}`,
      ),
    ];
  };

  const checkEntry = (entry: CatalogEntry) => catalog.checkEntry(entry, registryIssues);

  const infoOf = (entry: CatalogEntry, result: CheckTemplateResult): TemplateInfo => {
    const raw = result.merged ?? result.own;
    const field = (key: string) => (raw !== null && typeof raw === 'object' && typeof (raw as Record<string, unknown>)[key] === 'string' ? ((raw as Record<string, unknown>)[key] as string) : '');
    const own = result.own !== null && typeof result.own === 'object' ? (result.own as Record<string, unknown>) : {};
    const version = result.template?.version ?? (field('version') || '0.0.0');
    const kept = versions.versions(entry.id);
    return {
      id: entry.id,
      name: result.template?.name ?? (field('name') || entry.id),
      version,
      description: result.template?.description ?? field('description'),
      origin: entry.origin,
      readOnly: entry.origin === 'builtin',
      file: entry.file,
      extends: typeof own.extends === 'string' ? own.extends : null,
      valid: result.report.ok && result.template !== null,
      errors: result.report.errors,
      warnings: result.report.warnings,
      versions: [...new Set([version, ...kept])].sort((a, b) => compareVersions(b, a)),
    };
  };

  const invalidFailure = (report: TemplateCheckReport, name: string): Result<never> => {
    const shown = report.issues.filter((i) => i.severity === 'error').slice(0, 5).map(formatIssue).join('\n');
    const more = report.errors > 5 ? `\n……另有 ${report.errors - 5} 处错误` : '';
    return fail('INVALID_TEMPLATE', `（${name}）\n${shown}${more}`);
  };

  /** Keeps a version (once): every version ever used stays, so pinned drafts render the same later. */
  const keep = (template: Template) => {
    if (versions.keep(template) === 'failed') log('warn', `Could not keep ${template.id}@${template.version} in ${versions.dir}`);
  };

  const resolveCurrent = (entry: CatalogEntry): Result<ResolvedTemplate> => {
    const result = checkEntry(entry);
    if (!result.template) return invalidFailure(result.report, catalog.display(entry.file));
    const assetDirs = [...new Set([entry.dir, ...result.sources.map((s) => dirname(s.file))])];
    return ok({ template: result.template, dir: entry.dir, assetDirs, file: entry.file, origin: entry.origin, current: true });
  };

  const resolveVersion = (id: string, version: string, entry: CatalogEntry | undefined): Result<ResolvedTemplate> => {
    const kept = versions.load(id, version);
    if (!kept) return fail('UNKNOWN_TEMPLATE', `（模板“${id}”的 ${version} 版没有保留）`);
    // Relative font files of an old version resolve against the template's folder while it exists.
    return ok({ template: kept.template, dir: entry?.dir ?? dirname(kept.file), file: kept.file, origin: 'version', current: false });
  };

  /** Ids and versions name files: a malformed one (from a draft, a request) is refused before any lookup. */
  const badRef = (id: string, version?: string): Result<never> | undefined => {
    if (!isTemplateId(id)) return fail('UNKNOWN_TEMPLATE', `（模板标识“${printable(id, 80)}”无效：只能用小写字母、数字和连字符，如 gongzuo-jianbao）`);
    if (version !== undefined && !isTemplateVersion(version)) return fail('UNKNOWN_TEMPLATE', `（模板版本“${printable(version, 40)}”无效：应为 x.y.z）`);
    return undefined;
  };

  const registry: TemplateRegistry = {
    userDir,
    versionsDir: versions.dir,

    list() {
      return catalog.entries().map((entry) => {
        const result = checkEntry(entry);
        // What the gallery offers may be chosen for a draft: keep it from the moment it is shown.
        if (result.template) keep(result.template);
        return infoOf(entry, result);
      });
    },

    resolve(id, version) {
      const bad = badRef(id, version);
      if (bad) return bad;
      const entry = catalog.find(id);
      if (!entry) {
        if (version !== undefined) return resolveVersion(id, version, undefined);
        const ids = catalog.entries().map((e) => e.id);
        const guess = ids.find((i) => i.includes(id) || id.includes(i));
        return fail('UNKNOWN_TEMPLATE', `（“${id}”${guess ? `；您是否想用“${guess}”？` : ''}）`);
      }
      if (version === undefined) return resolveCurrent(entry);
      const current = checkEntry(entry);
      if (current.template?.version === version) return resolveCurrent(entry);
      const kept = resolveVersion(id, version, entry);
      // A template broken since: its kept version still renders; otherwise say what is wrong now.
      return kept.ok || current.template ? kept : invalidFailure(current.report, catalog.display(entry.file));
    },

    use(id, version) {
      const resolved = registry.resolve(id, version);
      if (resolved.ok && resolved.value.current) keep(resolved.value.template);
      return resolved;
    },

    useRef(ref) {
      const resolved = registry.resolveRef(ref);
      if (resolved.ok && resolved.value.loaded.current) keep(resolved.value.loaded.template);
      return resolved;
    },

    resolveRef(ref) {
      const status = registry.versionStatus(ref.id, ref.version);
      if (status.state === 'outdated') {
        const pinned = registry.resolve(ref.id, ref.version);
        if (pinned.ok) return ok({ loaded: pinned.value, status });
      }
      if (status.state === 'template-missing') {
        const pinned = registry.resolve(ref.id, ref.version);
        return pinned.ok ? ok({ loaded: pinned.value, status }) : fail('UNKNOWN_TEMPLATE', `（${status.message}）`);
      }
      const current = registry.resolve(ref.id);
      return current.ok ? ok({ loaded: current.value, status }) : current;
    },

    check(file, options = {}) {
      if (options.fresh) catalog.invalidate();
      return catalog.checkFile(resolve(file));
    },

    checkInstalled(id) {
      const bad = badRef(id);
      if (bad) return bad;
      const entry = catalog.find(id);
      return entry ? ok(checkEntry(entry).report) : fail('UNKNOWN_TEMPLATE', `（“${id}”）`);
    },

    details(id, version) {
      const entry = catalog.find(id);
      const resolved = registry.resolve(id, version);
      if (!resolved.ok) return resolved;
      if (!entry) {
        // A deleted template still has its kept versions.
        const t = resolved.value.template;
        const info: TemplateInfo = { id, name: t.name, version: t.version, description: t.description, origin: 'user', readOnly: true, file: resolved.value.file, extends: null, valid: true, errors: 0, warnings: 0, versions: versions.versions(id) };
        const report: TemplateCheckReport = { file: resolved.value.file, ok: true, errors: 0, warnings: 0, issues: [], id, name: t.name, version: t.version, chain: [resolved.value.file] };
        return ok({ info, template: t, report });
      }
      const result = checkEntry(entry);
      return ok({ info: infoOf(entry, result), template: resolved.value.template, report: result.report });
    },

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

    versionStatus(id, pinned) {
      if (badRef(id, pinned)) {
        return { id, pinned, current: null, state: 'template-missing', changes: [], message: `草稿记录的模板“${printable(id, 80)}”${printable(pinned, 40)} 版不是有效的模板标识和版本，无法使用；请改用模板库中的模板。` };
      }
      const entry = catalog.find(id);
      const current = entry ? checkEntry(entry).template : null;
      const kept = versions.fileOf(id, pinned) !== undefined;
      const base = { id, pinned, current: current?.version ?? null };
      if (!current) {
        const name = versions.load(id, pinned)?.template.name ?? id;
        if (entry) {
          return { ...base, state: 'template-missing', changes: [], message: kept ? `模板“${name}”现在有错误，草稿仍按保留的 ${pinned} 版排版；请在模板库中查看检查报告。` : `模板“${id}”有错误，暂不能使用；请在模板库中查看检查报告。` };
        }
        return kept
          ? { ...base, state: 'template-missing', changes: [], message: `模板“${name}”已不在模板库中，草稿仍按保留的 ${pinned} 版排版。` }
          : { ...base, state: 'template-missing', changes: [], message: `找不到草稿使用的模板“${id}”；可在模板库中导入该模板，或改用其他模板。` };
      }
      const name = current.name;
      if (current.version === pinned) return { ...base, state: 'current', changes: [], message: `草稿使用的是“${name}”的当前版本 ${pinned}。` };
      if (compareVersions(pinned, current.version) > 0) {
        return { ...base, state: 'newer', changes: [], message: `草稿记录的“${name}”${pinned} 版比本机的 ${current.version} 版新（可能来自更新版本的简报工坊），将按 ${current.version} 版排版。` };
      }
      if (!kept) return { ...base, state: 'version-missing', changes: [], message: `草稿记录的“${name}”${pinned} 版没有保留，将按当前的 ${current.version} 版排版。` };
      const old = versions.load(id, pinned);
      const changes = old ? changedSections(old.template, current) : [];
      return {
        ...base,
        state: 'outdated',
        changes,
        message: `草稿固定使用“${name}”${pinned} 版，模板已更新到 ${current.version} 版${changes.length > 0 ? `（变化：${changes.join('、')}）` : ''}。草稿仍按 ${pinned} 版排版，可以对照预览后改用新版本。`,
      };
    },

    findByIdOrName(ref) {
      const entries = catalog.entries();
      const byId = entries.find((e) => e.id === ref);
      if (byId) return byId;
      return entries.find((e) => {
        const result = checkEntry(e);
        return result.template?.name === ref;
      });
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

  return registry;
}

/** The files a template brings (relative to its folder) with the field naming each: its fonts, then its logo. */
function assetRefs(template: Template): { file: string; path: JsonPath }[] {
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

/** 1.2.3 → 1.2.4 */
function bump(version: string): string {
  const [a = 0, b = 0, c = 0] = version.split('.').map(Number);
  return `${a}.${b}.${c + 1}`;
}

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
