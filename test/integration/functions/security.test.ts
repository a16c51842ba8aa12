import type { EventGridEvent, HttpRequest, HttpResponseInit } from "@azure/functions";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { getActionHandler, rollbackHandler } from "../../../functions/actions.ts";
import { legacyScanHandler } from "../../../functions/deprecatedRoutes.ts";
import { clearExceptionHandler } from "../../../functions/exceptions.ts";
import type { RuntimeFactory } from "../../../functions/hostRuntime.ts";
import { synchronousWork } from "../../../functions/http/limits.ts";
import { remediationsHandler } from "../../../functions/remediations.ts";
import { resourceChangedHandler } from "../../../functions/resourceChanged.ts";
import { scanResourceHandler } from "../../../functions/scanResource.ts";
import { sweepsHandler } from "../../../functions/sweeps.ts";
import { DEFAULT_POLICY, parsePolicy } from "../../../shared/config/policy.ts";
import { valueAt } from "../../../shared/controls/index.ts";
import { GuardEventPublisher, publishingRecorder } from "../../../shared/publish/index.ts";
import { Ledger, LedgerSeal, type ActionRecord } from "../../../shared/store/index.ts";
import { handleDelivery, requestRemediation, type RollbackOutcome } from "../../../shared/workflow/index.ts";
import { EventGridTopicFake } from "../../fakes/eventGridTopic.ts";
import { context, PLATFORM_AUTHENTICATION, startGuardStack, USER, writesTo, type GuardStack } from "../../setup/stack.ts";
import { apiRequest, signedIn } from "../../support/principal.ts";
import { reliabilityEstate, storageId, SUBSCRIPTION } from "../reliability/estate.ts";

type Handler = (request: HttpRequest, ctx: ReturnType<typeof context>) => Promise<HttpResponseInit>;
const bodyOf = <T>(response: HttpResponseInit) => response.jsonBody as T;
const tls = (stack: GuardStack, i: number) => valueAt(stack.emulator.store.get(storageId(i)), "properties.minimumTlsVersion");
const ENCODED = storageId(0).replace("rg-app", "rg%2Dapp");

function expectProblem(response: HttpResponseInit, status: number): void {
  expect(response.status).toBe(status);
  expect((response.headers as Record<string, string>)["content-type"]).toBe("application/problem+json");
}

/** A fix applied by the service itself, as the ledger records it: what a rollback request names. */
async function appliedFix(stack: GuardStack, i: number): Promise<ActionRecord> {
  stack.emulator.write(storageId(i), { properties: { minimumTlsVersion: "TLS1_0" } }, USER);
  const answer = await requestRemediation({ ...stack.runtime, dryRun: false }, { resourceId: storageId(i), controlId: "storage.min-tls", dryRun: false, actor: "encryption-guard" });
  if (answer.outcome !== "done" || answer.action?.status !== "applied") throw new Error(`no fix applied: ${JSON.stringify(answer)}`);
  return answer.action;
}

