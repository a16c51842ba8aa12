import { describe, expect, it } from "vitest";
import { listDocuments, toSdkParameters, type Paged } from "../../../shared/azure/wire.ts";

describe("toSdkParameters", () => {
  it("lifts properties to the top level and applies renames inside object values", () => {
    const renames = {
      "properties.supportsHttpsTrafficOnly": "enableHttpsTrafficOnly",
      "properties.encryption.keyvaultproperties": "encryption.keyVaultProperties",
      "properties.encryption.keyvaultproperties.keyname": "encryption.keyVaultProperties.keyName",
    };
    const changes = [
      { path: "properties.supportsHttpsTrafficOnly", before: false, after: true },
      { path: "properties.encryption", before: null, after: { keySource: "Microsoft.Keyvault", keyvaultproperties: { keyname: "k1" } } },
      { path: "identity", before: null, after: { type: "UserAssigned" } },
    ];
    expect(toSdkParameters(changes, "after", renames)).toEqual({
      enableHttpsTrafficOnly: true,
      encryption: { keySource: "Microsoft.Keyvault", keyVaultProperties: { keyName: "k1" } },
      identity: { type: "UserAssigned" },
    });
  });

  it("takes the before values for a rollback and can keep properties nested", () => {
    const changes = [{ path: "properties.enablePurgeProtection", before: null, after: true }];
    expect(toSdkParameters(changes, "before", {}, false)).toEqual({ properties: { enablePurgeProtection: null } });
  });

  it("maps a prefix renamed to nothing onto the top level", () => {
    const changes = [{ path: "properties.siteConfig.minTlsVersion", before: "1.0", after: "1.2" }];
    expect(toSdkParameters(changes, "after", { "properties.siteConfig": "" }, false)).toEqual({ minTlsVersion: "1.2" });
  });
});

describe("listDocuments", () => {
  /** A listing whose every page links to another: a fault (or a hostile proxy), never a real estate. */
  const endless = (): Paged => ({
    byPage: async function* () {
      for (;;) yield [];
    },
  });

  it("stops a listing that never ends at its page cap, naming what it was listing", async () => {
    const read = async () => {
      for await (const doc of listDocuments(endless, "Microsoft.Storage/storageAccounts in subscription s1", 5)) void doc;
    };
    await expect(read()).rejects.toThrow("more than 5 pages listing Microsoft.Storage/storageAccounts in subscription s1");
  });
});
