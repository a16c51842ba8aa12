import { HttpRequest, type EventGridEvent, type Timer } from "@azure/functions";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { legacyScanHandler } from "../../../functions/deprecatedRoutes.ts";
import { scanResourceHandler } from "../../../functions/scanResource.ts";
import type { RuntimeFactory } from "../../../functions/hostRuntime.ts";
import { resourceChangedHandler } from "../../../functions/resourceChanged.ts";
import { sweepHandler } from "../../../functions/sweepTimer.ts";
import { valueAt } from "../../../shared/controls/index.ts";
import { coveredEstate, ids, SUBSCRIPTION_ID } from "../../fixtures/coveredEstate.ts";
import { context as invocation, startGuardStack, writesTo, type GuardStack } from "../../setup/stack.ts";

const context = () => invocation("test");
const timer: Timer = { isPastDue: false, schedule: { adjustForDST: false }, scheduleStatus: { last: "", next: "", lastUpdated: "" } };
const countRequests = (emulator: GuardStack["emulator"], method: string) => emulator.requests.filter((r) => r.method === method && r.status < 400).length;

describe("function handlers against the emulator", () => {
  let env: GuardStack;
  let runtimeFactory: RuntimeFactory;
  beforeAll(async () => {
    env = await startGuardStack({ emulator: { estate: coveredEstate(), subscriptions: [SUBSCRIPTION_ID] } });
    runtimeFactory = env.factory;
  });
  afterAll(() => env.stop());

  const httpPost = (route: string, body: unknown) =>
    new HttpRequest({ url: `https://localhost/api/${route}`, method: "POST", body: { string: typeof body === "string" ? body : JSON.stringify(body) } });
  const post = (body: unknown) => scanResourceHandler(runtimeFactory)(httpPost("scan-resource", body), context());

  it("POST /api/scan-resource with a dry run returns findings and writes nothing", async () => {
    env.emulator.clearRequests();
    const response = await post({ resourceId: ids.weakStorage, dryRun: true });
    expect(response.status).toBe(200);
    const body = response.jsonBody as { findings: { controlId: string; status: string; decision: string }[]; actions: { status: string }[] };
    expect(body.findings).toContainEqual(expect.objectContaining({ controlId: "storage.min-tls", status: "noncompliant", decision: "remediate" }));
    expect(body.actions.every((a) => a.status === "planned")).toBe(true);
    expect(countRequests(env.emulator, "PATCH")).toBe(0);
  });

  it.each([
    [{ resourceId: 42 }, "resourceId"],
    [{}, "resourceId"],
    [{ resourceId: ids.weakStorage, dryRun: "yes" }, "dryRun"],
    [{ resoureId: ids.weakStorage }, "(body)"],
    [{ resourceId: "/subscriptions/x/storage" }, "resourceId"],
    ["{not json", "(body)"],
  ])("POST /api/scan-resource answers 400 problem+json naming the field for %j", async (body, field) => {
    const response = await post(body);
    expect(response.status).toBe(400);
    expect((response.headers as Record<string, string>)["content-type"]).toBe("application/problem+json");
    expect((response.jsonBody as { errors: { field: string }[] }).errors.map((e) => e.field)).toContain(field);
  });

  it("POST /api/scan-resource refuses a resource outside the guarded subscriptions before any ARM call", async () => {
    env.emulator.clearRequests();
    const response = await post({ resourceId: ids.weakStorage.replace(SUBSCRIPTION_ID, "11111111-2222-4333-8444-555555555555") });
    expect(response.status).toBe(403);
    expect(env.emulator.requests).toHaveLength(0);
  });

  it("POST /api/scan-resource answers 400 for a type the service does not cover and 404 for a resource ARM does not have, like /api/sweeps and /api/remediations", async () => {
    env.emulator.clearRequests();
    const uncovered = await post({ resourceId: `/subscriptions/${SUBSCRIPTION_ID}/resourceGroups/rg-scan/providers/Microsoft.Network/virtualNetworks/vnet1` });
    expect(uncovered.status).toBe(400);
    expect(uncovered.jsonBody).toMatchObject({
      title: "Invalid scan request",
      detail: "resource type Microsoft.Network/virtualNetworks is not one this service covers",
      errors: [{ field: "resourceId" }],
    });
    expect(env.emulator.requests).toHaveLength(0);
    const missing = await post({ resourceId: ids.weakStorage.replace("stweak", "stgone"), dryRun: true });
    expect(missing.status).toBe(404);
    expect(missing.jsonBody).toMatchObject({ title: "Resource not found", detail: expect.stringContaining("/storageAccounts/stgone was not found in ARM") });
    expect((missing.headers as Record<string, string>)["content-type"]).toBe("application/problem+json");
  });

  it("POST /api/scan still answers for one release, marked deprecated with a link to its successor", async () => {
    const response = await legacyScanHandler(runtimeFactory)(httpPost("scan", { resourceId: ids.weakStorage, dryRun: true }), context());
    expect(response.status).toBe(200);
    expect(response.headers).toMatchObject({ deprecation: "true", link: '</api/scan-resource>; rel="successor-version"' });
    expect((response.jsonBody as { findings: { controlId: string }[] }).findings).toContainEqual(expect.objectContaining({ controlId: "storage.min-tls" }));
    const invalid = await legacyScanHandler(runtimeFactory)(httpPost("scan", { subscriptionId: "nope" }), context());
    expect([invalid.status, (invalid.headers as Record<string, string>).deprecation]).toEqual([400, "true"]);
  });

  it("resourceChanged queues the event and answers at once; the worker fixes the resource, and our own write's event ends compliant", async () => {
    env.emulator.write(ids.site, { properties: { httpsOnly: false } }, { appid: "04b07795-8ddb-461a-bbee-02f9e1bf7b46" });
    const userEvent = env.emulator.events.at(-1) as unknown as EventGridEvent;
    env.emulator.clearRequests();
    await expect(resourceChangedHandler(runtimeFactory)(userEvent, context())).resolves.toMatchObject({ queued: 1, verifyOnly: 0 });
    expect(env.emulator.requests).toHaveLength(0);
    await env.drain();
    expect(valueAt(env.emulator.store.get(ids.site), "properties.httpsOnly")).toBe(true);
    expect(writesTo(env.emulator)).toBeGreaterThan(0);

    const ownEvent = env.emulator.events.at(-1) as unknown as EventGridEvent;
    expect(ownEvent.id).not.toBe(userEvent.id);
    env.emulator.clearRequests();
    await expect(resourceChangedHandler(runtimeFactory)(ownEvent, context())).resolves.toMatchObject({ queued: 1, verifyOnly: 1 });
    await env.drain();
    expect(writesTo(env.emulator)).toBe(0);
  });

  it("resourceChanged acknowledges malformed and unrelated events without touching ARM", async () => {
    env.emulator.clearRequests();
    const handler = resourceChangedHandler(runtimeFactory);
    await expect(handler({ id: "x", eventType: "Microsoft.Resources.ResourceWriteSuccess", data: {} } as unknown as EventGridEvent, context())).resolves.toMatchObject({
      queued: 0,
      malformed: [{ eventId: "x" }],
    });
    await expect(handler({ id: "y", eventType: "Microsoft.Storage.BlobCreated", data: {} } as unknown as EventGridEvent, context())).resolves.toMatchObject({ queued: 0, ignored: [{ eventId: "y" }] });
    expect(env.emulator.requests).toHaveLength(0);
  });

  it("the sweep timer queues a shard per resource type of every configured subscription, and the workers evaluate them all", async () => {
    const queued = await sweepHandler(runtimeFactory)(timer, context());
    expect(queued?.shards).toBeGreaterThanOrEqual(6);
    const stats = await env.drain();
    expect(stats.failed).toBe(0);
    const totals = await env.runtime.ledger.sweeps.totals(queued!.sweepId, { withFixTargets: false });
    expect(totals).toMatchObject({ shardsDone: queued!.shards, errors: 0 });
    expect(totals.resources).toBeGreaterThanOrEqual(6);
  });
});
