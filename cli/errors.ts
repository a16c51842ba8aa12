/** Exit codes scripts can rely on: 0 ok, 1 findings failed a --fail-on gate or the run failed, 2 bad input or usage. */
export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_BAD_INPUT = 2;

export class CliError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode: number = EXIT_BAD_INPUT) {
    super(message);
    this.name = "CliError";
    this.exitCode = exitCode;
  }
}
