import { describe, expect, inject, it } from "vitest";
import { DEFAULT_HARNESS, runHarness } from "../../../bench/reliability/harness.ts";

describe("the reliability harness, smoke size", () => {
  it("duplicated, shuffled and malformed events under injected faults and a graph sweep of the whole estate make exactly the clean pass's writes, lose nothing, and survive a killed worker", async () => {
    const result = await runHarness({ ...DEFAULT_HARNESS, connectionString: inject("azuriteConnectionString"), events: 120, estate: 80, seed: 11, concurrency: 8 });
    expect(result.faultsInjected).toBeGreaterThan(0);
    expect(result.duplicates).toBe(36);
    expect(result.malformed).toBe(6);
    expect(result.expectedWrites).toBeGreaterThan(0);
    expect(result.writes).toBe(result.expectedWrites);
    expect(result.fixesApplied).toBe(result.fixesExpected);
    expect(result.lost).toBe(0);
    expect(result.crashes).toBe(0);
    // The whole estate swept from a lagging Resource Graph copy makes the clean pass's writes too.
    expect(result.graphSweep?.graphQueries).toBeGreaterThan(0);
    expect(result.graphSweep?.expectedWrites).toBeGreaterThan(0);
    expect(result.graphSweep?.writes).toBe(result.graphSweep?.expectedWrites);
    expect(result.graphSweep).toMatchObject({ lost: 0, crashes: 0 });
    // The victim's fixes (one or more controls) go out as one write, and each settles as applied without a second.
    expect(result.crashRecovery).toMatchObject({ killed: true, writesAfterKill: 1, writesAfterRecovery: 1 });
    expect(result.crashRecovery?.settledAs.split(",")).toEqual(expect.arrayContaining(["applied"]));
    expect(new Set(result.crashRecovery?.settledAs.split(","))).toEqual(new Set(["applied"]));
  });
});
