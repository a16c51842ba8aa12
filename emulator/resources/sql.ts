import type { ResourceTypeSpec } from "./spec.ts";
import type { ArmDocument } from "../../shared/core/index.ts";

const TDE = "Microsoft.Sql/servers/databases/transparentDataEncryption";
const PROTECTOR = "Microsoft.Sql/servers/encryptionProtector";
const MI_PROTECTOR = "Microsoft.Sql/managedInstances/encryptionProtector";

/** What a new server or managed instance protects its TDE keys with: the service-managed key. */
function serviceManagedProtector(owner: ArmDocument, type: string): ArmDocument {
  return {
    id: `${owner.id}/encryptionProtector/current`,
    name: "current",
    type,
    kind: "servicemanaged",
    properties: { serverKeyName: "ServiceManaged", serverKeyType: "ServiceManaged", autoRotationEnabled: false },
  };
}

/**
 * arm-sql 10 (classic). Servers, databases and managed instances PATCH are LROs with rlc
 * "location"; TDE and the encryption protectors are singletons named `current` whose models
 * carry no provisioningState. A managed instance's protector is read at 2020-11-01-preview, the
 * instance itself at 2022-08-01-preview.
 */
export const sqlSpecs: ResourceTypeSpec[] = [
  {
    type: "Microsoft.Sql/servers",
    put: { lro: true },
    patch: { lro: true },
    children: (server) => [serviceManagedProtector(server, PROTECTOR)],
  },
  {
    type: "Microsoft.Sql/servers/databases",
    put: { lro: true },
    patch: { lro: true },
    // New databases are encrypted: TDE is on by default since 2017.
    children: (db) => [{ id: `${db.id}/transparentDataEncryption/current`, name: "current", type: TDE, properties: { state: "Enabled" } }],
  },
  {
    type: TDE,
    names: ["current"],
    put: { lro: true },
    provisioningState: false,
    // The real GET answers with the DATABASE id and the name "current".
    present: (doc: ArmDocument) => ({ ...doc, id: doc.id.replace(/\/transparentDataEncryption\/[^/]+$/i, "") }),
  },
  {
    type: PROTECTOR,
    names: ["current"],
    put: { lro: true },
    provisioningState: false,
  },
  {
    type: "Microsoft.Sql/managedInstances",
    put: { lro: true },
    patch: { lro: true },
    children: (instance) => [serviceManagedProtector(instance, MI_PROTECTOR)],
  },
  { type: MI_PROTECTOR, names: ["current"], put: { lro: true }, provisioningState: false },
];
