import { describe, expect, it } from "vitest";
import { z } from "zod";
import { defineControl, policyParamsSchema, requiredFixParams } from "../../../shared/controls/index.ts";
import { keyVersionParam, resourceIdParam, vaultUriParam } from "../../../shared/controls/params.ts";

const rotation = defineControl({
  id: "test.rotation",
  title: "A control with both kinds of parameters",
  severity: "low",
  stage: "key-management",
  resourceTypes: ["Microsoft.KeyVault/vaults/keys"],
  minClassification: "public",
  defaultDecision: "ticket",
  params: z.strictObject({ maxDays: z.number().default(365).describe("d") }),
  evaluate: () => ({ status: "unknown", evidence: { path: "properties", actual: null, expected: "x" } }),
  fix: {
    safety: "safe",
    params: z.strictObject({ policyName: z.string().describe("p"), note: z.string().optional().describe("n"), owner: z.string().default("security").describe("o") }),
    plan: () => ({ changes: [], summary: "x" }),
  },
  refs: { waf: "SE:07" },
});

const messages = (result: { success: boolean; error?: z.ZodError }) => (result.error?.issues ?? []).map((issue) => `${issue.path.join(".")}: ${issue.message}`);

describe("policyParamsSchema", () => {
  it("takes the control's parameters and its fix's, and refuses any other, naming the control", () => {
    const schema = policyParamsSchema(rotation);
    expect(Object.keys(schema.shape)).toEqual(["maxDays", "policyName", "note", "owner"]);
    expect(schema.parse({ policyName: "yearly" })).toEqual({ maxDays: 365, policyName: "yearly", owner: "security" });
    expect(messages(schema.safeParse({ policyName: "yearly", maxdays: 30 }))).toEqual([": unknown parameter of test.rotation; expected maxDays, policyName, note, owner"]);
  });

  it("says so when a control takes no parameters", () => {
    const { params: _params, fix: _fix, ...bare } = rotation;
    expect(messages(policyParamsSchema(bare).safeParse({ anything: 1 }))).toEqual([": test.rotation takes no parameters"]);
  });
});

describe("requiredFixParams", () => {
  it("lists the fix's parameters that have neither a default nor are optional", () => {
    expect(requiredFixParams(rotation)).toEqual(["policyName"]);
    const { fix: _fix, ...withoutFix } = rotation;
    expect(requiredFixParams(withoutFix)).toEqual([]);
  });
});

describe("parameter values", () => {
  const workspace = resourceIdParam("Microsoft.OperationalInsights/workspaces", "a workspace");
  const id = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/monitoring/providers/Microsoft.OperationalInsights/workspaces/security-logs";

  it("accepts a resource id of the named type in any casing, trimmed", () => {
    expect(workspace.parse(` ${id.toLowerCase()} `)).toBe(id.toLowerCase());
  });

  it("refuses ids of another type, of a child of the type, and what is not an id", () => {
    for (const wrong of [id.replace("workspaces", "clusters"), `${id}/tables/AzureDiagnostics`, "security-logs", ""]) {
      expect(workspace.safeParse(wrong).success, wrong).toBe(false);
    }
  });

  it("accepts vault URIs of every cloud and refuses plain http, paths and queries", () => {
    for (const uri of ["https://kv.vault.azure.net/", "https://kv.vault.azure.cn", "https://hsm.managedhsm.azure.net/"]) expect(vaultUriParam().safeParse(uri).success, uri).toBe(true);
    for (const uri of ["http://kv.vault.azure.net/", "https://kv.vault.azure.net/keys/k", "https://kv.vault.azure.net/?x=1", "kv.vault.azure.net"]) {
      expect(vaultUriParam().safeParse(uri).success, uri).toBe(false);
    }
  });

  it("accepts a key version of 32 hexadecimal digits only", () => {
    expect(keyVersionParam().safeParse("78deebed173b48e48f55abf87ed4cf71").success).toBe(true);
    expect(keyVersionParam().safeParse("78deebed").success).toBe(false);
  });
});
