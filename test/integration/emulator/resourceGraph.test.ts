import { ResourceGraphClient } from "@azure/arm-resourcegraph";
import { afterEach, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../../emulator/index.ts";
import { GraphQuotaPacer, graphPacingPolicy, SteppingClock } from "../../../shared/azure/index.ts";
import { ResourceGraph } from "../../../shared/azure/graph.ts";
import { graphQuery, moduleForType, SUBSCRIPTIONS_QUERY } from "../../../shared/resources/index.ts";
import { credential, sdkOptions, start } from "./harness.ts";

const SUB_A = "aa000000-0000-4000-8000-00000000000a";
const SUB_B = "bb000000-0000-4000-8000-00000000000b";
const account = (subscription: string, name: string, tls: string) => ({
  id: `/subscriptions/${subscription}/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/${name}`,
  type: "Microsoft.Storage/storageAccounts",
  location: "westeurope",
  tags: { "data-classification": "general" },
  properties: { minimumTlsVersion: tls },
});
const storage = moduleForType("Microsoft.Storage/storageAccounts")!;

describe("the emulator's Resource Graph (the real @azure/arm-resourcegraph client)", () => {
  let emulator: RunningEmulator;
  afterEach(() => emulator.stop());

  it("pages the product's query in id order with $skipToken, lower-cases types, and resolves management groups", async () => {
    const estate = Array.from({ length: 5 }, (_, i) => account(i % 2 ? SUB_B : SUB_A, `st${i}`, "TLS1_2"));
    emulator = await start({ estate, subscriptions: [SUB_A, SUB_B], graph: { managementGroups: { "contoso-prod": [SUB_B] } } });
    const client = new ResourceGraphClient(credential, sdkOptions(emulator));
    const first = await client.resources({ query: graphQuery(storage), subscriptions: [SUB_A, SUB_B], options: { resultFormat: "objectArray", top: 3 } });
    expect(first).toMatchObject({ totalRecords: 5, count: 3, resultTruncated: "false" });
    const second = await client.resources({ query: graphQuery(storage), subscriptions: [SUB_A, SUB_B], options: { resultFormat: "objectArray", top: 3, skipToken: first.skipToken! } });
    const ids = [...(first.data as { id: string }[]), ...(second.data as { id: string }[])].map((row) => row.id);
    expect(ids).toEqual([...ids].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())));
    expect(new Set(ids).size).toBe(5);
    expect(second.skipToken).toBeUndefined();
    expect((first.data as { type: string }[])[0]?.type).toBe("microsoft.storage/storageaccounts");

    const members = await client.resources({ query: SUBSCRIPTIONS_QUERY, managementGroups: ["contoso-prod"], options: { resultFormat: "objectArray" } });
    expect(members.data).toEqual([{ id: `/subscriptions/${SUB_B}`, subscriptionId: SUB_B }]);
  });

  it("answers a query shape it does not know with Resource Graph's own error, never an empty page", async () => {
    emulator = await start({ estate: [account(SUB_A, "st0", "TLS1_2")], subscriptions: [SUB_A] });
    const client = new ResourceGraphClient(credential, sdkOptions(emulator, { maxRetries: 0 }));
    const error = (await client.resources({ query: "resources | summarize count() by type", subscriptions: [SUB_A] }).catch((e: unknown) => e)) as { statusCode?: number; details?: unknown };
    expect(error.statusCode).toBe(400);
    expect(error.details).toMatchObject({ error: { code: "BadRequest", message: expect.stringContaining("correlationId"), details: [{ code: "InvalidQuery" }, { code: "ParserFailure" }] } });
  });

  it("has a per-user quota with its headers: a paced client pages through without a 429", async () => {
    const clock = new SteppingClock();
    const estate = Array.from({ length: 40 }, (_, i) => account(SUB_A, `st${String(i).padStart(2, "0")}`, "TLS1_2"));
    emulator = await start({ estate, subscriptions: [SUB_A], clock, graph: { quota: 3, windowMs: 5000 } });
    const pacer = new GraphQuotaPacer({ clock, reserve: 0 });
    const graph = new ResourceGraph({ endpoint: emulator.endpoint, ca: emulator.ca, credential, policies: [graphPacingPolicy(pacer)] });
    let rows = 0;
    for await (const page of graph.pages(graphQuery(storage), { subscriptions: [SUB_A] })) rows += page.rows.length;
    expect(rows).toBe(40);
    const raw = new ResourceGraphClient(credential, { ...sdkOptions(emulator, { maxRetries: 0 }), additionalPolicies: [{ policy: graphPacingPolicy(pacer), position: "perRetry" }] });
    for (let i = 0; i < 10; i++) await raw.resources({ query: graphQuery(storage), subscriptions: [SUB_A], options: { top: 5 } });
    expect(emulator.requests.filter((r) => r.status === 429)).toEqual([]);
    expect(pacer.stats.waits).toBeGreaterThan(0);

    // Unpaced, the fourth query in a window is refused with the quota's headers.
    const unpaced = new ResourceGraphClient(credential, sdkOptions(emulator, { maxRetries: 0 }));
    clock.advance(10_000);
    const answers = await Promise.all(
      Array.from({ length: 4 }, () =>
        unpaced.resources({ query: graphQuery(storage), subscriptions: [SUB_A] }).then(
          () => 200,
          (e: { statusCode?: number }) => e.statusCode,
        ),
      ),
    );
    expect(answers.sort()).toEqual([200, 200, 200, 429]);
  });
});
