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

/** The vault name and object name of a vault child id (`…/vaults/{vault}/{keys|secrets}/{name}`). */
function vaultAndName(doc: ArmDocument): { vault: string; name: string } {
  const segments = doc.id.split("/");
  return { vault: segments[segments.length - 3] ?? "", name: segments[segments.length - 1] ?? "" };
}

/** A stable 32-hex version from a key id, so a seeded estate is the same on every run. */
function versionOf(id: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193;
  for (const char of id.toLowerCase()) {
    a = Math.imul(a ^ char.charCodeAt(0), 0x01000193) >>> 0;
    b = Math.imul(b ^ char.charCodeAt(0), 0x85ebca6b) >>> 0;
  }
  return [a, b, a ^ b, Math.imul(a, b) >>> 0].map((n) => n.toString(16).padStart(8, "0")).join("");
}

/**
 * A key as ARM answers it (2024-11-01 examples and later): `properties.attributes` with unix-seconds
 * `created`/`updated`/`exp`/`nbf`, `kty`, `keySize` or `curveName`, `keyUri` (ARM writes the
 * `:443` port into it) and `keyUriWithVersion`. ARM never returns key material.
 */
function completeKey(doc: ArmDocument): void {
  const { vault, name } = vaultAndName(doc);
  const properties = isPlainObject(doc.properties) ? doc.properties : {};
  const attributes = isPlainObject(properties.attributes) ? properties.attributes : {};
  attributes.enabled ??= true;
  attributes.recoveryLevel ??= "Recoverable+Purgeable";
  properties.attributes = attributes;
  properties.kty ??= "RSA";
  if (String(properties.kty).startsWith("RSA")) properties.keySize ??= 2048;
  properties.keyUri ??= `https://${vault}.vault.azure.net:443/keys/${name}`;
  properties.keyUriWithVersion ??= `${String(properties.keyUri)}/${versionOf(doc.id)}`;
  doc.properties = properties;
}

/** A secret's metadata: ARM answers attributes and URIs, never a value; none is ever stored. */
function completeSecret(doc: ArmDocument): void {
  const { vault, name } = vaultAndName(doc);
  const properties = isPlainObject(doc.properties) ? doc.properties : {};
  delete properties.value;
  const attributes = isPlainObject(properties.attributes) ? properties.attributes : {};
  attributes.enabled ??= true;
  properties.attributes = attributes;
  properties.secretUri ??= `https://${vault}.vault.azure.net/secrets/${name}`;
  properties.secretUriWithVersion ??= `${String(properties.secretUri)}/${versionOf(doc.id)}`;
  doc.properties = properties;
}

/** A managed HSM: its model needs `properties` and a `sku`; `hsmUri` is the data plane's host. */
function completeHsm(doc: ArmDocument): void {
  const properties = isPlainObject(doc.properties) ? doc.properties : {};
  properties.tenantId ??= DEMO_TENANT_ID;
  properties.hsmUri ??= `https://${doc.name}.managedhsm.azure.net/`;
  properties.enableSoftDelete ??= true;
  properties.softDeleteRetentionInDays ??= 90;
  doc.properties = properties;
  doc.sku ??= { family: "B", name: "Standard_B1" };
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
  // Keys: PUT creates if absent (createIfNotExist); ARM has no key PATCH.
  { type: "Microsoft.KeyVault/vaults/keys", put: { lro: false }, provisioningState: false, complete: completeKey },
  { type: "Microsoft.KeyVault/vaults/secrets", put: { lro: false, createdStatus: 201 }, patch: { lro: false }, provisioningState: false, complete: completeSecret },
  { type: "Microsoft.KeyVault/managedHSMs", put: { lro: true }, patch: { lro: true }, complete: completeHsm },
];
