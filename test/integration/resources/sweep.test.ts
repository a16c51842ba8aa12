import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_SUBSCRIPTION_ID } from "../../../emulator/index.ts";
import { RESOURCES } from "../../../shared/resources/index.ts";
import { parsePolicy } from "../../../shared/config/policy.ts";
import { sweep, type SweepOutcome } from "../../../shared/workflow/index.ts";
import { startEmulatorRuntime, type EmulatorRuntime } from "../../support/emulatorRuntime.ts";

// The demo estate is small and half non-compliant on purpose: the blast-radius limits stay out of the way.
const policy = parsePolicy(JSON.stringify({ limits: { maxFixesPerWindow: 1000, maxFixesPerSubscriptionPerWindow: 1000, maxSweepFixShare: 1 } }), "sweep policy");

const lower = (s: string) => s.toLowerCase();

describe("a sweep of the demo estate", () => {
  let env: EmulatorRuntime;
  let first: SweepOutcome;
  beforeAll(async () => {
    env = await startEmulatorRuntime({ estate: "demo" }, policy);
    first = await sweep(env.runtime, [DEMO_SUBSCRIPTION_ID], { concurrency: 4 });
  });
  afterAll(() => env.emulator.stop());

  it("covers every adapter's type without an error", () => {
    expect(first.errors).toEqual([]);
    const judged = new Set(first.findings.map((f) => lower(f.resourceType)));
    for (const adapter of RESOURCES) {
      const documentTypes = [adapter.type, ...adapter.writers.map((w) => w.documentType)].map(lower);
      expect(
        documentTypes.some((t) => judged.has(t)),
        adapter.type,
      ).toBe(true);
    }
  });

  it("applies every fix it decided on, each confirmed by a re-read", () => {
    const remediate = first.findings.filter((f) => f.decision === "remediate");
    expect(remediate.length).toBeGreaterThan(0);
    const remediations = first.actions.filter((a) => a.kind === "remediation");
    expect(remediations.map((a) => `${a.resourceId} ${a.controlId} ${a.status}`).sort()).toEqual(remediate.map((f) => `${f.resourceId} ${f.controlId} applied`).sort());
  });

  it("fixes the catalog issue's types it found non-compliant in the demo", () => {
    const applied = new Set(first.actions.filter((a) => a.status === "applied").map((a) => a.controlId));
    for (const control of [
      "redis.min-tls",
      "redis.non-ssl-port",
      "postgresql.secure-transport",
      "postgresql.min-tls",
      "mysql.secure-transport",
      "mysql.min-tls",
      "cosmos.min-tls",
      "eventhub.min-tls",
      "servicebus.min-tls",
      "eventgrid.min-tls",
      "appservice.ftps",
    ]) {
      expect(applied, control).toContain(control);
    }
  });

  it("finds nothing left to write on a second sweep", async () => {
    env.emulator.clearRequests();
    const second = await sweep(env.runtime, [DEMO_SUBSCRIPTION_ID], { concurrency: 4 });
    expect(second.errors).toEqual([]);
    expect(second.resources).toBe(first.resources);
    expect(second.findings.filter((f) => f.decision === "remediate")).toEqual([]);
    // Resource Graph queries are POSTs that change nothing: only ARM writes count.
    expect(env.emulator.requests.filter((r) => r.method !== "GET" && !/\/providers\/Microsoft.ResourceGraph\//i.test(r.path))).toEqual([]);
  });
});
