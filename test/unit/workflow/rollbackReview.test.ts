import { describe, expect, it } from "vitest";
import { DEFAULT_POLICY } from "../../../shared/config/policy.ts";
import { applyChanges, controlById, type Control } from "../../../shared/controls/index.ts";
import type { ArmDocument, PropertyChange } from "../../../shared/core/index.ts";
import type { ActionRecord } from "../../../shared/store/index.ts";
import { beforeStateDigest, controlRefusal } from "../../../shared/workflow/rollbackReview.ts";
import { armFixture } from "../controls/arm-fixtures.ts";

/** An applied fix of `control` on `doc`, as the ledger records it, and the document as the fix left it. */
function fixed(control: Control, doc: ArmDocument, changes: PropertyChange[]): { action: ActionRecord; after: ArmDocument } {
  const finding = {
    resourceId: doc.id,
    resourceType: doc.type,
    controlId: control.id,
    title: control.title,
    status: "noncompliant" as const,
    severity: control.severity,
    stage: control.stage,
    classification: "general" as const,
    evidence: { path: changes[0]!.path, actual: changes[0]!.before, expected: "" },
    decision: "remediate" as const,
  };
  const action: ActionRecord = {
    id: "6d9c0b1e-0000-4000-8000-000000000010",
    kind: "remediation",
    status: "applied",
    resourceId: doc.id,
    controlId: control.id,
    actor: "encryption-guard",
    correlationId: "c",
    startedAt: "2026-03-01T10:00:00.000Z",
    fix: { resourceId: doc.id, resourceType: doc.type, controlId: control.id, safety: control.fix!.safety, changes, summary: "fix" },
    finding,
  };
  return { action, after: applyChanges(doc, changes) };
}

const restoringOf = (changes: readonly PropertyChange[]) => changes.map((c) => ({ path: c.path, before: c.after, after: c.before }));

describe("a rollback the control vouches for", () => {
  const tls = controlById("storage.min-tls")!;
  const weak = armFixture("storage/account-legacy-defaults.json");
  const changes = [{ path: "properties.minimumTlsVersion", before: null, after: "TLS1_2" }];

  it("restores exactly the paths and before-state of the control's own fix", () => {
    const { action, after } = fixed(tls, weak, changes);
    expect(controlRefusal(tls, action, restoringOf(changes), after, DEFAULT_POLICY)).toBeUndefined();
    const tls10 = [{ path: "properties.minimumTlsVersion", before: "TLS1_0", after: "TLS1_2" }];
    expect(controlRefusal(tls, fixed(tls, weak, tls10).action, restoringOf(tls10), fixed(tls, weak, tls10).after, DEFAULT_POLICY)).toBeUndefined();
  });

  it("refuses a path the control's fix never writes, as a forged row would ask (a vault's network and access policies)", () => {
    const vault = armFixture("keyvault/vault-hardened.json");
    const rbac = controlById("keyvault.rbac")!;
    const forged = [
      { path: "properties.enableRbacAuthorization", before: false, after: true },
      { path: "properties.networkAcls.defaultAction", before: "Allow", after: "Deny" },
      { path: "properties.accessPolicies", before: [{ objectId: "attacker", permissions: { secrets: ["get", "list"] } }], after: [] },
    ];
    const { action } = fixed(rbac, vault, forged);
    expect(controlRefusal(rbac, action, restoringOf(forged), vault, DEFAULT_POLICY)).toMatch(/properties\.networkAcls\.defaultAction is not a property keyvault\.rbac's fix changes/);
  });

  it("refuses a before-state the control would not fix, and a value its fix never wrote", () => {
    const strong = [{ path: "properties.minimumTlsVersion", before: "TLS1_3", after: "TLS1_2" }];
    const { action, after } = fixed(tls, weak, strong);
    expect(controlRefusal(tls, action, restoringOf(strong), after, DEFAULT_POLICY)).toMatch(/judges the state to restore compliant/);
    const odd = [{ path: "properties.minimumTlsVersion", before: "TLS1_0", after: "TLS1_3" }];
    expect(controlRefusal(tls, fixed(tls, weak, odd).action, restoringOf(odd), fixed(tls, weak, odd).after, DEFAULT_POLICY)).toMatch(/writes "TLS1_2" at properties.minimumTlsVersion, not "TLS1_3"/);
  });

  it("refuses a path named twice and a value no setting holds", () => {
    const twice = [...changes, ...changes];
    expect(controlRefusal(tls, fixed(tls, weak, changes).action, restoringOf(twice), weak, DEFAULT_POLICY)).toBe("the action names a property more than once");
    const huge = [{ path: "properties.minimumTlsVersion", before: "x".repeat(5000), after: "TLS1_2" }];
    expect(controlRefusal(tls, fixed(tls, weak, huge).action, restoringOf(huge), weak, DEFAULT_POLICY)).toMatch(/larger than any setting/);
  });

  it("digests the before-state: the same row gives the same digest, any change another", () => {
    const { action } = fixed(tls, weak, changes);
    expect(beforeStateDigest(action)).toMatch(/^[0-9a-f]{64}$/);
    expect(beforeStateDigest({ ...action })).toBe(beforeStateDigest(action));
    expect(beforeStateDigest({ ...action, fix: { ...action.fix!, changes: [{ ...changes[0]!, before: "TLS1_0" }] } })).not.toBe(beforeStateDigest(action));
  });
});
