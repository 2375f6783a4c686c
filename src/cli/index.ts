// The briefsmith command line: the same core and services as the app, without Electron.
import { findAppPaths } from '../main/paths';
import { commands } from './commands';
import { runCli } from './main';

const paths = findAppPaths(import.meta.dirname);
const code = await runCli(
  process.argv.slice(2),
  {
    cwd: process.cwd(),
    env: process.env,
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
  },
  commands,
  paths.version,
);
process.exitCode = code;
