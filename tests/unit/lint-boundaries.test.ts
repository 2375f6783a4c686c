// The layer boundaries of ARCHITECTURE.md are enforced by ESLint: an import across a boundary
// fails lint. Each case lints a one-line file placed (virtually) in a layer.
import { join } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../..');
const eslint = new ESLint({ cwd: root });

async function ruleIds(code: string, file: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(root, file) });
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
}

const forbidden: [string, string, string][] = [
  ['src/core imports electron', "import { app } from 'electron';\nexport const x = app;\n", 'src/core/layout/probe.ts'],
  ['src/core imports node:fs', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n", 'src/core/library/probe.ts'],
  ['src/core imports main', "import { findAppPaths } from '../../main/paths';\nexport const x = findAppPaths;\n", 'src/core/library/probe.ts'],
  ['src/core (outside pdf) imports pdfkit', "import PDFDocument from 'pdfkit';\nexport const x = PDFDocument;\n", 'src/core/layout/probe.ts'],
  ['src/renderer imports node:fs', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n", 'src/renderer/probe.ts'],
  ['src/renderer imports fs', "import fs from 'fs';\nexport const x = fs;\n", 'src/renderer/probe.ts'],
  ['src/renderer imports main', "import { createServices } from '../main/services';\nexport const x = createServices;\n", 'src/renderer/probe.ts'],
  ['src/renderer imports core/pdf', "import * as pdf from '../core/pdf';\nexport const x = pdf;\n", 'src/renderer/probe.ts'],
  ['src/shared imports core', "import { createBriefing } from '../core/briefing';\nexport const x = createBriefing;\n", 'src/shared/probe.ts'],
  ['src/shared imports node:path', "import { join } from 'node:path';\nexport const x = join;\n", 'src/shared/probe.ts'],
  ['src/main services import electron', "import { app } from 'electron';\nexport const x = app;\n", 'src/main/services/probe.ts'],
  ['src/cli imports electron', "import { app } from 'electron';\nexport const x = app;\n", 'src/cli/probe.ts'],
  ['src/preload imports a runtime value from shared', "import { contract } from '../shared/api';\nexport const x = contract;\n", 'src/preload/probe.ts'],
];

const allowed: [string, string, string][] = [
  ['src/core/pdf imports pdfkit', "import PDFDocument from 'pdfkit';\nexport const x = PDFDocument;\n", 'src/core/pdf/probe.ts'],
  ['src/main/electron imports electron', "import { app } from 'electron';\nexport const x = app;\n", 'src/main/electron/probe.ts'],
  ['src/renderer imports core/library', "import * as lib from '../core/library';\nexport const x = lib;\n", 'src/renderer/probe.ts'],
  ['src/preload imports contract types', "import type { Api } from '../shared/api';\nexport type X = Api;\n", 'src/preload/probe.ts'],
  ['src/main imports node:fs', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n", 'src/main/store/probe.ts'],
];

describe('layer boundaries (ESLint)', () => {
  it.each(forbidden)('fails when %s', async (_name, code, file) => {
    const ids = await ruleIds(code, file);
    expect(ids.some((id) => /no-restricted-imports/.test(id))).toBe(true);
  });
  it.each(allowed)('passes when %s', async (_name, code, file) => {
    const ids = await ruleIds(code, file);
    expect(ids.filter((id) => /no-restricted-imports/.test(id))).toEqual([]);
  });
  it('bans Date and Math.random in core (determinism)', async () => {
    expect(await ruleIds('export const t = Date.now();\n', 'src/core/layout/probe.ts')).toContain('no-restricted-globals');
    expect(await ruleIds('export const r = Math.random();\n', 'src/shared/probe.ts')).toContain('no-restricted-properties');
  });
});
