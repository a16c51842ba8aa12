import { describe, expect, it } from "vitest";
import { duration, progressLine, startProgress, type ProgressTarget } from "../../../cli/progress.ts";

/** A terminal that keeps what was drawn; `now` is the injected clock in milliseconds. */
function terminal(isTTY: boolean, columns = 120) {
  const writes: string[] = [];
  const target: ProgressTarget = { isTTY, columns, write: (text) => writes.push(text) };
  let now = 0;
  return { target, writes, clock: () => now, advance: (ms: number) => void (now += ms) };
}

describe("progress on standard error", () => {
  it("draws done of total, the rate and the time left on one line, redrawn in place", () => {
    const tty = terminal(true);
    const progress = startProgress("scan", "resources", { target: tty.target, clock: tty.clock });
    tty.advance(2_000);
    progress.update(100, 400, "Microsoft.Sql/servers");
    expect(tty.writes).toEqual(["\rscan: 100 of 400 resources · 50.0/s · 0:06 left · Microsoft.Sql/servers\u001b[K"]);
    progress.finish();
    expect(tty.writes.at(-1)).toBe("\r\u001b[K");
  });

  it("says only what it knows: no total, no time left; under a second, no rate", () => {
    expect(progressLine("report", "findings", { done: 5, elapsedSeconds: 0.2 })).toBe("report: 5 findings");
    expect(progressLine("report", "findings", { done: 12_000, elapsedSeconds: 4 })).toBe("report: 12,000 findings · 3,000/s");
    expect(progressLine("anomalies", "MB", { done: 3, total: 50, elapsedSeconds: 60 * 60 })).toBe("anomalies: 3 of 50 MB · 0.0/s · 15:40:00 left");
  });

  it("redraws at most every redrawMs, but always draws the last unit", () => {
    const tty = terminal(true);
    const progress = startProgress("evaluate", "documents", { target: tty.target, clock: tty.clock, redrawMs: 100 });
    progress.update(1, 3);
    tty.advance(10);
    progress.update(2, 3);
    tty.advance(10);
    progress.update(3, 3);
    expect(tty.writes.map((w) => /(\d) of 3/.exec(w)?.[1])).toEqual(["1", "3"]);
  });

  it("draws nothing when standard error is not a terminal, or with --quiet", () => {
    for (const [isTTY, quiet] of [
      [false, false],
      [true, true],
    ] as const) {
      const tty = terminal(isTTY);
      const progress = startProgress("scan", "resources", { target: tty.target, clock: tty.clock, quiet });
      tty.advance(5_000);
      progress.update(10, 20);
      progress.finish();
      expect(tty.writes).toEqual([]);
    }
  });

  it("fits the terminal's width", () => {
    const tty = terminal(true, 30);
    startProgress("scan", "resources", { target: tty.target, clock: tty.clock }).update(1, 2, "x".repeat(100));
    expect(tty.writes[0]!.replace("\r", "").replace("\u001b[K", "")).toHaveLength(29);
  });

  it("writes durations as m:ss and h:mm:ss", () => {
    expect([duration(8), duration(75), duration(3_725)]).toEqual(["0:08", "1:15", "1:02:05"]);
  });
});
