// The reliability harness (a benchmark, not a timed test): the real handlers over the ARM
// emulator and Azurite, with duplicated, shuffled and malformed events and injected faults.
//   npm run bench:reliability -- [--json] [--events 2000] [--estate 1000] [--seed 7] [--faults 0.1] [--concurrency 16] [--no-crash] [--no-graph-sweep]
// The last line is one JSON object with the figures.
import "../../dev/outsideHost.ts";
import { parseArgs } from "node:util";
import { startAzurite } from "../../dev/azurite.ts";
import { DEFAULT_HARNESS, runHarness } from "./harness.ts";

const { values } = parseArgs({
  options: {
    json: { type: "boolean", default: false },
    events: { type: "string", default: String(DEFAULT_HARNESS.events) },
    estate: { type: "string", default: String(DEFAULT_HARNESS.estate) },
    seed: { type: "string", default: String(DEFAULT_HARNESS.seed) },
    faults: { type: "string", default: String(DEFAULT_HARNESS.faultRate) },
    concurrency: { type: "string", default: String(DEFAULT_HARNESS.concurrency) },
    "no-crash": { type: "boolean", default: false },
    "no-graph-sweep": { type: "boolean", default: false },
  },
});

const number = (name: keyof typeof values) => {
  const n = Number(values[name]);
  if (!Number.isFinite(n) || n < 0) {
    process.stderr.write(`--${name} must be a number, got ${values[name]}\n`);
    process.exit(2);
  }
  return n;
};

const azurite = await startAzurite();
try {
  const result = await runHarness({
    ...DEFAULT_HARNESS,
    connectionString: azurite.connectionString,
    events: number("events"),
    estate: number("estate"),
    seed: number("seed"),
    faultRate: number("faults"),
    concurrency: number("concurrency"),
    crashCase: !values["no-crash"],
    graphSweep: !values["no-graph-sweep"],
    log: values.json ? (line) => process.stderr.write(`${line}\n`) : (line) => process.stdout.write(`${line}\n`),
  });
  if (!values.json) {
    process.stdout.write(
      `writes ${result.writes} of ${result.expectedWrites} expected; lost ${result.lost}; crashes ${result.crashes}; ${result.faultsInjected} faults injected; ${result.retries} queue retries\n`,
    );
  }
  process.stdout.write(`${JSON.stringify(result)}\n`);
  const sweep = result.graphSweep;
  if (sweep && !values.json) {
    process.stdout.write(`graph sweep (copy ${sweep.graphLagMs} ms behind ARM): writes ${sweep.writes} of ${sweep.expectedWrites} expected; lost ${sweep.lost}; crashes ${sweep.crashes}\n`);
  }
  const sweepHeld = !sweep || (sweep.writes === sweep.expectedWrites && sweep.lost === 0 && sweep.crashes === 0);
  if (result.writes !== result.expectedWrites || result.lost !== 0 || result.crashes !== 0 || !sweepHeld) process.exitCode = 1;
} finally {
  await azurite.stop();
}
