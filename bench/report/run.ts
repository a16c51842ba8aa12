// Peak memory and wall time of `evaluate` in every output format over a large input: the
// generated estate written as one ARM list body of about 50 MB. The command runs as a user runs
// it (a child process, output to /dev/null); its peak RSS comes from the process itself.
//   npm run bench:report -- [--resources 49000] [--formats table,json,...] [--root DIR]
// --root measures another checkout's CLI (an older commit) against the same input.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { generateEstate } from "../../emulator/index.ts";
import { FORMATS } from "../../shared/report/index.ts";

const { values } = parseArgs({
  options: {
    resources: { type: "string", default: "49000" },
    formats: { type: "string", default: FORMATS.join(",") },
    root: { type: "string", default: resolve(import.meta.dirname, "../..") },
  },
});

const dir = mkdtempSync(join(tmpdir(), "eg-bench-report-"));
try {
  const input = join(dir, "estate.json");
  const documents = generateEstate(Number(values.resources), ["1b2c3d4e-0000-4000-8000-00000000abcd", "2b2c3d4e-0000-4000-8000-00000000abcd"]);
  writeFileSync(input, JSON.stringify({ value: documents }));
  const megabytes = statSync(input).size / 1e6;
  console.log(`input: ${documents.length} documents (${values.resources} resources), ${megabytes.toFixed(1)} MB; CLI of ${values.root}`);
  console.log("format     peak RSS   wall time  exit");
  for (const format of values.formats.split(",")) {
    const started = performance.now();
    const run = spawnSync(process.execPath, ["--import", join(import.meta.dirname, "peakRss.ts"), join(values.root, "bin/encryption-guard.js"), "evaluate", "--format", format, input], {
      stdio: ["ignore", "ignore", "pipe"],
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
    });
    const seconds = (performance.now() - started) / 1000;
    const peak = Number(/peak-rss-kb (\d+)/.exec(run.stderr)?.[1]) / 1024;
    const failure = run.status === 0 ? "" : ` ${run.stderr.split("\n").find((line) => line.trim() && !line.startsWith("peak-rss-kb")) ?? ""}`;
    console.log(`${format.padEnd(9)} ${`${peak.toFixed(0)} MB`.padStart(9)} ${`${seconds.toFixed(2)} s`.padStart(10)}  ${run.status}${failure}`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
