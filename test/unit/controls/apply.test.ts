import { describe, expect, it } from "vitest";
import { applyChanges, valueAt } from "../../../shared/controls/index.ts";
import type { ArmDocument } from "../../../shared/core/index.ts";

const doc: ArmDocument = {
  id: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv",
  type: "Microsoft.KeyVault/vaults",
  properties: { sku: { family: "A", name: "standard" }, networkAcls: null },
  diagnosticSettings: [{ name: "existing", properties: { workspaceId: "/w", logs: [] } }],
};

describe("applyChanges", () => {
  it("writes each change at its path and leaves the input untouched", () => {
    const before = structuredClone(doc);
    const after = applyChanges(doc, [{ path: "properties.enablePurgeProtection", before: null, after: true }]);
    expect(after.properties?.enablePurgeProtection).toBe(true);
    expect(doc).toEqual(before);
  });

  it("creates objects that are missing or null on the way", () => {
    const after = applyChanges(doc, [{ path: "properties.networkAcls.defaultAction", before: null, after: "Deny" }]);
    expect(valueAt(after, "properties.networkAcls")).toEqual({ defaultAction: "Deny" });
  });

  it("addresses named children of an array by name, creating one when absent", () => {
    const created = applyChanges(doc, [{ path: "diagnosticSettings.encryption-guard", before: null, after: { workspaceId: "/w2" } }]);
    expect(created.diagnosticSettings).toEqual([
      { name: "existing", properties: { workspaceId: "/w", logs: [] } },
      { name: "encryption-guard", properties: { workspaceId: "/w2" } },
    ]);
    const replaced = applyChanges(doc, [{ path: "diagnosticSettings.existing.workspaceId", before: "/w", after: "/w3" }]);
    expect(valueAt(replaced, "diagnosticSettings.existing")).toEqual({ workspaceId: "/w3", logs: [] });
  });

  it("copies values so later edits to the plan do not leak into the result", () => {
    const after = { defaultAction: "Deny" };
    const result = applyChanges(doc, [{ path: "properties.networkAcls", before: null, after }]);
    after.defaultAction = "Allow";
    expect(valueAt(result, "properties.networkAcls.defaultAction")).toBe("Deny");
  });
});

describe("valueAt", () => {
  it("reads named children of arrays and gives undefined through scalars", () => {
    expect(valueAt(doc, "diagnosticSettings.existing.workspaceId")).toBe("/w");
    expect(valueAt(doc, "diagnosticSettings.missing")).toBeUndefined();
    expect(valueAt(doc, "properties.sku.name.length")).toBeUndefined();
    expect(valueAt(null, "properties")).toBeUndefined();
  });
});
