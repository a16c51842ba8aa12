import { vaultUriFor } from "../keyVault/http.ts";
import { isPlainObject } from "../store/merge.ts";
import { DEMO_TENANT_ID } from "../constants.ts";
import type { ResourceTypeSpec } from "./spec.ts";
import type { ArmDocument } from "../../shared/core/index.ts";

/**
 * arm-keyvault 5 (modular, not flattened): its deserializer needs `properties`,
 * `properties.sku`, `properties.tenantId`, and `permissions` on every access policy, or it
 * throws a TypeError. The emulator therefore always completes a vault document.
 */
function completeVault(doc: ArmDocument): void {
  const properties = isPlainObject(doc.properties) ? doc.properties : {};
  properties.sku = isPlainObject(properties.sku) ? properties.sku : { family: "A", name: "standard" };
  properties.tenantId ??= DEMO_TENANT_ID;
  properties.vaultUri ??= `https://${doc.name}.vault.azure.net/`;
  const policies = Array.isArray(properties.accessPolicies) ? properties.accessPolicies : [];
  properties.accessPolicies = policies.map((policy: unknown) => {
    const entry = isPlainObject(policy) ? policy : {};
    const permissions = isPlainObject(entry.permissions) ? entry.permissions : {};
    return {
      tenantId: properties.tenantId,
      objectId: "00000000-0000-0000-0000-000000000000",
      ...entry,
      permissions: { keys: [], secrets: [], certificates: [], ...permissions },
    };
  });
  doc.properties = properties;
}

export const keyVaultSpecs: ResourceTypeSpec[] = [
  {
    type: "Microsoft.KeyVault/vaults",
    put: { lro: true },
    patch: { lro: false },
    complete: completeVault,
    // The vault's data plane is the emulator's own listener: `https://<vault>.vault.localhost:<port>/`.
    present: (doc: ArmDocument, _lookup, origin: string) => ({ ...doc, properties: { ...(doc.properties ?? {}), vaultUri: vaultUriFor(doc.name ?? "", origin) } }),
  },
];
