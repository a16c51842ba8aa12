/**
 * Progress of long work on standard error, for a person watching a terminal: what is done of
 * the total where it is known, the rate, and the time left. Nothing is drawn when standard
 * error is not a terminal (a pipeline, a log file) or with --quiet, so machine output and logs
 * stay clean; standard output never carries it.
 */

/** What progress is drawn on: standard error, or a test's stand-in. */
export interface ProgressTarget {
  isTTY?: boolean;
  columns?: number;
  write(text: string): unknown;
}

export interface ProgressOptions {
  quiet?: boolean;
  /** Standard error unless a test gives another. */
  target?: ProgressTarget;
  /** Milliseconds since some start; injected so tests need no timers. */
  clock?: () => number;
  /** Least time between two redraws: a terminal needs no more than ten a second. */
  redrawMs?: number;
}

export interface Progress {
  /** `done` units so far, of `total` when known; `note` says what is being worked on. */
  update(done: number, total?: number, note?: string): void;
  /** Clears the line, so whatever is written next starts clean. */
  finish(): void;
}

const SILENT: Progress = { update() {}, finish() {} };

/** Seconds as `m:ss`, or `h:mm:ss` past an hour. */
export function duration(seconds: number): string {
  const whole = Math.max(0, Math.round(seconds));
  const [h, m, s] = [Math.floor(whole / 3600), Math.floor((whole % 3600) / 60), whole % 60];
  const mm = h > 0 ? String(m).padStart(2, "0") : String(m);
  return `${h > 0 ? `${h}:` : ""}${mm}:${String(s).padStart(2, "0")}`;
}

function rateText(perSecond: number): string {
  return perSecond >= 100 ? `${Math.round(perSecond).toLocaleString("en-US")}/s` : `${perSecond.toFixed(1)}/s`;
}

/** The line drawn: `scan: 120 of 400 resources · 35.2/s · 0:08 left · Microsoft.Sql/servers`. */
export function progressLine(label: string, unit: string, state: { done: number; total?: number; note?: string; elapsedSeconds: number }): string {
  const count = state.total === undefined ? `${state.done.toLocaleString("en-US")} ${unit}` : `${state.done.toLocaleString("en-US")} of ${state.total.toLocaleString("en-US")} ${unit}`;
  const parts = [`${label}: ${count}`];
  // A rate over less than a second says more about start-up than about the work.
  if (state.elapsedSeconds >= 1 && state.done > 0) {
    const rate = state.done / state.elapsedSeconds;
    parts.push(rateText(rate));
    if (state.total !== undefined && state.total >= state.done) parts.push(`${duration((state.total - state.done) / rate)} left`);
  }
  if (state.note) parts.push(state.note);
  return parts.join(" · ");
}

/** A progress line on standard error when it is a terminal and not --quiet; otherwise nothing. */
export function startProgress(label: string, unit: string, options: ProgressOptions = {}): Progress {
  const target = options.target ?? process.stderr;
  if (options.quiet || !target.isTTY) return SILENT;
  const clock = options.clock ?? (() => performance.now());
  const redrawMs = options.redrawMs ?? 100;
  const started = clock();
  let lastDraw: number | undefined;
  let drawn = false;
  return {
    update(done, total, note) {
      const now = clock();
      if (lastDraw !== undefined && now - lastDraw < redrawMs && done !== total) return;
      lastDraw = now;
      const line = progressLine(label, unit, { done, ...(total !== undefined ? { total } : {}), ...(note ? { note } : {}), elapsedSeconds: (now - started) / 1000 });
      const width = Math.max(20, (target.columns || 80) - 1);
      // \r returns to the start of the line, ESC[K clears what a longer line left behind.
      target.write(`\r${line.length > width ? `${line.slice(0, width - 1)}…` : line}\u001b[K`);
      drawn = true;
    },
    finish() {
      if (drawn) target.write("\r\u001b[K");
      drawn = false;
    },
  };
}
