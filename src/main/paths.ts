import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** Where the app's bundled data lives. */
export interface AppPaths {
  /** The package root (holds package.json) in development and in the CLI. */
  readonly root: string;
  readonly resourcesDir: string;
  readonly templatesDir: string;
  readonly version: string;
}

/**
 * Finds the briefsmith package root by walking up from `startDir` (works from `src/` under vitest
 * and from `out/` after a build).
 */
export function findAppPaths(startDir: string): AppPaths {
  let dir = resolve(startDir);
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'briefsmith') {
        return {
          root: dir,
          resourcesDir: join(dir, 'resources'),
          templatesDir: join(dir, 'templates'),
          version: pkg.version ?? '0.0.0',
        };
      }
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`briefsmith package root not found above ${startDir}`);
    dir = parent;
  }
}
