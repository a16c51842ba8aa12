import type { ResourceTypeSpec } from "./spec.ts";
import type { ArmDocument } from "../../shared/core/index.ts";

const TDE = "Microsoft.Sql/servers/databases/transparentDataEncryption";
const PROTECTOR = "Microsoft.Sql/servers/encryptionProtector";

/**
 * arm-sql 10 (classic). Servers and databases PATCH are LROs with rlc "location"; TDE and
 * the encryption protector are singletons named `current` whose models carry no
 * provisioningState.
 */
export const sqlSpecs: ResourceTypeSpec[] = [
  {
    type: "Microsoft.Sql/servers",
    put: { lro: true },
    patch: { lro: true },
    children: (server) => [
      {
        id: `${server.id}/encryptionProtector/current`,
        name: "current",
        type: PROTECTOR,
        kind: "servicemanaged",
        properties: { serverKeyName: "ServiceManaged", serverKeyType: "ServiceManaged", autoRotationEnabled: false },
      },
    ],
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
];
