import type { SubscriptionClients } from "../clients.ts";
import { changesUnder, listDocuments, readDocument, toSdkParameters } from "./wire.ts";
import type { ResourceAdapter } from "./types.ts";
import type { ArmDocument, PropertyChange, ResourceId } from "../../core/index.ts";

/** Where a vault document carries its diagnostic settings for the controls (not an ARM property). */
export const DIAGNOSTIC_SETTINGS_KEY = "diagnosticSettings";

async function withDiagnosticSettings(clients: SubscriptionClients, vault: ArmDocument): Promise<ArmDocument> {
  const settings: ArmDocument[] = [];
  for await (const setting of listDocuments(() => clients.monitor.diagnosticSettings.list(vault.id))) settings.push(setting);
  return { ...vault, [DIAGNOSTIC_SETTINGS_KEY]: settings };
}

async function applyDiagnosticSettings(clients: SubscriptionClients, vaultId: string, changes: readonly PropertyChange[], direction: "after" | "before") {
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

export const keyVaults: ResourceAdapter = {
  type: "Microsoft.KeyVault/vaults",
  childTypes: [],
  readActions: ["Microsoft.KeyVault/vaults/read", "Microsoft.Insights/diagnosticSettings/read"],
  list: (clients) => listDocuments(() => clients.keyVault.vaults.listBySubscription()),
  async collect(clients, id: ResourceId, listed) {
    const vault = listed ?? (await readDocument(() => clients.keyVault.vaults.get(id.resourceGroup, id.name)));
    return [{ doc: await withDiagnosticSettings(clients, vault) }];
  },
  writers: [
    {
      documentType: "Microsoft.KeyVault/vaults",
      actions: ["Microsoft.KeyVault/vaults/write", "Microsoft.Insights/diagnosticSettings/write", "Microsoft.Insights/diagnosticSettings/delete"],
      async apply(clients, id, changes, direction) {
        const settingChanges = changesUnder(changes, DIAGNOSTIC_SETTINGS_KEY);
        const vaultChanges = changes.filter((c) => !settingChanges.includes(c));
        if (vaultChanges.length > 0) {
          // The Key Vault client keeps `properties` nested, as on the wire.
          await clients.keyVault.vaults.update(id.resourceGroup, id.name, toSdkParameters(vaultChanges, direction, {}, false));
        }
        await applyDiagnosticSettings(clients, id.id, settingChanges, direction);
      },
    },
  ],
};
