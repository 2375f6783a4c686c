import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { orderChain, type FontFace, type FontProvider } from '../../core/fonts';
import { FONT_ROLES, type FontRole, type Template } from '../../shared/template';
import { containedFileIn } from '../templates/contained';
import { createFontFiles, type FontFiles } from './load';
import { candidateFilesFor, defaultSystemFontDirs, indexFontFiles } from './system';

/** The bundled-font manifest (resources/fonts/manifest.json). */
interface BundledManifest {
  faces: { file: string; family: string; postscriptName: string; license: string }[];
  roles: Record<FontRole, string[]>;
}

/** Options of the Node font host. */
export interface NodeFontHostOptions {
  /** `resources/` (holds fonts/manifest.json and the bundled fonts). */
  readonly resourcesDir: string;
  /** Directories searched for installed fonts; default: the platform's font directories. */
  readonly systemFontDirs?: readonly string[];
  /** Font files the user configured per role (highest priority). */
  readonly userFonts?: Partial<Record<FontRole, string>>;
  /** The parsed font files to share (the engine world's); default: a fresh set for this host. */
  readonly files?: FontFiles;
}

/** The Node font host: resolves role chains for a template, parsing each font file once per engine. */
export interface NodeFontHost {
  /**
   * A provider for one template; `templateDir` resolves the template's relative font files — a
   * list of folders (the template's own, then those of the templates it extends) is tried in order.
   */
  providerFor(template: Pick<Template, 'fonts'>, templateDir?: string | readonly string[]): FontProvider;
}

/** Creates the Node font host. Nothing is read until a role is first needed. */
export function createNodeFontHost(options: NodeFontHostOptions): NodeFontHost {
  const files = options.files ?? createFontFiles();
  const facesOf = (path: string, origin: FontFace['origin'], family?: string): FontFace[] => {
    try {
      return files.load(path).map((font) => files.face(font, origin, path, family));
    } catch {
      // An unreadable or malformed font is skipped; the chain goes on to the next candidate.
      return [];
    }
  };
  let manifest: BundledManifest | undefined;
  let systemIndex: Map<string, string> | undefined;
  const fontsDir = join(options.resourcesDir, 'fonts');
  const bundled = (role: FontRole): FontFace[] => {
    manifest ??= JSON.parse(readFileSync(join(fontsDir, 'manifest.json'), 'utf8')) as BundledManifest;
    return (manifest.roles[role] ?? []).flatMap((file) => {
      const entry = manifest!.faces.find((f) => f.file === file);
      const path = join(fontsDir, file);
      if (!entry || !existsSync(path)) return [];
      // Bundled fonts are OFL (embedding installable): parsed only when a character needs them.
      return [files.lazy({ path, postscriptName: entry.postscriptName, family: entry.family, origin: 'bundled', embedding: 'installable' })];
    });
  };
  const system = (names: readonly string[]): FontFace[] => {
    if (names.length === 0) return [];
    systemIndex ??= indexFontFiles(options.systemFontDirs ?? defaultSystemFontDirs());
    return names.flatMap((name) =>
      candidateFilesFor(name, systemIndex!).flatMap((path) => {
        const faces = facesOf(path, 'system', name);
        // In a collection (simsun.ttc) prefer the face whose names match.
        const exact = faces.filter((f) => f.postscriptName.toLowerCase().includes(name.toLowerCase()));
        return exact.length > 0 ? exact : faces.slice(0, 1);
      }),
    );
  };
  const cache = new Map<string, FontProvider>();
  return {
    providerFor(template, templateDir) {
      const dirs = templateDir === undefined ? [] : typeof templateDir === 'string' ? [templateDir] : [...templateDir];
      const cacheKey = `${dirs.join('\n')}|${JSON.stringify(template.fonts)}`;
      const cached = cache.get(cacheKey);
      if (cached) return cached;
      const chains = new Map<FontRole, readonly FontFace[]>();
      const provider: FontProvider = {
        chain(role) {
          let chain = chains.get(role);
          if (chain) return chain;
          const config = template.fonts[role];
          const user = options.userFonts?.[role];
          // A template's files are found by their real paths inside its folders: a symbolic link
          // (a file or a whole fonts/ folder) leading elsewhere is never read.
          const templateFiles = config.files.flatMap((file) => {
            const found = containedFileIn(dirs, file);
            return found.ok ? [found.path] : [];
          });
          chain = orderChain([
            ...(user && existsSync(user) ? facesOf(user, 'user').slice(0, 1) : []),
            ...templateFiles.flatMap((file) => facesOf(file, 'template').slice(0, 1)),
            ...system(config.systemFamilies),
            ...bundled(role),
          ]);
          chains.set(role, chain);
          return chain;
        },
      };
      cache.set(cacheKey, provider);
      return provider;
    },
  };
}

/** Every role, for reports and warm-up. */
export const ALL_ROLES: readonly FontRole[] = FONT_ROLES;
