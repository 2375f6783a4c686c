#!/usr/bin/env node
// Entry of the `briefsmith` command: runs the built CLI (npm run build writes out/cli/index.js).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../out/cli/index.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write('错误：命令行尚未构建，请先运行 npm run build。\nError: the CLI is not built yet; run npm run build first.\n');
  process.exit(1);
}
await import(entry.href);
