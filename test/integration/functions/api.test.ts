import { HttpRequest, type EventGridEvent, type HttpResponseInit } from "@azure/functions";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { getActionHandler, rollbackHandler } from "../../../functions/actions.ts";
import { findingsHandler } from "../../../functions/findings.ts";
import { remediationsHandler } from "../../../functions/remediations.ts";
import { resourceChangedHandler } from "../../../functions/resourceChanged.ts";
import { legacyScansHandler } from "../../../functions/deprecatedRoutes.ts";
import { sweepsHandler } from "../../../functions/sweeps.ts";
import { DEFAULT_POLICY } from "../../../shared/config/policy.ts";
import { valueAt } from "../../../shared/controls/index.ts";
import type { ActionRecord, StoredFinding } from "../../../shared/store/index.ts";
import { context, PLATFORM_AUTHENTICATION, startGuardStack, USER, writesTo, type GuardStack } from "../../setup/stack.ts";
import { ALICE, signedIn } from "../../support/principal.ts";
import { ids, reliabilityEstate, storageId, SUBSCRIPTION } from "../reliability/estate.ts";

const OTHER_SUBSCRIPTION = "9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a";
const outside = storageId(0).replace(SUBSCRIPTION, OTHER_SUBSCRIPTION);

type Handler = (request: HttpRequest, ctx: ReturnType<typeof context>) => Promise<HttpResponseInit>;

/** Alice holds every role of the API; the security tests take roles away. */
const EVERY_ROLE = signedIn(["Reader", "Remediator", "Approver"]);

function request(method: string, url: string, body?: unknown, params: Record<string, string> = {}): HttpRequest {
  return new HttpRequest({
    method,
    url: `https://guard.example/api/${url}`,
    params,
    headers: EVERY_ROLE,
    ...(body === undefined ? {} : { body: { string: typeof body === "string" ? body : JSON.stringify(body) } }),
  });
}

const bodyOf = <T>(response: HttpResponseInit) => response.jsonBody as T;
const problemFields = (response: HttpResponseInit) => bodyOf<{ errors?: { field: string }[] }>(response).errors?.map((e) => e.field) ?? [];

function expectProblem(response: HttpResponseInit, status: number, field?: string): void {
  expect(response.status).toBe(status);
  expect((response.headers as Record<string, string>)["content-type"]).toBe("application/problem+json");
  expect(bodyOf<{ status: number; title: string; detail: string }>(response)).toMatchObject({ status, title: expect.any(String), detail: expect.any(String) });
  if (field) expect(problemFields(response)).toContain(field);
}

