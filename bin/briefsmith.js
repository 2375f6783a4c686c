#!/usr/bin/env node
// Entry of the `briefsmith` command: runs the built CLI (npm run build writes out/cli/index.js).
//
// Cold start: the CLI's chunks (CommonJS, dependencies bundled in) are compiled through V8's code
// cache. Node 20 has no compile cache of its own (`module.enableCompileCache` is Node ≥ 22.1), so
// this loader compiles each out/cli chunk with `vm.Script` and `cachedData`, and writes the cache
// after the command ran (then it also holds the functions the run compiled lazily). V8 checks a
// cache against its version, flags and the source's length and rejects a stale one (then the
// chunk is compiled as usual and the cache rewritten); the cache file is named by a hash of the
// chunk's path, size and modification time (hashing 3 MB of contents cost ~20 ms a start), so a
// rebuilt chunk never meets an old cache. The cache lives in the user's cache folder; BRIEFSMITH_CODE_CACHE=0 turns
// it off. It changes how fast the code starts, never what it does.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

const cliDir = fileURLToPath(new URL('../out/cli/', import.meta.url));
const entry = join(cliDir, 'index.js');
if (!existsSync(entry)) {
  process.stderr.write('错误：命令行尚未构建，请先运行 npm run build。\nError: the CLI is not built yet; run npm run build first.\n');
  process.exit(1);
}

/** The folder for code caches: $XDG_CACHE_HOME (or ~/.cache, %LOCALAPPDATA%) /briefsmith/code-cache/<node and V8 version>. */
function cacheFolder() {
  const base = process.env.XDG_CACHE_HOME || (process.platform === 'win32' ? process.env.LOCALAPPDATA : undefined) || join(homedir() || tmpdir(), '.cache');
  return join(base, 'briefsmith', 'code-cache', `${process.version}-${process.versions.v8}-${process.arch}`);
}

const useCache = process.env.BRIEFSMITH_CODE_CACHE !== '0' && typeof Module.wrap === 'function';
/**
 * A dynamic import as the bundler writes it: `import("package")` — not a property (`x.import(`), a
 * method (`import(path) {`) or prose in a comment. The sources only import() string literals.
 */
const DYNAMIC_IMPORT = /(?:^|[^.\w$])import\(\s*["'][^"'\n]*["']\s*\)/m;
const compiled = [];
if (useCache) {
  const folder = cacheFolder();
  const original = Module.prototype._compile;
  Module.prototype._compile = function compileWithCache(content, filename) {
    // A chunk that import()s an external reader (mammoth, pdf.js, linkedom) compiles as usual: a
    // vm.Script refuses import() without an experimental loader option (ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING).
    // A method named `import(path) { … }` (the template installer) is not a dynamic import.
    if (!filename.startsWith(cliDir) || !filename.endsWith('.js') || DYNAMIC_IMPORT.test(content)) return original.call(this, content, filename);
    let stamp;
    try {
      const st = statSync(filename);
      stamp = `${st.size}\0${st.mtimeMs}\0${content.length}`;
    } catch {
      return original.call(this, content, filename);
    }
    const key = createHash('sha256').update(`${filename}\0${stamp}`).digest('hex').slice(0, 32);
    const cacheFile = join(folder, `${key}.bin`);
    let cachedData;
    try {
      cachedData = readFileSync(cacheFile);
    } catch {
      cachedData = undefined;
    }
    const script = new vm.Script(Module.wrap(content), { filename, ...(cachedData ? { cachedData } : {}) });
    compiled.push({ script, cacheFile, fresh: cachedData === undefined || script.cachedDataRejected === true });
    const fn = script.runInThisContext({ displayErrors: true });
    const require = createRequire(filename);
    return fn.call(this.exports, this.exports, require, this, filename, dirname(filename));
  };
  // After the command: write the caches that were missing or rejected (best effort, atomic).
  process.once('beforeExit', () => {
    const fresh = compiled.filter((c) => c.fresh);
    if (fresh.length === 0) return;
    try {
      mkdirSync(folder, { recursive: true });
      for (const c of fresh) {
        const temp = `${c.cacheFile}.${process.pid}.tmp`;
        writeFileSync(temp, c.script.createCachedData());
        renameSync(temp, c.cacheFile);
      }
    } catch {
      // A read-only home or a full disk: the next run compiles as usual.
    }
  });
}

createRequire(import.meta.url)(entry);
