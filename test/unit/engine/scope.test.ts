import { describe, expect, it } from "vitest";
import { DEFAULT_POLICY, parsePolicy } from "../../../shared/config/index.ts";
import { inScope } from "../../../shared/engine/scope.ts";

const SUB_A = "00000000-0000-0000-0000-00000000000a";
const SUB_B = "00000000-0000-0000-0000-00000000000b";
const resource = (sub: string, rg: string) => `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.KeyVault/vaults/kv1`;

const policy = parsePolicy(`scopes:\n  subscriptions: [${SUB_A.toUpperCase()}]\n  includeResourceGroups: ["app-*", shared]\n  excludeResourceGroups: ["app-sandbox*"]\n`, "scope.yaml");

describe("inScope", () => {
  it("accepts any well-formed id when no scopes are configured", () => {
    expect(inScope(resource(SUB_B, "anything"), DEFAULT_POLICY)).toEqual({ ok: true });
  });

  it("accepts resources in a listed subscription and an included group, case-insensitively", () => {
    expect(inScope(resource(SUB_A, "APP-Payments"), policy)).toEqual({ ok: true });
    expect(inScope(resource(SUB_A, "Shared"), policy)).toEqual({ ok: true });
  });

  it("refuses other subscriptions", () => {
    expect(inScope(resource(SUB_B, "app-payments"), policy)).toEqual({ ok: false, reason: `subscription ${SUB_B} is not in scopes.subscriptions` });
  });

  it("refuses groups outside the include list and groups excluded, exclusion winning", () => {
    expect(inScope(resource(SUB_A, "data"), policy)).toEqual({ ok: false, reason: "resource group data is not in scopes.includeResourceGroups" });
    expect(inScope(resource(SUB_A, "app-sandbox-1"), policy)).toEqual({
      ok: false,
      reason: "resource group app-sandbox-1 is excluded by scopes.excludeResourceGroups (app-sandbox*)",
    });
  });

  it("checks subscription and resource group ids that a scan targets", () => {
    expect(inScope(`/subscriptions/${SUB_A}`, policy)).toEqual({ ok: true });
    expect(inScope(`/subscriptions/${SUB_A}/resourceGroups/app-web/`, policy)).toEqual({ ok: true });
    expect(inScope(`/subscriptions/${SUB_A}/resourceGroups/data`, policy).ok).toBe(false);
  });

  it("refuses malformed ids with the parser's reason", () => {
    const notAnId = inScope("/subscriptions/../resourceGroups/x", policy);
    expect(notAnId.ok).toBe(false);
    expect(inScope("not-an-id", DEFAULT_POLICY)).toEqual({ ok: false, reason: 'invalid resource id "not-an-id": must start with /subscriptions/' });
    expect(inScope("/subscriptions/not-a-guid/resourceGroups/rg", DEFAULT_POLICY)).toEqual({ ok: false, reason: 'subscription id "not-a-guid" is not a GUID' });
    expect(inScope(`/subscriptions/${SUB_A}/resourceGroups/rg/providers/Microsoft.KeyVault/vaults`, DEFAULT_POLICY).ok).toBe(false);
  });
});
