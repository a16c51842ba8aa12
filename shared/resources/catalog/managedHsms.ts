import { changesUnder } from "../../azure/index.ts";
import { defineResource, sdkParameters } from "../define.ts";
import { applyDiagnosticSettings, DIAGNOSTIC_SETTINGS_KEY, withDiagnosticSettings } from "./keyVaults.ts";

/**
 * A managed HSM: judged by the vault hygiene controls that apply to it (soft delete, purge
 * protection, network, diagnostics), with its diagnostic settings read beside it as a vault's are.
 */
export const managedHsms = defineResource({
  type: "Microsoft.KeyVault/managedHSMs",
  apiVersion: "2026-02-01",
  client: "@azure/arm-keyvault",
  names: ["hsm"],
  graph: { table: "resources" },
  operations: (clients) => clients.keyVault.managedHsms,
  list: (ops) => ops.listBySubscription(),
  get: (ops, id) => ops.get(id.resourceGroup, id.name),
  complete: (clients, _id, hsm) => withDiagnosticSettings(clients, hsm),
  actions: {
    read: ["Microsoft.KeyVault/managedHSMs/read", "Microsoft.Insights/diagnosticSettings/read"],
    write: ["Microsoft.KeyVault/managedHSMs/write", "Microsoft.Insights/diagnosticSettings/write", "Microsoft.Insights/diagnosticSettings/delete"],
  },
  async write(ops, clients, id, changes, direction) {
    const settingChanges = changesUnder(changes, DIAGNOSTIC_SETTINGS_KEY);
    const hsmChanges = changes.filter((c) => !settingChanges.includes(c));
    // The model keeps `properties` nested, as on the wire; the update is a long-running PATCH.
    if (hsmChanges.length > 0) await ops.beginUpdateAndWait(id.resourceGroup, id.name, sdkParameters({ nested: true }, hsmChanges, direction));
    await applyDiagnosticSettings(clients, id.id, settingChanges, direction);
  },
});