describe("the HTTP API's security (issue findings, each shown failing as an attack)", () => {
  describe("without App Service authentication in front: a function key with a forged principal header", () => {
    let stack: GuardStack;
    const call = (handler: (f: RuntimeFactory) => Handler, request: HttpRequest) => handler(stack.factory)(request, context("api"));
    // What an attacker holding only a function key sends: the platform's headers, written by hand.
    const forged = { ...signedIn(["Reader", "Remediator", "Approver"]), "x-ms-client-principal-name": "admin@contoso.com" };

    beforeAll(async () => {
      stack = await startGuardStack({ emulator: { estate: reliabilityEstate(3), subscriptions: [SUBSCRIPTION] } });
    });
    afterAll(() => stack.stop());
    beforeEach(() => stack.emulator.clearRequests());

    it("cannot fix: POST /api/remediations and a fixing scan answer 403 and nothing is written", async () => {
      const fix = await call(remediationsHandler, apiRequest("POST", "remediations", { body: { resourceId: storageId(1), controlId: "storage.min-tls", dryRun: false }, headers: forged }));
      expectProblem(fix, 403);
      expect(bodyOf<{ detail: string }>(fix).detail).toContain("A function key alone never allows it");
      expectProblem(await call(scanResourceHandler, apiRequest("POST", "scan-resource", { body: { resourceId: storageId(1), dryRun: false }, headers: forged })), 403);
      expectProblem(await call(sweepsHandler, apiRequest("POST", "sweeps", { body: { scope: `/subscriptions/${SUBSCRIPTION}`, dryRun: false }, headers: forged })), 403);
      expect(await stack.runtime.queue.depth()).toBe(0);
      expect(writesTo(stack.emulator)).toBe(0);
      expect(tls(stack, 1)).toBe("TLS1_0");
    });

    it("a scan without dryRun only plans: the key holder's request is never the one that writes", async () => {
      const scan = await call(scanResourceHandler, apiRequest("POST", "scan-resource", { body: { resourceId: storageId(1) }, headers: forged }));
      expect(scan.status).toBe(200);
      expect(bodyOf<{ actions: { status: string }[] }>(scan).actions).toEqual([expect.objectContaining({ status: "planned" })]);
      expect(writesTo(stack.emulator)).toBe(0);
    });

    it("cannot roll back or clear an exception: 403, nothing written, the actor never the forged name", async () => {
      const original = await appliedFix(stack, 2);
      stack.emulator.clearRequests();
      const plan = await call(rollbackHandler, apiRequest("POST", `actions/${original.id}/rollback`, { params: { id: original.id }, headers: forged }));
      expect(plan.status).toBe(200);
      expect(bodyOf<RollbackOutcome>(plan).action).toMatchObject({ status: "planned", actor: "api:function-key" });
      const apply = { dryRun: false, reason: "forged", digest: bodyOf<RollbackOutcome>(plan).review.digest };
      expectProblem(await call(rollbackHandler, apiRequest("POST", `actions/${original.id}/rollback`, { params: { id: original.id }, body: apply, headers: forged })), 403);
      expectProblem(
        await call(clearExceptionHandler, apiRequest("POST", "exceptions/clear", { body: { resourceId: storageId(2), controlId: "storage.min-tls", reason: "forged" }, headers: forged })),
        403,
      );
      expect(writesTo(stack.emulator)).toBe(0);
      expect(tls(stack, 2)).toBe("TLS1_2");
    });
  });

  describe("with App Service authentication in front", () => {
    let stack: GuardStack;
    let topic: EventGridTopicFake;
    const call = (handler: (f: RuntimeFactory) => Handler, request: HttpRequest) => handler(stack.factory)(request, context("api"));
    const as = (roles: string[]) => signedIn(roles);
    const rollback = (id: string, roles: string[], body?: unknown) => call(rollbackHandler, apiRequest("POST", `actions/${id}/rollback`, { params: { id }, body, headers: as(roles) }));

    beforeAll(async () => {
      topic = await EventGridTopicFake.start({ key: "topic-key" });
      stack = await startGuardStack({ emulator: { estate: reliabilityEstate(6), subscriptions: [SUBSCRIPTION] }, env: PLATFORM_AUTHENTICATION });
      // Rollbacks publish to the custom topic, as GUARD_EVENTS_TOPIC_ENDPOINT sets up in Azure.
      const publisher = new GuardEventPublisher({ endpoint: topic.endpoint, key: "topic-key", ca: topic.ca }, stack.runtime.logger);
      stack.runtime.recorder = publishingRecorder(stack.runtime.recorder, (id) => stack.runtime.ledger.findings.ofResource(id), publisher);
    });
    afterAll(async () => {
      await stack.stop();
      await topic.stop();
    });
    beforeEach(() => stack.emulator.clearRequests());

    it("refuses a request the platform let through without a principal, and a principal without a role of the API", async () => {
      expectProblem(await call(scanResourceHandler, apiRequest("POST", "scan-resource", { body: { resourceId: storageId(1) } })), 401);
      expectProblem(await call(scanResourceHandler, apiRequest("POST", "scan-resource", { body: { resourceId: storageId(1) }, headers: as([]) })), 403);
      expect(stack.emulator.requests).toHaveLength(0);
    });

    it("a Reader scans and plans but cannot fix; a Remediator fixes, recorded as the actor", async () => {
      expectProblem(
        await call(remediationsHandler, apiRequest("POST", "remediations", { body: { resourceId: storageId(1), controlId: "storage.min-tls", dryRun: false }, headers: as(["Reader"]) })),
        403,
      );
      const planned = await call(remediationsHandler, apiRequest("POST", "remediations", { body: { resourceId: storageId(1), controlId: "storage.min-tls" }, headers: as(["Reader"]) }));
      expect(bodyOf(planned)).toMatchObject({ action: { status: "planned" } });
      expect(writesTo(stack.emulator)).toBe(0);
      const fixed = await call(
        remediationsHandler,
        apiRequest("POST", "remediations", { body: { resourceId: storageId(1), controlId: "storage.min-tls", dryRun: false }, headers: as(["Remediator"]) }),
      );
      expect(bodyOf(fixed)).toMatchObject({ action: { status: "applied", actor: expect.stringMatching(/^user:alice@contoso\.com \(oid /) } });
      expect(tls(stack, 1)).toBe("TLS1_2");
    });

    it("refuses an encoded resource group before any ARM call, on every route that takes an id", async () => {
      const remediator = as(["Reader", "Remediator", "Approver"]);
      for (const response of [
        await call(scanResourceHandler, apiRequest("POST", "scan-resource", { body: { resourceId: ENCODED }, headers: remediator })),
        await call(remediationsHandler, apiRequest("POST", "remediations", { body: { resourceId: ENCODED, controlId: "storage.min-tls", dryRun: false }, headers: remediator })),
        await call(sweepsHandler, apiRequest("POST", "sweeps", { body: { scope: ENCODED }, headers: remediator })),
        await call(legacyScanHandler, apiRequest("POST", "scan", { body: { resourceId: ENCODED }, headers: remediator })),
        await call(clearExceptionHandler, apiRequest("POST", "exceptions/clear", { body: { resourceId: ENCODED, controlId: "storage.min-tls", reason: "r" }, headers: remediator })),
      ]) {
        expectProblem(response, 400);
        expect(bodyOf<{ detail: string }>(response).detail).toContain("percent sign");
      }
      const event = { ...stack.emulator.events.at(-1)!, id: "encoded", subject: ENCODED, data: { ...stack.emulator.events.at(-1)!.data, resourceUri: ENCODED } };
      expect(await resourceChangedHandler(stack.factory)(event as unknown as EventGridEvent, context())).toMatchObject({ queued: 0, malformed: [{ eventId: "encoded" }] });
      const queued = await handleDelivery(stack.runtime, { kind: "resource", key: "forged", resourceId: ENCODED, origin: "api", correlationId: "c" }, { messageId: "m", dequeueCount: 1 });
      expect(queued).toMatchObject({ kind: "poisoned", reason: expect.stringContaining("percent sign") });
      expect(stack.emulator.requests).toHaveLength(0);
      expect(await stack.runtime.queue.depth()).toBe(0);
    });

    it("answers 413 to an oversized body, queuing nothing", async () => {
      const huge = JSON.stringify({ scope: `/subscriptions/${SUBSCRIPTION}`, padding: "x".repeat(11 * 1024 * 1024) });
      const response = await call(sweepsHandler, apiRequest("POST", "sweeps", { body: huge, headers: as(["Reader"]) }));
      expectProblem(response, 413);
      const declared = await call(sweepsHandler, apiRequest("POST", "sweeps", { body: "{}", headers: { ...as(["Reader"]), "content-length": String(huge.length) } }));
      expectProblem(declared, 413);
      expect(await stack.runtime.queue.depth()).toBe(0);
      expect(stack.emulator.requests).toHaveLength(0);
    });

    it("answers 429 with Retry-After when the instance already runs its synchronous scans, touching nothing", async () => {
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      const holders = Array.from({ length: 4 }, () => synchronousWork.run(async () => (await held, { status: 200 })));
      const busy = await call(scanResourceHandler, apiRequest("POST", "scan-resource", { body: { resourceId: storageId(3) }, headers: as(["Reader"]) }));
      expectProblem(busy, 429);
      expect((busy.headers as Record<string, string>)["retry-after"]).toMatch(/^\d+$/);
      release();
      await Promise.all(holders);
      expect(stack.emulator.requests).toHaveLength(0);
      expect((await call(scanResourceHandler, apiRequest("POST", "scan-resource", { body: { resourceId: storageId(3) }, headers: as(["Reader"]) }))).status).toBe(200);
    });

    it("a request cannot raise a control the policy audits or turns off to a fix", async () => {
      const policy = parsePolicy(JSON.stringify({ controls: { "storage.min-tls": { mode: "audit" }, "storage.https-only": { mode: "off" } } }), "audit.json");
      const audited: RuntimeFactory = async (ctx) => ({ ...(await stack.factory(ctx)), policy });
      stack.emulator.write(storageId(3), { properties: { minimumTlsVersion: "TLS1_0", supportsHttpsTrafficOnly: false } }, USER);
      for (const controlId of ["storage.min-tls", "storage.https-only"]) {
        const response = await remediationsHandler(audited)(
          apiRequest("POST", "remediations", { body: { resourceId: storageId(3), controlId, dryRun: false }, headers: as(["Remediator"]) }),
          context(),
        );
        expectProblem(response, 409);
        expect(bodyOf<{ detail: string }>(response).detail).toMatch(/the policy's mode for storage\.[a-z-]+ is (audit|off)/);
      }
      expect(writesTo(stack.emulator)).toBe(0);
    });

    it("a Reader reviews a rollback, only an Approver applies it, with a reason and the reviewed digest; it publishes an event, records a ticket and an expiring exception", async () => {
      const original = await appliedFix(stack, 4);
      stack.emulator.clearRequests();
      const plan = await rollback(original.id, ["Reader"]);
      const { review } = bodyOf<RollbackOutcome>(plan);
      expect(bodyOf<RollbackOutcome>(plan).action.status).toBe("planned");
      expectProblem(await rollback(original.id, ["Reader", "Remediator"], { dryRun: false, reason: "legacy client", digest: review.digest }), 403);
      expectProblem(await rollback(original.id, ["Approver"], { dryRun: false, reason: "legacy client", digest: "0".repeat(64) }), 412);
      expect(writesTo(stack.emulator)).toBe(0);

      const applied = await rollback(original.id, ["Approver"], { dryRun: false, reason: "legacy client", etag: review.etag, exceptionDays: 7 });
      expect(applied.status).toBe(200);
      const outcome = bodyOf<RollbackOutcome>(applied);
      expect(outcome).toMatchObject({
        action: { status: "applied", reason: "legacy client" },
        exception: { kind: "rollback", by: expect.stringMatching(/^user:alice/) },
        ticket: { kind: "ticket", status: "pending" },
      });
      expect(Date.parse(outcome.exception!.expires!) - Date.parse(outcome.exception!.since)).toBe(7 * 86_400_000);
      expect(tls(stack, 4)).toBe("TLS1_0");
      expect(topic.received.map((e) => e.eventType)).toContain("EncryptionGuard.RollbackApplied");

      // The exception holds automatic fixing back, until an Approver clears it.
      stack.emulator.write(storageId(4), { tags: { owner: "team-a" } }, USER);
      await resourceChangedHandler(stack.factory)(stack.emulator.events.at(-1) as unknown as EventGridEvent, context());
      await stack.drain();
      expect(tls(stack, 4)).toBe("TLS1_0");
      const clear = (roles: string[]) =>
        call(clearExceptionHandler, apiRequest("POST", "exceptions/clear", { body: { resourceId: storageId(4), controlId: "storage.min-tls", reason: "client upgraded" }, headers: as(roles) }));
      expectProblem(await clear(["Reader", "Remediator"]), 403);
      expect(bodyOf(await clear(["Approver"]))).toMatchObject({ cleared: { kind: "rollback" }, by: expect.stringMatching(/^user:alice/), reason: "client upgraded" });
      expectProblem(await clear(["Approver"]), 404);
      stack.emulator.write(storageId(4), { tags: { owner: "team-b" } }, USER);
      await resourceChangedHandler(stack.factory)(stack.emulator.events.at(-1) as unknown as EventGridEvent, context());
      await stack.drain();
      expect(tls(stack, 4)).toBe("TLS1_2");
    });

    it("refuses a forged ledger row: one not sealed with the deployment's key, and one the fix's control does not vouch for", async () => {
      const original = await appliedFix(stack, 5);
      // The forger writes "after" values that match the account as it is, so only the paths give the row away.
      const now = (path: string) => valueAt(stack.emulator.store.get(storageId(5)), path) ?? null;
      const opened = [
        { path: "properties.networkRuleSet.defaultAction", before: "Allow", after: now("properties.networkRuleSet.defaultAction") },
        { path: "properties.allowBlobPublicAccess", before: true, after: now("properties.allowBlobPublicAccess") },
      ];
      const widened: ActionRecord = { ...original, id: "6d9c0b1e-0000-4000-8000-0000000f0001", fix: { ...original.fix!, changes: [...original.fix!.changes, ...opened] } };
      // Someone with write access to the ledger's table, without the key.
      await new Ledger(stack.runtime.ledger.tables, { seal: new LedgerSeal([randomBytes(32)]) }).recordAction(widened);
      stack.emulator.clearRequests();
      const tampered = await rollback(widened.id, ["Approver"], { dryRun: false, reason: "r", digest: "0".repeat(64) });
      expectProblem(tampered, 409);
      expect(bodyOf(tampered)).toMatchObject({ refusal: "tampered", detail: expect.stringContaining("fails its integrity check") });
      expectProblem(await call(getActionHandler, apiRequest("GET", `actions/${widened.id}`, { params: { id: widened.id }, headers: as(["Reader"]) })), 409);

      // The same row sealed with the deployment's key (a bug, or a stolen key): the control refuses its paths.
      await stack.runtime.ledger.recordAction(widened);
      const plan = await rollback(widened.id, ["Approver"]);
      expectProblem(plan, 409);
      expect(bodyOf(plan)).toMatchObject({ refusal: "not-reversible", detail: expect.stringContaining("is not a property storage.min-tls's fix changes") });
      expect(writesTo(stack.emulator)).toBe(0);
      expect(valueAt(stack.emulator.store.get(storageId(5)), "properties.allowBlobPublicAccess")).not.toBe(true);
    });
  });

  describe("GUARD_DRY_RUN=true cannot be overridden per request", () => {
    let stack: GuardStack;
    const call = (handler: (f: RuntimeFactory) => Handler, request: HttpRequest) => handler(stack.factory)(request, context("api"));
    const everyRole = signedIn(["Reader", "Remediator", "Approver"]);

    beforeAll(async () => {
      stack = await startGuardStack({ emulator: { estate: reliabilityEstate(3), subscriptions: [SUBSCRIPTION] }, env: PLATFORM_AUTHENTICATION, dryRun: true, policy: DEFAULT_POLICY });
    });
    afterAll(() => stack.stop());

    it("dryRun: false on every route writes nothing", async () => {
      const scan = await call(scanResourceHandler, apiRequest("POST", "scan-resource", { body: { resourceId: storageId(0), dryRun: false }, headers: everyRole }));
      expect(bodyOf<{ actions: { status: string }[] }>(scan).actions).toEqual([expect.objectContaining({ status: "planned" })]);
      const fix = await call(remediationsHandler, apiRequest("POST", "remediations", { body: { resourceId: storageId(1), controlId: "storage.min-tls", dryRun: false }, headers: everyRole }));
      expect(bodyOf(fix)).toMatchObject({ action: { status: "planned" } });
      expect((await call(sweepsHandler, apiRequest("POST", "sweeps", { body: { scope: `/subscriptions/${SUBSCRIPTION}`, dryRun: false }, headers: everyRole }))).status).toBe(202);
      await stack.drain();
      const legacy = await call(legacyScanHandler, apiRequest("POST", "scan", { body: { subscriptionId: SUBSCRIPTION, dryRun: false }, headers: everyRole }));
      expect(legacy.status).toBe(200);
      expect(writesTo(stack.emulator)).toBe(0);
      expect([tls(stack, 0), tls(stack, 1)]).toEqual(["TLS1_0", "TLS1_0"]);

      // A fix the deployment made before it was switched to dry run, rolled back now: planned only.
      const original = await appliedFix(stack, 2);
      stack.emulator.clearRequests();
      const plan = bodyOf<RollbackOutcome>(await call(rollbackHandler, apiRequest("POST", `actions/${original.id}/rollback`, { params: { id: original.id }, headers: everyRole })));
      const applied = await call(
        rollbackHandler,
        apiRequest("POST", `actions/${original.id}/rollback`, { params: { id: original.id }, body: { dryRun: false, reason: "r", digest: plan.review.digest }, headers: everyRole }),
      );
      expect(bodyOf<RollbackOutcome>(applied)).toMatchObject({ action: { status: "planned" } });
      expect(writesTo(stack.emulator)).toBe(0);
      expect(tls(stack, 2)).toBe("TLS1_2");
    });
  });
});
