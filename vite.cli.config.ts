import { builtinModules } from 'node:module';
import { resolve } from 'node:path';
import { defineConfig, type Plugin } from 'vite';

// The CLI for Node, built for a fast cold start (issue 13 item 3):
// - its dependencies are bundled in, so a `briefsmith export` does not resolve and load ~200
//   module files from node_modules one by one;
// - the output is CommonJS (out/cli/package.json says so), because Node 20 can reuse V8's
//   compiled code only for scripts: bin/briefsmith.js loads the chunks through a code cache
//   (`vm.Script` cachedData) that Node 20 offers no equivalent of for ES modules;
// - commands, and the readers of the sources commands (pdf.js, mammoth, linkedom, readability,
//   which read files beside themselves), stay separate chunks or external packages loaded on use.
const external = [
  ...builtinModules,
  ...builtinModules.map((m) => `node:${m}`),
  'pdfjs-dist',
  'mammoth',
  'linkedom',
  '@mozilla/readability',
  'electron',
].map((name) => new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}(/.*)?$`));

/**
 * unicode-trie inflates its data (twice) when a trie is built, and fontkit, pdfkit and linebreak
 * build theirs when they are imported — about a tenth of the CLI's start-up — although an export
 * never looks a character up in most of them (the engine shapes and breaks lines itself). In the
 * CLI bundle a trie's data is inflated on its first lookup instead; the values are the same.
 */
function lazyUnicodeTries(): Plugin {
  const eager = `      // double inflate the actual trie data
      data = inflate(data, new Uint8Array(uncompressedLength));
      data = inflate(data, new Uint8Array(uncompressedLength));

      // swap bytes from little-endian
      swap32LE(data);

      this.data = new Uint32Array(data.buffer);`;
  const lazy = `      // inflated on first use (BriefSmith CLI build, vite.cli.config.ts)
      const packed = data;
      Object.defineProperty(this, 'data', {
        configurable: true,
        enumerable: true,
        get() {
          let d = inflate(packed, new Uint8Array(uncompressedLength));
          d = inflate(d, new Uint8Array(uncompressedLength));
          swap32LE(d);
          const value = new Uint32Array(d.buffer);
          Object.defineProperty(this, 'data', { value, writable: true, enumerable: true, configurable: true });
          return value;
        },
      });`;
  return {
    name: 'briefsmith-lazy-unicode-tries',
    transform(code, id) {
      if (!/[\\/]node_modules[\\/]unicode-trie[\\/]index\.js$/.test(id)) return null;
      if (!code.includes(eager)) {
        this.warn('unicode-trie changed: its tries are inflated eagerly again (slower CLI start)');
        return null;
      }
      return { code: code.replace(eager, lazy), map: null };
    },
  };
}

export default defineConfig({
  // Same meaning as in an ES module: this chunk's own file.
  define: {
    'import.meta.dirname': '__dirname',
    'import.meta.filename': '__filename',
    'import.meta.url': 'require("node:url").pathToFileURL(__filename).href',
  },
  ssr: { noExternal: true, target: 'node' },
  build: {
    ssr: true,
    target: 'node20',
    outDir: 'out/cli',
    emptyOutDir: true,
    minify: false,
    sourcemap: true,
    rollupOptions: {
      // The render worker beside the CLI (out/cli/render-worker.js), for code that renders through it.
      input: { index: resolve(import.meta.dirname, 'src/cli/index.ts'), 'render-worker': resolve(import.meta.dirname, 'src/main/render-worker/worker.ts') },
      external,
      output: { format: 'cjs', entryFileNames: '[name].js', chunkFileNames: 'assets/[name]-[hash].js' },
    },
  },
  plugins: [
    lazyUnicodeTries(),
    {
      name: 'briefsmith-cli-commonjs-marker',
      generateBundle() {
        // The package is "type": "module"; the CLI's .js files are CommonJS.
        this.emitFile({ type: 'asset', fileName: 'package.json', source: '{ "type": "commonjs" }\n' });
      },
    },
  ],
});
