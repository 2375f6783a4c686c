import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { checkTemplate } from '../../core/template';
import type { Template } from '../../shared/template';
import { isTemplateId, isTemplateVersion } from '../../shared/validation';
import { compareVersions, regularFileSize, stampOf, writeFileAtomic } from './files';

/**
 * Every version of a template ever used, kept as its resolved JSON (extends merged) so that drafts
 * pinned to `id@version` keep rendering with it after the template changes or is deleted:
 * `<dataDir>/templates/.versions/<id>@<version>.json`, plus the old versions of built-ins the app
 * ships in `templates/versions/` (read-only).
 */
export class VersionStore {
  readonly dir: string;
  readonly #builtinDir: string;
  readonly #texts = new Map<string, { stamp: string; text: string }>();
  readonly #write: boolean;

  constructor(dir: string, builtinVersionsDir: string, write = true) {
    this.dir = dir;
    this.#builtinDir = builtinVersionsDir;
    this.#write = write;
  }

  /** The canonical text a version is kept as. */
  static canonical(template: Template): string {
    return `${JSON.stringify(template, null, 2)}\n`;
  }

  /**
   * The file of a kept version (user-side first, then shipped), or undefined. The id and version
   * come from drafts and requests: anything but an id and an x.y.z version never becomes a path.
   */
  fileOf(id: string, version: string): string | undefined {
    if (!isTemplateId(id) || !isTemplateVersion(version)) return undefined;
    for (const dir of [this.dir, this.#builtinDir]) {
      const file = join(dir, `${id}@${version}.json`);
      if (regularFileSize(file) !== null) return file;
    }
    return undefined;
  }

  /** Kept versions of a template, newest first. */
  versions(id: string): string[] {
    if (!isTemplateId(id)) return [];
    const found = new Set<string>();
    for (const dir of [this.dir, this.#builtinDir]) {
      let names: string[] = [];
      try {
        names = readdirSync(dir);
      } catch {
        continue;
      }
      for (const name of names) {
        const m = /^(.+)@(\d+\.\d+\.\d+)\.json$/.exec(name);
        if (m && m[1] === id) found.add(m[2]!);
      }
    }
    return [...found].sort((a, b) => compareVersions(b, a));
  }

  /** Ids with kept versions (templates deleted since still have them). */
  ids(): string[] {
    const ids = new Set<string>();
    for (const dir of [this.dir, this.#builtinDir]) {
      try {
        for (const name of readdirSync(dir)) {
          const m = /^(.+)@\d+\.\d+\.\d+\.json$/.exec(name);
          if (m) ids.add(m[1]!);
        }
      } catch {
        // no kept versions there
      }
    }
    return [...ids];
  }

  /** The kept text of a version, cached by file stamp. */
  text(id: string, version: string): string | undefined {
    const file = this.fileOf(id, version);
    if (!file) return undefined;
    const stamp = stampOf(file);
    const cached = this.#texts.get(file);
    if (cached && cached.stamp === stamp) return cached.text;
    try {
      const text = readFileSync(file, 'utf8');
      this.#texts.set(file, { stamp, text });
      return text;
    } catch {
      return undefined;
    }
  }

  /** A kept version, validated (a damaged snapshot is treated as missing). */
  load(id: string, version: string): { template: Template; file: string } | undefined {
    const file = this.fileOf(id, version);
    const text = this.text(id, version);
    if (!file || text === undefined) return undefined;
    const checked = checkTemplate({ file, text });
    return checked.template && checked.template.id === id && checked.template.version === version ? { template: checked.template, file } : undefined;
  }

  /**
   * Keeps the given version if it is not kept yet. Returns `same` when the kept copy equals it,
   * `different` when a different template was kept under the same id@version (the version number
   * was reused: pinned drafts keep the kept copy).
   */
  keep(template: Template): 'kept' | 'same' | 'different' | 'failed' {
    const text = VersionStore.canonical(template);
    const existing = this.text(template.id, template.version);
    if (existing !== undefined) return existing === text ? 'same' : 'different';
    if (!this.#write) return 'same';
    if (!isTemplateId(template.id) || !isTemplateVersion(template.version)) return 'failed';
    const written = writeFileAtomic(join(this.dir, `${template.id}@${template.version}.json`), text);
    return written.ok ? 'kept' : 'failed';
  }

  /** True when the kept copy of id@version differs from `template` (version number reused). */
  differs(template: Template): boolean {
    const existing = this.text(template.id, template.version);
    return existing !== undefined && existing !== VersionStore.canonical(template);
  }
}

/** The next patch version: 1.2.3 → 1.2.4 (what a changed template should be numbered). */
export function bump(version: string): string {
  const [a = 0, b = 0, c = 0] = version.split('.').map(Number);
  return `${a}.${b}.${c + 1}`;
}
