import { changesUnder, listDocuments, type SubscriptionClients } from "../../azure/index.ts";
import type { ArmDocument, PropertyChange } from "../../core/index.ts";
import { defineResource, sdkParameters } from "../define.ts";
import type { Direction } from "../types.ts";

/** Where a vault document carries its diagnostic settings for the controls (not an ARM property). */
export const DIAGNOSTIC_SETTINGS_KEY = "diagnosticSettings";

export async function withDiagnosticSettings(clients: SubscriptionClients, vault: ArmDocument): Promise<ArmDocument> {
  const settings: ArmDocument[] = [];
  for await (const setting of listDocuments(() => clients.monitor.diagnosticSettings.list(vault.id))) settings.push(setting);
  return { ...vault, [DIAGNOSTIC_SETTINGS_KEY]: settings };
}

export async function applyDiagnosticSettings(clients: SubscriptionClients, vaultId: string, changes: readonly PropertyChange[], direction: Direction) {
  for (const change of changes) {
    const name = change.path.slice(DIAGNOSTIC_SETTINGS_KEY.length + 1);
    const value = change[direction];
    if (value === null || value === undefined) {
      // Rolling back a setting we created means removing it.
      await clients.monitor.diagnosticSettings.delete(vaultId, name);
    } else {
      await clients.monitor.diagnosticSettings.createOrUpdate(vaultId, name, value as Record<string, unknown>);
    }
  }
}

export const keyVaults = defineResource({
  type: "Microsoft.KeyVault/vaults",
  apiVersion: "2026-02-01",
  client: "@azure/arm-keyvault",
  names: ["vault"],
  graph: { table: "resources" },
  operations: (clients) => clients.keyVault.vaults,
  list: (ops) => ops.listBySubscription(),
  get: (ops, id) => ops.get(id.resourceGroup, id.name),
  complete: (clients, _id, vault) => withDiagnosticSettings(clients, vault),
  actions: {
    read: ["Microsoft.KeyVault/vaults/read", "Microsoft.Insights/diagnosticSettings/read"],
    write: ["Microsoft.KeyVault/vaults/write", "Microsoft.Insights/diagnosticSettings/write", "Microsoft.Insights/diagnosticSettings/delete"],
  },
  async write(ops, clients, id, changes, direction) {
    const settingChanges = changesUnder(changes, DIAGNOSTIC_SETTINGS_KEY);
    const vaultChanges = changes.filter((c) => !settingChanges.includes(c));
    // The Key Vault client keeps `properties` nested, as on the wire.
    if (vaultChanges.length > 0) await ops.update(id.resourceGroup, id.name, sdkParameters({ nested: true }, vaultChanges, direction));
    await applyDiagnosticSettings(clients, id.id, settingChanges, direction);
  },
});
