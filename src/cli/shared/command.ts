/** Where a command writes: stdout and stderr (injected so tests run commands in-process). */
export type Io = {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** The working directory that relative paths resolve from. */
  cwd: string;
  /** Standard input as text, for commands that read `-`; absent where there is none. */
  stdin?: (() => Promise<string>) | undefined;
};

/** Exit codes every subcommand uses. */
export const EXIT = { ok: 0, finding: 1, usage: 2 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** One `errata <name>` subcommand. */
export type Command = {
  name: string;
  /** One line for `errata --help`. */
  summary: string;
  /** The whole `errata <name> --help` text. */
  help: string;
  /** Runs with the arguments after the subcommand's name; throws UsageError on bad usage. */
  run(args: readonly string[], io: Io): Promise<ExitCode>;
};
