import { describe, expect, it } from "vitest";
import { armFixture, catalogControl as control, evaluateAfterFix, evaluateFixture, oddDocuments, planFor } from "./arm-fixtures.ts";

const softDelete = control("keyvault.soft-delete");
const purgeProtection = control("keyvault.purge-protection");
const rbac = control("keyvault.rbac");
const network = control("keyvault.network");
const diagnostics = control("keyvault.diagnostics");

const WORKSPACE = "/subscriptions/3f2a6c1e-8d4b-4a57-9a0e-2b7c9d1e5f60/resourceGroups/rg-monitor/providers/Microsoft.OperationalInsights/workspaces/log-security";

describe("keyvault.soft-delete", () => {
  it("reads an absent flag as on: the platform enforces soft delete", () => {
    const verdict = evaluateFixture(softDelete, "keyvault/vault-access-policies.json");
    expect(verdict.status).toBe("compliant");
    expect(verdict.reason).toMatch(/enforces/);
  });
  it('rejects an explicit false, as a boolean or the string "false"', () => {
    expect(evaluateFixture(softDelete, "keyvault/vault-firewall-soft-delete-off.json").status).toBe("noncompliant");
    expect(evaluateFixture(softDelete, "keyvault/vault-resource-graph.json").status).toBe("noncompliant");
  });
  it("is an irreversible fix", () => {
    expect(softDelete.fix?.safety).toBe("irreversible");
    expect(evaluateAfterFix(softDelete, "keyvault/vault-firewall-soft-delete-off.json").status).toBe("compliant");
  });
});

describe("keyvault.purge-protection", () => {
  it('accepts true, also as the string "true"', () => {
    expect(evaluateFixture(purgeProtection, "keyvault/vault-hardened.json").status).toBe("compliant");
    expect(evaluateFixture(purgeProtection, "keyvault/vault-resource-graph.json").status).toBe("compliant");
  });
  it("reads absent and null as off", () => {
    expect(evaluateFixture(purgeProtection, "keyvault/vault-access-policies.json").status).toBe("noncompliant");
    const verdict = evaluateFixture(purgeProtection, "keyvault/vault-rbac-nulls.json");
    expect(verdict.status).toBe("noncompliant");
    expect(verdict.evidence).toEqual({ path: "properties.enablePurgeProtection", actual: null, expected: "true" });
  });
  it("plans purge protection, and soft delete too where a legacy vault has it off", () => {
    expect(purgeProtection.fix?.safety).toBe("irreversible");
    expect(planFor(purgeProtection, "keyvault/vault-rbac-nulls.json").changes).toEqual([{ path: "properties.enablePurgeProtection", before: null, after: true }]);
    expect(planFor(purgeProtection, "keyvault/vault-firewall-soft-delete-off.json").changes).toEqual([
      { path: "properties.enableSoftDelete", before: false, after: true },
      { path: "properties.enablePurgeProtection", before: false, after: true },
    ]);
    expect(evaluateAfterFix(purgeProtection, "keyvault/vault-firewall-soft-delete-off.json").status).toBe("compliant");
  });
});

describe("keyvault.rbac", () => {
  it('accepts RBAC authorization, also as "TRUE"', () => {
    expect(evaluateFixture(rbac, "keyvault/vault-rbac-nulls.json").status).toBe("compliant");
    expect(evaluateFixture(rbac, "keyvault/vault-resource-graph.json").status).toBe("compliant");
  });
  it("rejects access policies, stated or by absence", () => {
    expect(evaluateFixture(rbac, "keyvault/vault-access-policies.json").status).toBe("noncompliant");
    expect(evaluateFixture(rbac, "keyvault/vault-firewall-soft-delete-off.json").status).toBe("noncompliant");
  });
  it("is a disruptive fix", () => {
    expect(rbac.fix?.safety).toBe("disruptive");
    expect(evaluateAfterFix(rbac, "keyvault/vault-access-policies.json").status).toBe("compliant");
  });
});

