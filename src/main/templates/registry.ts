// The template registry, lookup side: built-ins and user templates by id (a draft's pinned
// version from the kept versions), checks and reports, version status. Installing (import, export,
// remove, duplicate) is in install.ts; both share one catalog and one version store.
import { dirname, join, resolve } from 'node:path';
import { changedSections, formatIssue, locate, issue, type CheckTemplateResult } from '../../core/template';
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
import type { Template } from '../../shared/template';
import { TemplateCatalog, type CatalogEntry } from './catalog';
import { compareVersions } from './files';
import { bump, VersionStore } from './versions';
import { createInstaller, type InstallOperation } from './install';
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

  const lookup: Omit<TemplateRegistry, InstallOperation> = {
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
  };

  const registry: TemplateRegistry = {
    ...lookup,
    ...createInstaller({ userDir, catalog, versions, now, checkEntry, infoOf, keep, badRef, resolve: (id, version) => lookup.resolve(id, version), findByIdOrName: (ref) => lookup.findByIdOrName(ref) }),
  };
  return registry;
}
