import { describe, expect, it } from "vitest";
import { DEFAULT_POLICY, parsePolicy, type Policy } from "../../../shared/config/index.ts";
import { controlById, type Control, type FixSafety, type Verdict } from "../../../shared/controls/index.ts";
import { decide, type DecisionInput } from "../../../shared/engine/decide.ts";
import type { ArmDocument } from "../../../shared/core/index.ts";

const ACCOUNT = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/app-prod/providers/Microsoft.Storage/storageAccounts/data01";
const VAULT = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/security/providers/Microsoft.KeyVault/vaults/kv-payments";
const WORKSPACE = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/monitoring/providers/Microsoft.OperationalInsights/workspaces/security-logs";
const NOW = new Date("2026-05-01T12:00:00Z");

const noncompliant: Verdict = { status: "noncompliant", evidence: { path: "properties.minimumTlsVersion", actual: "TLS1_0", expected: "TLS1_2" } };

/** A control shaped like the catalog's, with the fix safety and planning a case needs. */
function control(overrides: Partial<Control> & { safety?: FixSafety } = {}): Control {
  const { safety = "safe", ...rest } = overrides;
  return {
    id: "storage.min-tls",
    title: "Storage account requires TLS 1.2 or newer",
    severity: "high",
    stage: "in-transit",
    resourceTypes: ["Microsoft.Storage/storageAccounts"],
    minClassification: "public",
    defaultDecision: "remediate",
    evaluate: () => noncompliant,
    fix: {
      safety,
      plan: () => ({ changes: [{ path: "properties.minimumTlsVersion", before: "TLS1_0", after: "TLS1_2" }], summary: "Set TLS1_2" }),
    },
    refs: { waf: "SE:07" },
    ...rest,
  };
}

function input(overrides: Partial<DecisionInput> = {}): DecisionInput {
  const doc: ArmDocument = { id: ACCOUNT, type: "Microsoft.Storage/storageAccounts" };
  return { control: control(), verdict: noncompliant, doc, classification: "general", ...overrides };
}

const policyFrom = (yaml: string): Policy => parsePolicy(yaml, "decide.yaml");

describe("decide: mode", () => {
  it("remediates a safe fix under the control's default decision, with the planned change", () => {
    const outcome = decide(input(), DEFAULT_POLICY, NOW);
    expect(outcome).toMatchObject({ status: "noncompliant", decision: "remediate" });
    expect(outcome.proposal?.summary).toBe("Set TLS1_2");
  });

  it("lets the control's mode win over defaultMode, and defaultMode over the control's default", () => {
    expect(decide(input(), policyFrom("defaultMode: audit\n"), NOW).decision).toBe("audit");
    expect(decide(input(), policyFrom("defaultMode: audit\ncontrols:\n  storage.min-tls:\n    mode: ticket\n"), NOW).decision).toBe("ticket");
  });

  it("does not evaluate a control turned off: not-applicable, whatever the verdict", () => {
    const off = policyFrom("controls:\n  storage.min-tls:\n    mode: off\n");
    expect(decide(input(), off, NOW)).toEqual({ status: "not-applicable", decision: "none", reason: "turned off by policy" });
    expect(decide(input({ verdict: { ...noncompliant, status: "compliant" } }), off, NOW).status).toBe("not-applicable");
  });

  it("passes other statuses through with no decision and keeps the verdict's reason", () => {
    const verdict: Verdict = { ...noncompliant, status: "unknown", reason: "siteConfig is null" };
    expect(decide(input({ verdict }), DEFAULT_POLICY, NOW)).toEqual({ status: "unknown", decision: "none", reason: "siteConfig is null" });
  });
});

describe("decide: classification threshold", () => {
  it("uses the control's threshold unless the policy overrides it", () => {
    const cmk = control({ minClassification: "confidential" });
    expect(decide(input({ control: cmk }), DEFAULT_POLICY, NOW)).toEqual({
      status: "not-applicable",
      decision: "none",
      reason: "applies from confidential; resource is general",
    });
    const lowered = policyFrom("controls:\n  storage.min-tls:\n    minClassification: general\n");
    expect(decide(input({ control: cmk }), lowered, NOW).decision).toBe("remediate");
    const raised = policyFrom("controls:\n  storage.min-tls:\n    minClassification: highly-confidential\n");
    expect(decide(input({ classification: "confidential" }), raised, NOW).status).toBe("not-applicable");
  });
});

