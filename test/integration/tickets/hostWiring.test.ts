import { randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Timer } from "@azure/functions";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../../emulator/index.ts";
import { invocationContext } from "../../../dev/localHost.ts";
import { ticketOutboxHandler } from "../../../functions/ticketOutbox.ts";
import { parseSettings } from "../../../shared/config/settings.ts";
import { isQueued, runtimeFromSettings, type QueuedRuntime } from "../../../shared/workflow/index.ts";
import { EmulatorCredential } from "../../../dev/emulatorCredential.ts";
import { processWorkItem } from "../../../shared/workflow/worker.ts";
import { GitHubFake } from "../../fakes/github.ts";
import type { ArmDocument } from "../../../shared/core/index.ts";

const SUBSCRIPTION = "9d8c7b6a-1e2f-4a3b-8c4d-00000000f00d";
const TOKEN = "ghp_host0000000000000000000000000000000000";
const REPO = "contoso/cloud-security";
const timer: Timer = { isPastDue: false, schedule: { adjustForDST: false }, scheduleStatus: { last: "", next: "", lastUpdated: "" } };

const account: ArmDocument = {
  id: `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-host/providers/Microsoft.Storage/storageAccounts/hostdata01`,
  name: "hostdata01",
  type: "Microsoft.Storage/storageAccounts",
  location: "westeurope",
  tags: { "data-classification": "general" },
  properties: { minimumTlsVersion: "TLS1_0", supportsHttpsTrafficOnly: true, encryption: { keySource: "Microsoft.Storage" } },
};

describe("the Functions host's runtime: the policy's sinks, the outbox in the ledger, the ticketOutbox timer", () => {
  let emulator: RunningEmulator;
  let github: GitHubFake;
  let runtime: QueuedRuntime;

  beforeAll(async () => {
    [emulator, github] = await Promise.all([startEmulator({ subscriptions: [SUBSCRIPTION], estate: [account], throttle: false }), GitHubFake.start({ token: TOKEN, repos: [REPO] })]);
    const policyFile = join(mkdtempSync(join(tmpdir(), "eg-host-")), "policy.json");
    writeFileSync(
      policyFile,
      JSON.stringify({ defaultMode: "audit", controls: { "storage.min-tls": { mode: "ticket" } }, tickets: { sinks: [{ type: "github", repo: REPO, apiUrl: github.apiUrl }] } }),
    );
    // The sink reads its token from the app settings, as a Key Vault reference resolves into them in Azure.
    process.env.GITHUB_TOKEN = TOKEN;
    const settings = parseSettings({
      GUARD_SUBSCRIPTION_IDS: SUBSCRIPTION,
      GUARD_STORAGE: inject("azuriteConnectionString"),
      GUARD_TABLE_PREFIX: `t${randomUUID().replace(/-/g, "").slice(0, 12)}`,
      GUARD_POLICY_FILE: policyFile,
      ARM_ENDPOINT: emulator.endpoint,
      ARM_CA_CERT_FILE: emulator.caFile,
      GUARD_LEDGER_KEYS: randomBytes(32).toString("base64"),
    });
    const built = await runtimeFromSettings(settings, { logger: invocationContext("test"), credential: new EmulatorCredential() });
    if (!isQueued(built)) throw new Error("GUARD_STORAGE is set: the runtime has a queue");
    runtime = built;
  });
  afterAll(async () => {
    delete process.env.GITHUB_TOKEN;
    await Promise.all([emulator?.stop(), github?.stop()]);
  });

  it("records the worker's ticket intent through the runtime's recorder and delivers it on the timer", async () => {
    expect(runtime.tickets?.sinks.map((s) => s.id)).toEqual([`github:127.0.0.1:${new URL(github.apiUrl).port}/${REPO}`]);
    const deliver = ticketOutboxHandler(async (context) => ({ ...runtime, logger: context, settings: parseSettings({}) }));

    await processWorkItem(runtime, { kind: "resource", key: randomUUID(), resourceId: account.id, origin: "event", correlationId: randomUUID() }, { messageId: randomUUID(), dequeueCount: 1 });
    expect(github.issuesOf(REPO)).toEqual([]);

    expect(await deliver(timer, invocationContext("ticketOutbox"))).toMatchObject({ delivered: [{ step: "opened" }], failed: [], waiting: 0 });
    expect(github.issuesOf(REPO)).toEqual([expect.objectContaining({ title: "[encryption-guard] Storage account requires TLS 1.2 or newer: hostdata01" })]);
    expect(await deliver(timer, invocationContext("ticketOutbox"))).toMatchObject({ delivered: [], failed: [], waiting: 0 });
  });

  it("closes the ticket when the next read finds the resource deleted", async () => {
    const deliver = ticketOutboxHandler(async (context) => ({ ...runtime, logger: context, settings: parseSettings({}) }));
    emulator.store.delete(account.id);
    await processWorkItem(runtime, { kind: "resource", key: randomUUID(), resourceId: account.id, origin: "event", correlationId: randomUUID() }, { messageId: randomUUID(), dequeueCount: 1 });
    expect(await deliver(timer, invocationContext("ticketOutbox"))).toMatchObject({ delivered: [{ step: "closed" }], failed: [] });
    expect(github.issuesOf(REPO)).toEqual([expect.objectContaining({ state: "closed" })]);
  });
});