describe("keyvault.network", () => {
  it("accepts public access disabled, in any casing", () => {
    expect(evaluateFixture(network, "keyvault/vault-hardened.json").evidence.path).toBe("properties.publicNetworkAccess");
    expect(evaluateFixture(network, "keyvault/vault-resource-graph.json").status).toBe("compliant");
  });
  it("accepts a firewall that denies by default", () => {
    const verdict = evaluateFixture(network, "keyvault/vault-firewall-soft-delete-off.json");
    expect(verdict.status).toBe("compliant");
    expect(verdict.evidence).toEqual({ path: "properties.networkAcls.defaultAction", actual: "Deny", expected: expect.any(String) });
  });
  it("rejects a public vault with no firewall (networkAcls null or absent)", () => {
    expect(evaluateFixture(network, "keyvault/vault-rbac-nulls.json").status).toBe("noncompliant");
    expect(evaluateFixture(network, "keyvault/vault-access-policies.json").status).toBe("noncompliant");
  });
  it("says unknown for values that are not strings", () => {
    const doc = armFixture("keyvault/vault-rbac-nulls.json");
    expect(network.evaluate({ ...doc, properties: { publicNetworkAccess: false } }, { classification: "general" }).status).toBe("unknown");
  });
  it("plans a denying firewall that keeps the vault's rules", () => {
    expect(network.fix?.safety).toBe("disruptive");
    expect(planFor(network, "keyvault/vault-rbac-nulls.json").changes).toEqual([{ path: "properties.networkAcls", before: null, after: { bypass: "AzureServices", defaultAction: "Deny" } }]);
    const doc = armFixture("keyvault/vault-hardened.json");
    const open = { ...doc, properties: { ...doc.properties, publicNetworkAccess: "Enabled", networkAcls: { bypass: "None", defaultAction: "Allow", ipRules: [{ value: "203.0.113.0/24" }] } } };
    expect(network.fix?.plan(open, {})?.changes[0]?.after).toEqual({ bypass: "None", defaultAction: "Deny", ipRules: [{ value: "203.0.113.0/24" }] });
    expect(evaluateAfterFix(network, "keyvault/vault-access-policies.json").status).toBe("compliant");
  });
});

describe("keyvault.diagnostics", () => {
  it("accepts the audit category group sent to a workspace", () => {
    const verdict = evaluateFixture(diagnostics, "keyvault/vault-hardened.json");
    expect(verdict.status).toBe("compliant");
    expect(verdict.evidence.actual).toBe("to-log-security");
  });
  it('accepts the AuditEvent category with enabled as the string "true"', () => {
    expect(evaluateFixture(diagnostics, "keyvault/vault-firewall-soft-delete-off.json").status).toBe("compliant");
  });
  it("rejects audit logs sent to storage only, or a workspace that gets them disabled", () => {
    const verdict = evaluateFixture(diagnostics, "keyvault/vault-rbac-nulls.json");
    expect(verdict.status).toBe("noncompliant");
    expect(verdict.evidence.actual).toEqual(["to-storage", "policy-only"]);
  });
  it("rejects a vault without diagnostic settings", () => {
    expect(evaluateFixture(diagnostics, "keyvault/vault-access-policies.json").reason).toMatch(/no diagnostic settings/);
  });
  it("says unknown when the collector did not attach the settings", () => {
    expect(evaluateFixture(diagnostics, "keyvault/vault-resource-graph.json").status).toBe("unknown");
  });
  it("plans nothing without a workspace", () => {
    expect(diagnostics.fix?.plan(armFixture("keyvault/vault-access-policies.json"), {})).toBeUndefined();
  });
  it("plans an encryption-guard setting with the audit group to the workspace", () => {
    expect(diagnostics.fix?.safety).toBe("safe");
    expect(planFor(diagnostics, "keyvault/vault-rbac-nulls.json", { workspaceId: WORKSPACE }).changes).toEqual([
      { path: "diagnosticSettings.encryption-guard", before: null, after: { workspaceId: WORKSPACE, logs: [{ categoryGroup: "audit", enabled: true }] } },
    ]);
    expect(evaluateAfterFix(diagnostics, "keyvault/vault-access-policies.json", { workspaceId: WORKSPACE }).status).toBe("compliant");
  });
  it("ignores settings of odd shapes instead of throwing", () => {
    const doc = armFixture("keyvault/vault-access-policies.json");
    const odd = { ...doc, diagnosticSettings: [null, "x", { name: "n", properties: { workspaceId: WORKSPACE, logs: "AuditEvent" } }] };
    expect(diagnostics.evaluate(odd, { classification: "general" }).status).toBe("noncompliant");
  });
});

describe("key vault controls on odd documents", () => {
  for (const c of [softDelete, purgeProtection, rbac, network]) {
    it(`${c.id} says unknown without readable properties`, () => {
      for (const odd of oddDocuments("Microsoft.KeyVault/vaults")) expect(c.evaluate(odd, { classification: "general" }).status).toBe("unknown");
    });
  }
});
