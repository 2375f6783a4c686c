// The briefsmith command line: the same core and services as the app, without Electron. Built as
// CommonJS (no top-level await; see vite.cli.config.ts), so the exit code is set when runCli settles.
import { findAppPaths } from '../main/paths';
import { commands } from './commands';
import { runCli } from './main';

const paths = findAppPaths(import.meta.dirname);
void runCli(
  process.argv.slice(2),
  {
    cwd: process.cwd(),
    env: process.env,
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
  },
  commands,
  paths.version,
).then((code) => {
  process.exitCode = code;
});