describe("decide: exemptions", () => {
  const exempting = (scope: string, expires = "2026-12-31") =>
    policyFrom(`exemptions:\n  - scope: "${scope}"\n    controls: [storage.min-tls]\n    reason: Migrating in Q3\n    expires: ${expires}\n`);

  it("exempts by exact id, id prefix and glob, with the reason", () => {
    for (const scope of [ACCOUNT.toUpperCase(), "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/app-prod/", "**/storageAccounts/data*"]) {
      expect(decide(input(), exempting(scope), NOW), scope).toEqual({
        status: "exempt",
        decision: "none",
        reason: "Migrating in Q3 (policy exemption until 2026-12-31)",
      });
    }
  });

  it("exempts by the owner's tag", () => {
    const doc: ArmDocument = { id: ACCOUNT, type: "Microsoft.Storage/storageAccounts", tags: { "ENCRYPTION-GUARD-EXEMPT": "storage.cmk,storage.min-tls" } };
    expect(decide(input({ doc }), DEFAULT_POLICY, NOW)).toMatchObject({ status: "exempt", reason: "exempted by the resource's encryption-guard-exempt tag" });
  });

  it("stops exempting once expired and says so next to the decision", () => {
    const outcome = decide(input(), exempting(ACCOUNT, "2026-04-30"), NOW);
    expect(outcome).toMatchObject({ status: "noncompliant", decision: "remediate" });
    expect(outcome.reason).toBe(`the exemption for ${ACCOUNT} expired on 2026-04-30 (Migrating in Q3)`);
  });

  it("applies the threshold before the exemption", () => {
    const cmk = control({ minClassification: "confidential" });
    expect(decide(input({ control: cmk }), exempting(ACCOUNT), NOW).status).toBe("not-applicable");
  });
});

describe("decide: safety gating and unplannable fixes", () => {
  it("turns disruptive and irreversible fixes into tickets unless the policy allows them", () => {
    const disruptive = decide(input({ control: control({ safety: "disruptive" }) }), DEFAULT_POLICY, NOW);
    expect(disruptive).toEqual({
      status: "noncompliant",
      decision: "ticket",
      reason: "the fix is disruptive and the policy does not allow disruptive fixes (safety.allowDisruptive)",
    });
    const irreversible = decide(input({ control: control({ safety: "irreversible" }) }), DEFAULT_POLICY, NOW);
    expect(irreversible.reason).toMatch(/irreversible .*safety\.allowIrreversible/);
    const allowed = policyFrom("safety:\n  allowDisruptive: true\n  allowIrreversible: true\n");
    expect(decide(input({ control: control({ safety: "disruptive" }) }), allowed, NOW).decision).toBe("remediate");
    expect(decide(input({ control: control({ safety: "irreversible" }) }), allowed, NOW).decision).toBe("remediate");
  });

  it("does not let allowDisruptive unlock irreversible fixes", () => {
    const outcome = decide(input({ control: control({ safety: "irreversible" }) }), policyFrom("safety:\n  allowDisruptive: true\n"), NOW);
    expect(outcome.decision).toBe("ticket");
  });

  it("tickets a control without a fix", () => {
    const { fix: _fix, ...withoutFix } = control();
    expect(decide(input({ control: withoutFix }), DEFAULT_POLICY, NOW)).toMatchObject({ decision: "ticket", reason: "the control has no automatic fix" });
  });

  it("tickets a fix while the policy gives none of its required params, and plans it once they are given", () => {
    const diagnostics = controlById("keyvault.diagnostics");
    if (!diagnostics) throw new Error("keyvault.diagnostics is not in the catalog");
    const vault: ArmDocument = { id: VAULT, type: "Microsoft.KeyVault/vaults", properties: {}, diagnosticSettings: [] };
    expect(decide(input({ control: diagnostics, doc: vault }), DEFAULT_POLICY, NOW)).toMatchObject({
      decision: "ticket",
      reason: "the fix cannot be planned: controls.keyvault.diagnostics.params is missing or incomplete (the fix needs workspaceId)",
    });
    const withWorkspace = policyFrom(`controls:\n  keyvault.diagnostics:\n    params:\n      workspaceId: ${WORKSPACE}\n`);
    const outcome = decide(input({ control: diagnostics, doc: vault }), withWorkspace, NOW);
    expect(outcome.decision).toBe("remediate");
    expect(outcome.proposal?.changes).toEqual([{ path: "diagnosticSettings.encryption-guard", before: null, after: { workspaceId: WORKSPACE, logs: [{ categoryGroup: "audit", enabled: true }] } }]);
  });

  it("tickets a fix whose planning throws instead of failing the worker", () => {
    const throwing = control();
    throwing.fix = {
      safety: "safe",
      plan: () => {
        throw new Error("sslPolicy is not an object");
      },
    };
    expect(decide(input({ control: throwing }), DEFAULT_POLICY, NOW)).toMatchObject({
      decision: "ticket",
      reason: "the fix could not be planned: sslPolicy is not an object",
    });
  });

  it("keeps the expired-exemption note next to the gating reason", () => {
    const policy = policyFrom(`exemptions:\n  - scope: ${ACCOUNT}\n    controls: ["*"]\n    reason: Pilot\n    expires: 2026-01-31\n`);
    const outcome = decide(input({ control: control({ safety: "disruptive" }) }), policy, NOW);
    expect(outcome.reason).toBe(`the exemption for ${ACCOUNT} expired on 2026-01-31 (Pilot); the fix is disruptive and the policy does not allow disruptive fixes (safety.allowDisruptive)`);
  });
});
