import { builtinModules } from 'node:module';
import { resolve } from 'node:path';
import { defineConfig } from 'vite';
import pkg from './package.json' with { type: 'json' };

// The CLI as one ESM file for Node; dependencies stay in node_modules.
const external = [
  ...builtinModules,
  ...builtinModules.map((m) => `node:${m}`),
  ...Object.keys(pkg.dependencies ?? {}),
].map((name) => new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}(/.*)?$`));

export default defineConfig({
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
      output: { format: 'es', entryFileNames: '[name].js' },
    },
  },
});
