import { defineResource } from "../define.ts";
import { vaultLikeActions, withDiagnosticSettings, writeVaultAndSettings } from "./keyVaults.ts";

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
  actions: vaultLikeActions("Microsoft.KeyVault/managedHSMs"),
  // The HSM's update is a long-running PATCH.
  write: (ops, clients, id, changes, direction) => writeVaultAndSettings(clients, id.id, changes, direction, (parameters) => ops.beginUpdateAndWait(id.resourceGroup, id.name, parameters)),
});
