// Figures for a whole-estate sweep through the real SDK clients against the emulator:
// wall time, ARM requests by method, 429s, and what the sweep did.
//   npm run bench:scan -- [--resources 1000] [--throttle] [--concurrency 8]
import { parseArgs } from "node:util";
import { startEmulator } from "../../emulator/index.ts";
import { EmulatorCredential } from "../../dev/emulatorCredential.ts";
import { DEFAULT_POLICY } from "../../shared/config/policy.ts";
import { createRuntime, sweep } from "../../shared/workflow/index.ts";
import { silentLogger } from "../../shared/core/index.ts";

const { values } = parseArgs({
  options: {
    resources: { type: "string", default: "1000" },
    throttle: { type: "boolean", default: false },
    concurrency: { type: "string", default: "8" },
  },
});
const resources = Number(values.resources);
const emulator = await startEmulator({ estate: resources, ...(values.throttle ? {} : { throttle: false }) });
try {
  // Paced from ARM's rate-limit headers, as the deployed app is.
  const runtime = await createRuntime({
    arm: { endpoint: emulator.endpoint, ca: emulator.ca, credential: new EmulatorCredential() },
    // The generated estate is about a third insecure: lift the blast-radius limits so the figure
    // includes the fixes, not the sweep stopping to ask (which the reliability tests cover).
    policy: { ...DEFAULT_POLICY, limits: { ...DEFAULT_POLICY.limits, maxSweepFixShare: 1, maxFixesPerWindow: 1_000_000, maxFixesPerSubscriptionPerWindow: 1_000_000 } },
    logger: silentLogger,
    actor: "bench",
  });
  const heapBefore = process.memoryUsage().heapUsed;
  const started = performance.now();
  const outcome = await sweep(runtime, emulator.subscriptions, { concurrency: Number(values.concurrency) });
  const seconds = (performance.now() - started) / 1000;
  const byMethod: Record<string, number> = {};
  for (const r of emulator.requests) byMethod[r.method] = (byMethod[r.method] ?? 0) + 1;
  const figures = {
    generatedResources: resources,
    sweptResources: outcome.resources,
    findings: outcome.findings.length,
    fixesApplied: outcome.actions.filter((a) => a.status === "applied").length,
    tickets: outcome.actions.filter((a) => a.kind === "ticket").length,
    errors: outcome.errors.length,
    wallSeconds: Number(seconds.toFixed(2)),
    resourcesPerSecond: Number((outcome.resources / seconds).toFixed(1)),
    armRequests: emulator.requests.length,
    armRequestsByMethod: byMethod,
    throttled429: emulator.requests.filter((r) => r.status === 429).length,
    heapGrowthMiB: Number(((process.memoryUsage().heapUsed - heapBefore) / 2 ** 20).toFixed(1)),
  };
  console.log(JSON.stringify(figures));
} finally {
  await emulator.stop();
}
