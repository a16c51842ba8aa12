/** Matches the Functions InvocationContext's logging methods, and console. */
export interface Logger {
  info(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  error(...args: unknown[]): void;
}

/** For runs that report through their results alone (tests, benchmarks). */
export const silentLogger: Logger = { info() {}, warn() {}, error() {} };