describe("HTTP API", () => {
  let stack: GuardStack;
  const call = (handler: (f: GuardStack["factory"]) => Handler, req: HttpRequest) => handler(stack.factory)(req, context("api"));

  beforeAll(async () => {
    // Policy scopes leave out one resource group: ids there are refused like other subscriptions'.
    stack = await startGuardStack({
      emulator: { estate: reliabilityEstate(4), subscriptions: [SUBSCRIPTION] },
      policy: { ...DEFAULT_POLICY, scopes: { ...DEFAULT_POLICY.scopes, excludeResourceGroups: ["rg-frozen"] } },
      env: PLATFORM_AUTHENTICATION,
    });
  });
  afterAll(() => stack.stop());
  beforeEach(() => stack.emulator.clearRequests());

  describe("POST /api/sweeps", () => {
    it("queues a sharded scan of a subscription and answers 202 with where the findings appear", async () => {
      const response = await call(sweepsHandler, request("POST", "sweeps", { scope: `/subscriptions/${SUBSCRIPTION}` }));
      expect(response.status).toBe(202);
      expect(bodyOf(response)).toMatchObject({ scanId: expect.any(String), queued: { shards: expect.any(Number) } });
      expect((response.headers as Record<string, string>).location).toBe(`/api/findings?subscription=${SUBSCRIPTION}`);
      expect(stack.emulator.requests).toHaveLength(0);
      await stack.drain();
      expect(valueAt(stack.emulator.store.get(storageId(3)), "properties.minimumTlsVersion")).toBe("TLS1_2");
    });

    it("answers under its old name, POST /api/scans, for one release, marked deprecated", async () => {
      const response = await call(legacyScansHandler, request("POST", "scans", { scope: storageId(0), dryRun: true }));
      expect(response.status).toBe(202);
      expect(response.headers).toMatchObject({ deprecation: "true", link: '</api/sweeps>; rel="successor-version"' });
      expect((await stack.drain()).failed).toBe(0);
    });

    it("queues one resource, or one resource group", async () => {
      expect((await call(sweepsHandler, request("POST", "sweeps", { scope: storageId(0), dryRun: true }))).status).toBe(202);
      expect(bodyOf(await call(sweepsHandler, request("POST", "sweeps", { scope: `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-app` })))).toMatchObject({ queued: { shards: expect.any(Number) } });
      expect((await stack.drain()).failed).toBe(0);
    });

    it.each([
      [{}, "scope"],
      [{ scope: 7 }, "scope"],
      [{ scope: "" }, "scope"],
      [{ scope: "/subscriptions/not-a-guid" }, "scope"],
      [{ scope: "/subscriptions/x/storage" }, "scope"],
      [{ scope: `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-app/providers/Microsoft.Network/virtualNetworks/vnet` }, "scope"],
      [{ scope: `/subscriptions/${SUBSCRIPTION}`, dryRun: "yes" }, "dryRun"],
      [{ scope: `/subscriptions/${SUBSCRIPTION}`, extra: 1 }, "(body)"],
      ["{not json", "(body)"],
    ])("answers 400 problem+json naming the field for %j", async (body, field) => {
      expectProblem(await call(sweepsHandler, request("POST", "sweeps", body)), 400, field);
      expect(await stack.runtime.queue.depth()).toBe(0);
    });

    it.each([[`/subscriptions/${OTHER_SUBSCRIPTION}`], [outside], [`/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-frozen`]])(
      "refuses %s outside the scopes with 403 before queuing anything",
      async (scope) => {
        expectProblem(await call(sweepsHandler, request("POST", "sweeps", { scope })), 403, "scope");
        expect(await stack.runtime.queue.depth()).toBe(0);
      },
    );
  });

  describe("GET /api/findings", () => {
    const get = (query: string) => call(findingsHandler, new HttpRequest({ method: "GET", url: `https://guard.example/api/findings?${query}`, headers: EVERY_ROLE }));

    it("filters by control, status, subscription and classification", async () => {
      const response = await get(`control=storage.min-tls&status=compliant&subscription=${SUBSCRIPTION}&classification=general`);
      expect(response.status).toBe(200);
      const { findings } = bodyOf<{ findings: StoredFinding[] }>(response);
      expect(findings.length).toBeGreaterThanOrEqual(5);
      expect(findings.every((f) => f.controlId === "storage.min-tls" && f.status === "compliant" && f.classification === "general")).toBe(true);
      expect(findings[0]).toMatchObject({ firstSeen: expect.any(String), lastSeen: expect.any(String), evidence: { path: "properties.minimumTlsVersion" } });
    });

    it("pages with limit and continuationToken", async () => {
      const first = bodyOf<{ findings: StoredFinding[]; continuationToken?: string }>(await get(`subscription=${SUBSCRIPTION}&limit=2`));
      expect(first.findings).toHaveLength(2);
      expect(first.continuationToken).toBeDefined();
      const second = bodyOf<{ findings: StoredFinding[] }>(await get(`subscription=${SUBSCRIPTION}&limit=2&continuationToken=${encodeURIComponent(first.continuationToken!)}`));
      expect(second.findings).toHaveLength(2);
      expect(second.findings[0]).not.toEqual(first.findings[0]);
    });

    it.each([
      ["status=broken", "status"],
      ["classification=secret", "classification"],
      ["control=storage.nope", "control"],
      ["subscription=abc", "subscription"],
      ["limit=0", "limit"],
      ["limit=lots", "limit"],
      ["colour=blue", "(body)"],
    ])("answers 400 for %s", async (query, field) => {
      expectProblem(await get(query), 400, field);
    });

    it("refuses a subscription outside the scopes with 403", async () => {
      expectProblem(await get(`subscription=${OTHER_SUBSCRIPTION}`), 403, "subscription");
    });

    it("accepts the function key as ?code=, one of the documented ways to pass it", async () => {
      const response = await get(`code=not-read-by-the-handler&control=storage.min-tls&subscription=${SUBSCRIPTION}&limit=1`);
      expect(response.status).toBe(200);
      expect(bodyOf<{ findings: StoredFinding[] }>(response).findings).toHaveLength(1);
    });
  });

  describe("POST /api/remediations, GET /api/actions/{id}, POST /api/actions/{id}/rollback", () => {
    const remediate = (body: unknown) => call(remediationsHandler, request("POST", "remediations", body));
    const getAction = (id: string) => call(getActionHandler, request("GET", `actions/${id}`, undefined, { id }));
    const rollback = (id: string, body?: unknown) => call(rollbackHandler, request("POST", `actions/${id}/rollback`, body, { id }));

    it("plans by default (dryRun true) and writes nothing", async () => {
      stack.emulator.write(storageId(1), { properties: { minimumTlsVersion: "TLS1_0" } }, USER);
      const response = await remediate({ resourceId: storageId(1), controlId: "storage.min-tls" });
      expect(response.status).toBe(200);
      expect(bodyOf(response)).toMatchObject({
        finding: { status: "noncompliant" },
        action: { kind: "remediation", status: "planned", fix: { changes: [{ path: "properties.minimumTlsVersion", before: "TLS1_0", after: "TLS1_2" }] } },
      });
      expect(writesTo(stack.emulator)).toBe(0);
    });

    it("applies with dryRun false, as the signed-in person; the action can be read back, reviewed and rolled back once", async () => {
      const response = await remediate({ resourceId: storageId(1), controlId: "storage.min-tls", dryRun: false });
      expect(response.status).toBe(200);
      const { action } = bodyOf<{ action: ActionRecord }>(response);
      expect(action).toMatchObject({ status: "applied", actor: `user:${ALICE.name} (oid ${ALICE.oid})` });
      expect(valueAt(stack.emulator.store.get(storageId(1)), "properties.minimumTlsVersion")).toBe("TLS1_2");

      const read = await getAction(action.id);
      expect(read.status).toBe(200);
      expect(bodyOf(read)).toMatchObject({ id: action.id, status: "applied", fix: { changes: [{ before: "TLS1_0" }] }, after: { "properties.minimumTlsVersion": "TLS1_2" } });
      expect((read.headers as Record<string, string>).etag).toEqual(expect.any(String));

      const plan = await rollback(action.id);
      expect(plan.status).toBe(200);
      const { review } = bodyOf<{ action: ActionRecord; review: { digest: string; etag: string } }>(plan);
      expect(bodyOf(plan)).toMatchObject({ action: { kind: "rollback", status: "planned", rollbackOf: action.id } });
      expect(valueAt(stack.emulator.store.get(storageId(1)), "properties.minimumTlsVersion")).toBe("TLS1_2");

      const undone = await rollback(action.id, { dryRun: false, reason: "the legacy client cannot do TLS 1.2 yet", digest: review.digest });
      expect(undone.status).toBe(200);
      expect(bodyOf(undone)).toMatchObject({
        action: { kind: "rollback", status: "applied", rollbackOf: action.id, actor: `user:${ALICE.name} (oid ${ALICE.oid})`, reason: "the legacy client cannot do TLS 1.2 yet" },
        exception: { kind: "rollback", expires: expect.any(String), by: `user:${ALICE.name} (oid ${ALICE.oid})` },
        ticket: { kind: "ticket", status: "pending", exception: { kind: "rollback" } },
      });
      expect(valueAt(stack.emulator.store.get(storageId(1)), "properties.minimumTlsVersion")).toBe("TLS1_0");
      expectProblem(await rollback(action.id), 409);
    });

    it("a person can still ask for a fix the rollback's exception holds back from automatic fixing", async () => {
      const response = await remediate({ resourceId: storageId(1), controlId: "storage.min-tls", dryRun: false });
      expect(bodyOf(response)).toMatchObject({ action: { status: "applied" } });
    });

    it("answers 200 without an action when the resource is already compliant", async () => {
      const response = await remediate({ resourceId: ids.goodStorage, controlId: "storage.min-tls", dryRun: false });
      expect(response.status).toBe(200);
      expect(bodyOf(response)).toMatchObject({ finding: { status: "compliant" }, action: null });
    });

    it("answers 409 when the fix will not be made, saying why", async () => {
      // Customer-managed keys apply from confidential up; this account is general.
      const response = await remediate({ resourceId: storageId(2), controlId: "storage.cmk", dryRun: false });
      expectProblem(response, 409);
      expect(bodyOf<{ detail: string }>(response).detail).toContain("not-applicable");
    });

    it("answers 404 for a resource ARM does not have", async () => {
      expectProblem(await remediate({ resourceId: storageId(99), controlId: "storage.min-tls" }), 404);
    });

    it.each([
      [{ controlId: "storage.min-tls" }, "resourceId"],
      [{ resourceId: storageId(1) }, "controlId"],
      [{ resourceId: "storage-account-1", controlId: "storage.min-tls" }, "resourceId"],
      [{ resourceId: storageId(1), controlId: "storage.nope" }, "controlId"],
      [{ resourceId: storageId(1), controlId: "sql.tde" }, "controlId"],
      [{ resourceId: storageId(1), controlId: "storage.min-tls", dryRun: "no" }, "dryRun"],
      [{ resourceId: storageId(1), controlId: "storage.min-tls", force: true }, "(body)"],
    ])("answers 400 naming the field for %j", async (body, field) => {
      expectProblem(await remediate(body), 400, field);
      expect(stack.emulator.requests).toHaveLength(0);
    });

    it("refuses ids outside the scopes with 403 before any ARM call", async () => {
      expectProblem(await remediate({ resourceId: outside, controlId: "storage.min-tls", dryRun: false }), 403, "resourceId");
      expectProblem(await remediate({ resourceId: storageId(1).replace("rg-app", "rg-frozen"), controlId: "storage.min-tls" }), 403, "resourceId");
      expect(stack.emulator.requests).toHaveLength(0);
    });

    it("answers 400 for a malformed action id and 404 for an unknown one", async () => {
      expectProblem(await getAction("not-a-guid"), 400, "id");
      expectProblem(await getAction("6d9c0b1e-0000-4000-8000-000000000000"), 404);
      expectProblem(await rollback("not-a-guid"), 400, "id");
      expectProblem(await rollback("6d9c0b1e-0000-4000-8000-000000000000"), 404);
    });

    it("refuses to roll back an action that changed nothing (a dry run), or with a bad body", async () => {
      stack.emulator.write(storageId(3), { properties: { minimumTlsVersion: "TLS1_0" } }, USER);
      const planned = bodyOf<{ action: ActionRecord }>(await remediate({ resourceId: storageId(3), controlId: "storage.min-tls" })).action;
      expectProblem(await rollback(planned.id), 409);
      expectProblem(await rollback(planned.id, { dryRun: "yes" }), 400, "dryRun");
      expectProblem(await rollback(planned.id, { dryRun: false }), 400, "reason");
      expectProblem(await rollback(planned.id, { dryRun: false, reason: "r" }), 400, "digest");
    });
  });

  it("an event for a resource outside the scopes is ignored by the intake", async () => {
    stack.emulator.clearRequests();
    const event = { ...stack.emulator.events.at(-1)!, id: "outside", subject: outside, data: { ...stack.emulator.events.at(-1)!.data, resourceUri: outside, subscriptionId: OTHER_SUBSCRIPTION } };
    const outcome = await resourceChangedHandler(stack.factory)(event as unknown as EventGridEvent, context());
    expect(outcome).toMatchObject({ queued: 0, ignored: [{ eventId: "outside", reason: expect.stringContaining("GUARD_SUBSCRIPTION_IDS") }] });
  });
});
