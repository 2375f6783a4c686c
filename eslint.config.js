// ESLint: code quality plus the layer boundaries of ARCHITECTURE.md.
// The boundary rules below are the architecture. Do not relax them to make an import pass:
// move the code to the layer where it belongs instead.
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
const nodeOnlyPackages = ['electron', 'lowdb', 'lowdb/*', 'steno', 'playwright-core', 'fontkit'];
const layer = (name) => [`**/${name}`, `**/${name}/**`, `@/${name}/**`];

/** no-restricted-imports options for a layer: forbidden paths and packages, each with a reason. */
function forbid({ paths = [], patterns = [] }) {
  return ['error', { paths, patterns }];
}
const builtinsMsg = (who) => ({
  paths: nodeBuiltins.map((name) => ({ name, message: `${who} must not use Node built-ins (ARCHITECTURE.md, boundary table).` })),
});

// Shared code is pure TypeScript: no Node, no Electron, no DOM frameworks, no other layer.
const sharedRule = forbid({
  paths: builtinsMsg('src/shared').paths,
  patterns: [
    { group: [...layer('core'), ...layer('main'), ...layer('preload'), ...layer('renderer'), ...layer('cli')], message: 'src/shared may import only src/shared.' },
    { group: [...nodeOnlyPackages, 'svelte', 'svelte/*', 'pdfkit', 'pdfkit/*', 'pinyin-pro'], message: 'src/shared is pure: no platform or engine packages.' },
  ],
});

// Core is the engine: pure and host-injected; pdfkit only in its export phase (src/core/pdf).
const corePatterns = [
  { group: [...layer('main'), ...layer('preload'), ...layer('renderer'), ...layer('cli')], message: 'src/core may import only src/shared and src/core.' },
  { group: [...nodeOnlyPackages, 'svelte', 'svelte/*'], message: 'src/core must not use Electron, Node-only packages or Svelte: take them through the host interface.' },
];
const fflateOnlyOfd = { group: ['fflate'], message: 'fflate belongs to the OFD and Word writers (src/core/ofd, src/core/docx: a chart workbook\'s times) and the PDF font streams (src/core/pdf) only.' };
const coreRule = forbid({ paths: builtinsMsg('src/core').paths, patterns: [...corePatterns, { group: ['pdfkit', 'pdfkit/*'], message: 'pdfkit belongs to the export phase only (src/core/pdf).' }, { group: ['docx', 'docx/*'], message: 'docx belongs to the Word writer only (src/core/docx).' }, fflateOnlyOfd] });
const corePdfRule = forbid({ paths: builtinsMsg('src/core').paths, patterns: [...corePatterns] });
const coreDocxRule = forbid({ paths: builtinsMsg('src/core').paths, patterns: [...corePatterns, { group: ['pdfkit', 'pdfkit/*'], message: 'pdfkit belongs to the export phase only (src/core/pdf).' }] });
const coreOfdRule = forbid({ paths: builtinsMsg('src/core').paths, patterns: [...corePatterns, { group: ['pdfkit', 'pdfkit/*'], message: 'pdfkit belongs to the export phase only (src/core/pdf).' }, { group: ['docx', 'docx/*'], message: 'docx belongs to the Word writer only (src/core/docx).' }] });

// Renderer: Svelte and pure core parts only; window.api is reached through src/renderer/api.ts.
const rendererRule = forbid({
  paths: builtinsMsg('src/renderer').paths,
  patterns: [
    { group: [...layer('main'), ...layer('preload'), ...layer('cli')], message: 'src/renderer talks to main only through api.ts (window.api).' },
    { regex: '(^|/)core(/|$)(?!(library|briefing)(/|$))', message: 'src/renderer may import only the pure parts of core (library, briefing).' },
    { group: [...nodeOnlyPackages, 'pdfkit', 'pdfkit/*'], message: 'src/renderer runs in the browser: no Node-only packages.' },
  ],
});

// Main and CLI: Node side. Electron is confined to src/main/electron so services run without it.
const mainLayerPatterns = [
  { group: [...layer('renderer'), ...layer('preload')], message: 'The Node side must not import renderer or preload code.' },
  { group: ['svelte', 'svelte/*'], message: 'No Svelte on the Node side.' },
];
const mainServicesRule = forbid({
  patterns: [...mainLayerPatterns, { group: ['electron', ...layer('cli'), ...layer('electron')], message: 'Only src/main/electron may import electron; services must run in the CLI and the harness too.' }],
});
const mainElectronRule = forbid({ patterns: [...mainLayerPatterns, { group: layer('cli'), message: 'main must not import the CLI.' }] });
const cliRule = forbid({
  patterns: [...mainLayerPatterns, { group: ['electron', '**/main/electron', '**/main/electron/**'], message: 'The CLI runs without Electron.' }],
});

// Preload: electron plus *types* from the contract; nothing else is bundled into it.
const preloadRule = [
  'error',
  {
    patterns: [
      { group: ['**/shared/**'], allowTypeImports: true, message: 'The preload may import only types from src/shared/api.' },
      { group: [...layer('core'), ...layer('main'), ...layer('renderer'), ...layer('cli')], message: 'The preload may import only electron and contract types.' },
    ],
  },
];

const deterministic = {
  'no-console': 'error',
  'no-restricted-globals': ['error', { name: 'Date', message: 'Time comes from the injected clock (determinism).' }],
  'no-restricted-properties': ['error', { object: 'Math', property: 'random', message: 'Randomness comes from the host (determinism).' }],
};

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'coverage/**', 'tests/e2e/.artifacts/**', 'build/**', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs['flat/recommended'],
  {
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      eqeqeq: ['error', 'smart'],
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'] }, globals: { ...globals.browser } },
  },
  { files: ['src/shared/**'], rules: { 'no-restricted-imports': sharedRule, ...deterministic } },
  { files: ['src/core/**'], rules: { 'no-restricted-imports': coreRule, ...deterministic } },
  { files: ['src/core/pdf/**'], rules: { 'no-restricted-imports': corePdfRule } },
  { files: ['src/core/docx/**'], rules: { 'no-restricted-imports': coreDocxRule } },
  { files: ['src/core/ofd/**'], rules: { 'no-restricted-imports': coreOfdRule } },
  { files: ['src/renderer/**'], languageOptions: { globals: { ...globals.browser } }, rules: { 'no-restricted-imports': rendererRule } },
  { files: ['src/main/**'], rules: { 'no-restricted-imports': mainServicesRule } },
  { files: ['src/main/electron/**'], rules: { 'no-restricted-imports': mainElectronRule } },
  { files: ['src/cli/**'], rules: { 'no-restricted-imports': cliRule } },
  { files: ['src/preload/**'], rules: { 'no-restricted-imports': 'off', '@typescript-eslint/no-restricted-imports': preloadRule } },
  // Tests may reach across layers to set things up, but still may not use console noise in core.
  { files: ['**/*.test.ts', 'tests/**'], rules: { 'no-restricted-imports': 'off', 'no-restricted-globals': 'off', 'no-restricted-properties': 'off' } },
);
