import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_SUBSCRIPTION_ID, type RunningEmulator } from "../../../emulator/index.ts";
import { raw, start } from "./harness.ts";

const SUB = DEMO_SUBSCRIPTION_ID;
const STORAGE = `/subscriptions/${SUB}/resourceGroups/rg-legacy/providers/Microsoft.Storage/storageAccounts/stlegacyreports`;

describe("emulator ARM protocol", () => {
  let emu: RunningEmulator;
  beforeAll(async () => {
    emu = await start({ estate: "demo", throttle: {} });
  });
  afterAll(() => emu.stop());

  it("lists and reads subscriptions", async () => {
    const list = await raw(emu, "GET", "/subscriptions?api-version=2022-12-01");
    expect(list.status).toBe(200);
    expect(list.body.value.map((s: { subscriptionId: string }) => s.subscriptionId)).toEqual([SUB]);
    const one = await raw(emu, "GET", `/subscriptions/${SUB}?api-version=2022-12-01`);
    expect(one.body).toMatchObject({ id: `/subscriptions/${SUB}`, state: "Enabled" });
    const groups = await raw(emu, "GET", `/subscriptions/${SUB}/resourcegroups?api-version=2021-04-01`);
    expect(groups.body.value.map((g: { name: string }) => g.name).sort()).toEqual(["rg-data-prod", "rg-legacy", "rg-payments-prod", "rg-web-prod"]);
  });

  it("requires a bearer token, answering 401 with an ARM error body", async () => {
    const res = await raw(emu, "GET", `${STORAGE}?api-version=2026-09-01`, { bearer: false });
    expect(res.status).toBe(401);
    expect(res.headers["content-type"]).toMatch(/^application\/json/);
    expect(res.body.error.code).toBe("AuthenticationFailed");
  });

  it("requires an api-version of ARM's format, except on nextLink pages", async () => {
    expect((await raw(emu, "GET", STORAGE)).body.error.code).toBe("MissingApiVersionParameter");
    expect((await raw(emu, "GET", `${STORAGE}?api-version=latest`)).body.error.code).toBe("InvalidApiVersionParameter");
    expect((await raw(emu, "GET", `${STORAGE}?api-version=2019-06-01`)).status).toBe(200);
    expect((await raw(emu, "GET", `${STORAGE}?api-version=2017-12-01-preview`)).status).toBe(200);
    const list = `/subscriptions/${SUB}/providers/Microsoft.Storage/storageAccounts`;
    const first = await raw(emu, "GET", `${list}?api-version=2026-09-01&$top=1`);
    const token = new URL(first.body.nextLink).searchParams.get("$skiptoken");
    expect((await raw(emu, "GET", `${list}?$skiptoken=${token}`)).status).toBe(200);
  });

  it("routes case-insensitively and collapses repeated slashes", async () => {
    const upper = await raw(emu, "GET", `${STORAGE.toUpperCase().replace(SUB.toUpperCase(), SUB)}?api-version=2026-09-01`);
    expect(upper.status).toBe(200);
    expect(upper.body.id).toBe(STORAGE);
    const doubled = await raw(emu, "GET", `//${STORAGE.slice(1).replace("/providers/", "//providers/")}?api-version=2026-09-01`);
    expect(doubled.status).toBe(200);
    expect(doubled.body.name).toBe("stlegacyreports");
  });

  it("answers 404 with the ARM error codes for a missing resource, group, parent and subscription", async () => {
    const rg = `/subscriptions/${SUB}/resourceGroups`;
    const cases: Array<[string, string]> = [
      [`${rg}/rg-legacy/providers/Microsoft.Storage/storageAccounts/nosuch`, "ResourceNotFound"],
      [`${rg}/rg-nosuch/providers/Microsoft.Storage/storageAccounts/stlegacyreports`, "ResourceGroupNotFound"],
      [`${rg}/rg-legacy/providers/Microsoft.Sql/servers/nosuch/databases/db1`, "ParentResourceNotFound"],
      [`/subscriptions/00000000-0000-0000-0000-000000000000/providers/Microsoft.Storage/storageAccounts`, "SubscriptionNotFound"],
    ];
    for (const [path, code] of cases) {
      const res = await raw(emu, "GET", `${path}?api-version=2024-01-01`);
      expect({ path, status: res.status, code: res.body.error.code }).toEqual({ path, status: 404, code });
    }
  });

  it("sends the remaining-requests header of the request's kind on every answer", async () => {
    const read = await raw(emu, "GET", `${STORAGE}?api-version=2026-09-01`);
    expect(Number(read.headers["x-ms-ratelimit-remaining-subscription-reads"])).toBeGreaterThan(0);
    const missing = await raw(emu, "GET", `${STORAGE}x?api-version=2026-09-01`);
    expect(missing.headers["x-ms-ratelimit-remaining-subscription-reads"]).toBeDefined();
    const write = await raw(emu, "PATCH", `${STORAGE}?api-version=2026-09-01`, { body: { tags: { owner: "test" } } });
    expect(write.status).toBe(200);
    expect(Number(write.headers["x-ms-ratelimit-remaining-subscription-writes"])).toBeGreaterThan(0);
  });

  it("answers 429 SubscriptionRequestsThrottled with Retry-After when the bucket is empty", async () => {
    emu.throttle.set({ reads: { burst: 2, perSecond: 0.5 } });
    try {
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push(await raw(emu, "GET", `${STORAGE}?api-version=2026-09-01`));
      expect(statuses.map((r) => r.status)).toEqual([200, 200, 429]);
      const throttled = statuses[2]!;
      expect(throttled.body.error.code).toBe("SubscriptionRequestsThrottled");
      expect(Number(throttled.headers["retry-after"])).toBeGreaterThanOrEqual(1);
      expect(throttled.headers["x-ms-ratelimit-remaining-subscription-reads"]).toBe("0");
      expect(emu.requests.at(-1)).toMatchObject({ status: 429, throttled: true });
    } finally {
      emu.throttle.set(false);
    }
  });

  it("logs every request with its status, api-version, client request id and write body", async () => {
    emu.clearRequests();
    await raw(emu, "PATCH", `${STORAGE}?api-version=2026-09-01`, { body: { tags: { a: "b" } }, headers: { "x-ms-client-request-id": "req-1" } });
    expect(emu.requests).toEqual([expect.objectContaining({ method: "PATCH", path: STORAGE, apiVersion: "2026-09-01", status: 200, clientRequestId: "req-1", body: { tags: { a: "b" } } })]);
  });

  it("serves the generic resource list with a resourceType filter", async () => {
    const res = await raw(emu, "GET", `/subscriptions/${SUB}/resources?$filter=${encodeURIComponent("resourceType eq 'Microsoft.KeyVault/vaults'")}&api-version=2015-11-01`);
    expect(res.body.value.map((r: { name: string }) => r.name).sort()).toEqual(["kv-apps-prod", "kv-legacy", "kv-payments-prod"]);
    expect(res.body.value[0].properties).toBeUndefined();
  });
});
