// The engine's world: everything a render reads from outside — font files (bundled, installed,
// the user's), templates (built-in, the user's, kept versions), template images, the colour
// profile and the clock — created once per process and passed to whoever renders: the services,
// the CLI, the render worker, the tests. No module-global caches: two engines (another data
// folder, a test pointing at other system fonts) never share state, and the same input gives the
// same bytes on any machine whose engine sees the same files.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { OfdFontCache } from '../../core/ofd';
import type { FontRole, Template } from '../../shared/template';
import { createRenderCache, type EngineHost } from '../../core/pdf';
import { createFontFiles, createNodeFontHost, defaultSystemFontDirs, type FontFiles, type NodeFontHost } from '../fonts';
import { createTemplateRegistry, type TemplateRegistry } from '../templates';
import { imageReaderFor } from '../templates/images';

/** What an engine is made of. Everything is a plain value, so a worker can build the same engine. */
export interface EngineOptions {
  /** `resources/`: bundled fonts, library, samples. */
  readonly resourcesDir: string;
  /** Built-in templates. */
  readonly templatesDir: string;
  /** The user's data folder (user templates, kept template versions). */
  readonly dataDir: string;
  /**
   * Folders searched for installed fonts a template names (仿宋_GB2312, SimSun …). Default: the
   * platform's font folders. Golden tests pass `[]`: then only bundled and template fonts count.
   */
  readonly systemFontDirs?: readonly string[];
  /** Font files the user configured per role (highest priority). */
  readonly userFonts?: Partial<Record<FontRole, string>>;
  /** The clock (PDF dates); tests pin it. */
  readonly clock: () => Date;
  /** Written into PDF metadata (Producer). */
  readonly appVersion: string;
  /**
   * Folder for caches that only make things faster (the font metrics cache, one file per font
   * file): the output is the same with or without it. Default: none (nothing cached on disk).
   */
  readonly cacheDir?: string;
  /** False for tools that must not write (versions are then read but not kept). Default true. */
  readonly keepTemplateVersions?: boolean;
  readonly log?: (level: 'info' | 'warn' | 'error', message: string, error?: unknown) => void;
}

/** A loaded template and the folders its relative files (fonts, logo) resolve against. */
export interface EngineTemplate {
  readonly template: Template;
  readonly dir: string;
  /** Folders its relative files are looked up in, nearest first; default: `dir`. */
  readonly assetDirs?: readonly string[];
}

/** The engine world. */
export interface Engine {
  readonly options: EngineOptions;
  /** Font chains by role, each file parsed once for this engine. */
  readonly fonts: NodeFontHost;
  /** Templates: lookup and install. */
  readonly templates: TemplateRegistry;
  /** What the pure engine (core/pdf) needs to render with `loaded`: fonts, images, clock, version, colour profile. */
  hostFor(loaded: EngineTemplate): EngineHost;
  /** What the other formats' writers keep between exports, filled on their first use (their modules load then). */
  readonly formatCaches: { ofd?: OfdFontCache };
  /**
   * Forgets every parsed font and what was built from them (the render and format caches): a font
   * file changed on disk (`FontFileChangedError`), and the next render reads the files again.
   */
  renewFonts(): void;
}

/** Creates an engine world. Nothing is read until it is needed. */
export function createEngine(options: EngineOptions): Engine {
  // Parsed fonts and what is built from them: one set per engine (per worker), renewed together.
  const fontWorld = () => {
    const files: FontFiles = createFontFiles(options.cacheDir !== undefined ? { metricsCacheDir: options.cacheDir } : {});
    const fonts = createNodeFontHost({
      resourcesDir: options.resourcesDir,
      systemFontDirs: options.systemFontDirs ?? defaultSystemFontDirs(),
      ...(options.userFonts ? { userFonts: options.userFonts } : {}),
      files,
    });
    // One render cache per engine (per worker): font programs kept between renders.
    return { fonts, cache: createRenderCache() };
  };
  let world = fontWorld();
  const templates = createTemplateRegistry({
    templatesDir: options.templatesDir,
    dataDir: options.dataDir,
    resourcesDir: options.resourcesDir,
    now: options.clock,
    ...(options.log ? { log: options.log } : {}),
    ...(options.keepTemplateVersions === false ? { keepVersions: false } : {}),
  });
  let icc: Uint8Array | undefined;
  const iccProfile = (): Uint8Array => {
    if (!icc) {
      const pdfkitMain = createRequire(import.meta.url).resolve('pdfkit');
      icc = readFileSync(join(dirname(pdfkitMain), 'data', 'sRGB_IEC61966_2_1.icc'));
    }
    return icc;
  };
  const formatCaches: Engine['formatCaches'] = {};
  return {
    options,
    get fonts() {
      return world.fonts;
    },
    templates,
    formatCaches,
    hostFor(loaded) {
      const dirs = loaded.assetDirs ?? loaded.dir;
      return {
        fonts: world.fonts.providerFor(loaded.template, dirs),
        images: imageReaderFor(dirs),
        now: () => options.clock(),
        appVersion: options.appVersion,
        iccProfile,
        cache: world.cache,
      };
    },
    renewFonts() {
      world = fontWorld();
      delete formatCaches.ofd;
    },
  };
}
