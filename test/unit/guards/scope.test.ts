import { describe, expect, it } from "vitest";
import { DEFAULT_POLICY, parsePolicy } from "../../../shared/config/index.ts";
import { checkScope, checkWriteTarget, serviceScope } from "../../../shared/guards/scope.ts";

const SUB_A = "00000000-0000-0000-0000-00000000000a";
const SUB_B = "00000000-0000-0000-0000-00000000000b";
const SUB_C = "00000000-0000-0000-0000-00000000000c";
const resource = (sub: string, rg: string) => `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.KeyVault/vaults/kv1`;

const policy = parsePolicy(`scopes:\n  subscriptions: [${SUB_A.toUpperCase()}]\n  includeResourceGroups: ["app-*", shared]\n  excludeResourceGroups: ["app-sandbox*"]\n`, "scope.yaml");
const scoped = serviceScope(policy, []);

describe("checkScope", () => {
  it("accepts any well-formed id when neither the settings nor the policy name subscriptions", () => {
    expect(checkScope(serviceScope(DEFAULT_POLICY, []), resource(SUB_B, "anything"))).toEqual({ ok: true });
  });

  it("accepts resources in a listed subscription and an included group, case-insensitively", () => {
    expect(checkScope(scoped, resource(SUB_A, "APP-Payments"))).toEqual({ ok: true });
    expect(checkScope(scoped, resource(SUB_A, "Shared"))).toEqual({ ok: true });
  });

  it("refuses other subscriptions", () => {
    expect(checkScope(scoped, resource(SUB_B, "app-payments"))).toEqual({ ok: false, reason: expect.stringContaining(`subscription ${SUB_B} is not one this service guards`) });
  });

  it("guards the intersection of the settings' subscriptions and the policy's", () => {
    const both = serviceScope(policy, [SUB_A, SUB_B]);
    expect(both.subscriptions).toEqual([SUB_A]);
    expect(checkScope(both, resource(SUB_B, "app-x")).ok).toBe(false);
    expect(checkScope(serviceScope(DEFAULT_POLICY, [SUB_C]), resource(SUB_A, "app-x")).ok).toBe(false);
    const disjoint = serviceScope(policy, [SUB_C]);
    expect(disjoint.subscriptions).toEqual([]);
    expect([checkScope(disjoint, resource(SUB_A, "app-x")).ok, checkScope(disjoint, resource(SUB_C, "app-x")).ok]).toEqual([false, false]);
  });

  it("counts a management group's members on either side, as the membership last resolved them", () => {
    const members = { contains: (groups: readonly string[], subscriptionId: string) => groups.includes("mg-prod") && subscriptionId === SUB_B };
    const byGroup = serviceScope(DEFAULT_POLICY, [SUB_A], { managementGroups: ["mg-prod"], members });
    expect([checkScope(byGroup, resource(SUB_A, "x")).ok, checkScope(byGroup, resource(SUB_B, "x")).ok, checkScope(byGroup, resource(SUB_C, "x")).ok]).toEqual([true, true, false]);
    // The policy's groups narrow what the settings allow: SUB_A is guarded but in none of the policy's groups.
    const policyGroups = serviceScope(parsePolicy("scopes:\n  managementGroups: [mg-prod]\n", "mg.yaml"), [SUB_A, SUB_B], { members });
    expect(checkScope(policyGroups, resource(SUB_B, "x")).ok).toBe(true);
    expect(checkScope(policyGroups, resource(SUB_A, "x"))).toEqual({ ok: false, reason: expect.stringContaining("scopes.managementGroups leave it out") });
  });

  it("refuses groups outside the include list and groups excluded, exclusion winning", () => {
    expect(checkScope(scoped, resource(SUB_A, "data"))).toEqual({ ok: false, reason: "resource group data is not in scopes.includeResourceGroups" });
    expect(checkScope(scoped, resource(SUB_A, "app-sandbox-1"))).toEqual({
      ok: false,
      reason: "resource group app-sandbox-1 is excluded by scopes.excludeResourceGroups (app-sandbox*)",
    });
  });

  it("checks subscription and resource group ids that a scan targets", () => {
    expect(checkScope(scoped, `/subscriptions/${SUB_A}`)).toEqual({ ok: true });
    expect(checkScope(scoped, `/subscriptions/${SUB_A}/resourceGroups/app-web/`)).toEqual({ ok: true });
    expect(checkScope(scoped, `/subscriptions/${SUB_A}/resourceGroups/data`).ok).toBe(false);
  });

  it("refuses an encoded group that would decode to an excluded one, and malformed ids, with the parser's reason", () => {
    const excluded = serviceScope(parsePolicy("scopes:\n  excludeResourceGroups: [rg-legacy]\n", "p.yaml"), []);
    expect(checkScope(excluded, resource(SUB_A, "rg%2Dlegacy"))).toEqual({ ok: false, reason: expect.stringContaining("percent sign") });
    expect(checkScope(excluded, resource(SUB_A, "RG-Legacy")).ok).toBe(false);
    expect(checkScope(scoped, "/subscriptions/../resourceGroups/x").ok).toBe(false);
    expect(checkScope(scoped, "not-an-id")).toEqual({ ok: false, reason: 'invalid resource id "not-an-id": must start with /subscriptions/' });
    expect(checkScope(scoped, "/subscriptions/not-a-guid/resourceGroups/rg")).toEqual({
      ok: false,
      reason: 'invalid resource id "/subscriptions/not-a-guid/resourceGroups/rg": subscription id "not-a-guid" is not a GUID',
    });
    expect(checkScope(scoped, `/subscriptions/${SUB_A}/resourceGroups/rg/providers/Microsoft.KeyVault/vaults`).ok).toBe(false);
  });
});

describe("checkWriteTarget", () => {
  const excluded = serviceScope(parsePolicy("scopes:\n  excludeResourceGroups: [rg-legacy]\n", "p.yaml"), [SUB_A]);
  const db = `/subscriptions/${SUB_A}/resourceGroups/rg-app/providers/Microsoft.Sql/servers/s1/databases/db1`;

  it("lets a write to the target or its child through", () => {
    expect(checkWriteTarget(excluded, db, db.toUpperCase().replace(`/SUBSCRIPTIONS/${SUB_A.toUpperCase()}`, `/subscriptions/${SUB_A}`))).toEqual({ ok: true });
    expect(checkWriteTarget(excluded, db, `${db}/transparentDataEncryption/current`)).toEqual({ ok: true });
  });

  it("refuses a document that is not the target, and a target outside the scopes even when both agree", () => {
    expect(checkWriteTarget(excluded, db, db.replace("db1", "db2"))).toEqual({ ok: false, reason: expect.stringContaining("not /subscriptions/") });
    const legacy = db.replace("rg-app", "rg-legacy");
    expect(checkWriteTarget(excluded, legacy, legacy)).toEqual({ ok: false, reason: expect.stringContaining("excluded by scopes.excludeResourceGroups") });
    expect(checkWriteTarget(excluded, db, db.replace("rg-app", "rg-app/..")).ok).toBe(false);
  });
});
