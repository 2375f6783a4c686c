import { printable, terminalSafe } from '../shared/validation';
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
 * 1 user error (Chinese lines on stderr), 2 a bug (one Chinese line; the stack only with
 * BRIEFSMITH_DEBUG=1). Everything written passes `terminalSafe`: no escape sequence or control
 * character from a file or an argument ever reaches the terminal.
 */
export async function runCli(argv: readonly string[], rawIo: CliIo, commands: readonly CliCommand[], version: string): Promise<number> {
  const io: CliIo = { ...rawIo, out: (text) => rawIo.out(terminalSafe(text)), err: (text) => rawIo.err(terminalSafe(text)) };
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
    io.err(`错误：未知命令“${printable(first, 80)}”。可用命令：${commands.map((c) => c.name).join('、')}（briefsmith --help 查看帮助）\n`);
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
      io.err(`错误：${error.message.replace(/\r/g, '')}\n`);
      return 1;
    }
    // parseArgs reports unknown or malformed options with these codes: user errors, not bugs.
    const code = (error as { code?: string }).code;
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) {
      io.err(`错误：${parseArgsMessage(code, (error as Error).message)}。用 briefsmith ${command.name} --help 查看用法。\n`);
      return 1;
    }
    const debug = rawIo.env.BRIEFSMITH_DEBUG === '1';
    io.err(`程序内部错误，未能完成“${command.name}”命令；请把所用的文件和命令交给维护人员${debug ? '' : '（设置环境变量 BRIEFSMITH_DEBUG=1 可显示技术细节）'}。\n`);
    if (debug) io.err(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 2;
  }
}

/** Node's parseArgs errors (English) as one Chinese phrase; the option named is echoed safely. */
export function parseArgsMessage(code: string, message: string): string {
  const quoted = /'([^']*)'/.exec(message)?.[1] ?? '';
  const option = printable(quoted.split(' ').find((w) => w.startsWith('-')) ?? quoted, 60);
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `未知选项“${option}”`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return /does not take/.test(message) ? `选项“${option}”不需要值` : `选项“${option}”需要一个值`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `多余的参数“${printable(quoted, 60)}”`;
    default:
      return '参数有误';
  }
}
