import { runCli } from './main';
import { templateCommand } from './commands/template';
const code = await runCli(process.argv.slice(2), { cwd: process.cwd(), env: process.env, out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) }, [templateCommand], 't');
process.exitCode = code;
