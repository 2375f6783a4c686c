import { builtinModules } from 'node:module';
import { resolve } from 'node:path';
import { defineConfig } from 'vite';

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
    {
      name: 'briefsmith-cli-commonjs-marker',
      generateBundle() {
        // The package is "type": "module"; the CLI's .js files are CommonJS.
        this.emitFile({ type: 'asset', fileName: 'package.json', source: '{ "type": "commonjs" }\n' });
      },
    },
  ],
});
