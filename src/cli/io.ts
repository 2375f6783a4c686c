/** The CLI's window on the world, injected so commands are testable without a process. */
export interface CliIo {
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  out(text: string): void;
  err(text: string): void;
}

/** One sub-command of `briefsmith`. */
export interface CliCommand {
  readonly name: string;
  /** One line each, Chinese then English, for `--help`. */
  readonly summary: { readonly zh: string; readonly en: string };
  /** Usage lines shown by `briefsmith <name> --help` (loaded on demand for lazy commands). */
  readonly usage: string | (() => Promise<string>);
  /** Runs with the arguments after the command name; resolves to the exit code. */
  run(args: string[], io: CliIo): Promise<number>;
}

/** A user error: printed as one Chinese line, exit code 1, never a stack trace. */
export class CliUserError extends Error {
  override readonly name = 'CliUserError';
}

/**
 * A command whose module is imported only when it runs: `briefsmith export` must not pay for
 * loading the library search (pinyin tables) or the template tools. Cold start is a product goal.
 */
export function lazyCommand(
  meta: Pick<CliCommand, 'name' | 'summary'>,
  load: () => Promise<CliCommand>,
): CliCommand {
  return {
    ...meta,
    usage: async () => {
      const usage = (await load()).usage;
      return typeof usage === 'string' ? usage : usage();
    },
    run: async (args, io) => (await load()).run(args, io),
  };
}
