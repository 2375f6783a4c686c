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
  /** Usage lines shown by `briefsmith <name> --help`. */
  readonly usage: string;
  /** Runs with the arguments after the command name; resolves to the exit code. */
  run(args: string[], io: CliIo): Promise<number>;
}

/** A user error: printed as one Chinese line, exit code 1, never a stack trace. */
export class CliUserError extends Error {
  override readonly name = 'CliUserError';
}
