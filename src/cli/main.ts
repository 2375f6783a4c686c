import { CliUserError, type CliCommand, type CliIo } from './io';

const HELP = (commands: readonly CliCommand[], version: string) => `简报工坊 BriefSmith ${version} — 离线编写政策简报并导出 PDF
BriefSmith ${version} — assemble policy briefings offline and export print-ready PDFs

用法 Usage: briefsmith <命令 command> [参数 options]

命令 Commands:
${commands.map((c) => `  ${c.name.padEnd(10)} ${c.summary.zh}\n  ${''.padEnd(10)} ${c.summary.en}`).join('\n')}

通用选项 Global options:
  -h, --help     显示帮助 / show help（也可用于各命令：briefsmith export --help）
  -v, --version  显示版本 / show version

示例 Example:
  briefsmith demo -o 简报示例.pdf
`;

/**
 * Runs `briefsmith` with `argv` (without node and script). Resolves to the exit code: 0 success,
 * 1 user error (one Chinese line on stderr), 2 a bug (logged with its stack for maintainers).
 */
export async function runCli(argv: readonly string[], io: CliIo, commands: readonly CliCommand[], version: string): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first === '-h' || first === '--help' || first === 'help') {
    io.out(HELP(commands, version));
    return first === undefined ? 1 : 0;
  }
  if (first === '-v' || first === '--version') {
    io.out(`${version}\n`);
    return 0;
  }
  const command = commands.find((c) => c.name === first);
  if (command === undefined) {
    io.err(`错误：未知命令“${first}”。可用命令：${commands.map((c) => c.name).join('、')}（briefsmith --help 查看帮助）\n`);
    return 1;
  }
  if (rest.includes('-h') || rest.includes('--help')) {
    const usage = typeof command.usage === 'string' ? command.usage : await command.usage();
    io.out(`${command.summary.zh}\n${command.summary.en}\n\n${usage}\n`);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof CliUserError) {
      io.err(`错误：${error.message}\n`);
      return 1;
    }
    // parseArgs reports unknown or malformed options with these codes: user errors, not bugs.
    const code = (error as { code?: string }).code;
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) {
      io.err(`错误：参数有误（${(error as Error).message}）。用 briefsmith ${command.name} --help 查看用法。\n`);
      return 1;
    }
    io.err(`程序内部错误（请把以下信息交给维护人员）：\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 2;
  }
}
