// The exit codes of cli.md.
export const EXIT = {
  ok: 0,
  runFailed: 1,
  invalid: 2,
  engineUnreachable: 3,
  interrupted: 130,
} as const;

/** A user-facing failure with its exit code: printed as a message, never as a stack trace. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
