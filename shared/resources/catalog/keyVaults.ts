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

async function applyDiagnosticSettings(clients: SubscriptionClients, vaultId: string, changes: readonly PropertyChange[], direction: Direction) {
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

/**
 * A vault-like type (a vault, a managed HSM): its own properties through `update` (the Key Vault
 * client keeps `properties` nested, as on the wire), its diagnostic settings through Monitor.
 */
export async function writeVaultAndSettings(
  clients: SubscriptionClients,
  vaultId: string,
  changes: readonly PropertyChange[],
  direction: Direction,
  update: (parameters: Record<string, unknown>) => Promise<unknown>,
): Promise<void> {
  const settingChanges = changesUnder(changes, DIAGNOSTIC_SETTINGS_KEY);
  const ownChanges = changes.filter((c) => !settingChanges.includes(c));
  if (ownChanges.length > 0) await update(sdkParameters({ nested: true }, ownChanges, direction));
  await applyDiagnosticSettings(clients, vaultId, settingChanges, direction);
}

/** Read and write actions of a vault-like type with its diagnostic settings. */
export function vaultLikeActions(type: string) {
  return {
    read: [`${type}/read`, "Microsoft.Insights/diagnosticSettings/read"],
    write: [`${type}/write`, "Microsoft.Insights/diagnosticSettings/write", "Microsoft.Insights/diagnosticSettings/delete"],
  };
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
  actions: vaultLikeActions("Microsoft.KeyVault/vaults"),
  write: (ops, clients, id, changes, direction) => writeVaultAndSettings(clients, id.id, changes, direction, (parameters) => ops.update(id.resourceGroup, id.name, parameters)),
});
