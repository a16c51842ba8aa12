import { describe, expect, it } from "vitest";
import { armFixture, catalogControl as control, evaluateAfterFix, evaluateFixture, oddDocuments, planFor } from "./arm-fixtures.ts";

const minTls = control("storage.min-tls");
const httpsOnly = control("storage.https-only");
const cmk = control("storage.cmk");
const infrastructure = control("storage.infrastructure-encryption");

describe("storage.min-tls", () => {
  it("accepts TLS1_2 and TLS1_3", () => {
    expect(evaluateFixture(minTls, "storage/account-cmk-hardened.json").status).toBe("compliant");
    expect(evaluateFixture(minTls, "storage/account-keyvault-without-key.json").status).toBe("compliant");
  });
  it("reads an absent minimumTlsVersion as TLS1_0, as the API documents", () => {
    const verdict = evaluateFixture(minTls, "storage/account-legacy-defaults.json");
    expect(verdict.status).toBe("noncompliant");
    expect(verdict.evidence).toEqual({ path: "properties.minimumTlsVersion", actual: null, expected: "TLS1_2 or TLS1_3" });
    expect(verdict.reason).toMatch(/TLS1_0/);
  });
  it("rejects TLS1_1 on a lower-case Resource Graph document", () => {
    expect(evaluateFixture(minTls, "storage/account-resource-graph.json").status).toBe("noncompliant");
  });
  it("plans TLS1_2 and the fixed document complies", () => {
    expect(planFor(minTls, "storage/account-legacy-defaults.json").changes).toEqual([{ path: "properties.minimumTlsVersion", before: null, after: "TLS1_2" }]);
    expect(evaluateAfterFix(minTls, "storage/account-legacy-defaults.json").status).toBe("compliant");
  });
  it("says unknown for a value that is not a TLS version", () => {
    const doc = armFixture("storage/account-cmk-hardened.json");
    expect(minTls.evaluate({ ...doc, properties: { ...doc.properties, minimumTlsVersion: 12 } }, { classification: "general" }).status).toBe("unknown");
  });
});

describe("storage.https-only", () => {
  it('accepts secure transfer, also as the string "true"', () => {
    expect(evaluateFixture(httpsOnly, "storage/account-cmk-hardened.json").status).toBe("compliant");
    expect(evaluateFixture(httpsOnly, "storage/account-resource-graph.json").status).toBe("compliant");
  });
  it("rejects supportsHttpsTrafficOnly false", () => {
    const verdict = evaluateFixture(httpsOnly, "storage/account-legacy-defaults.json");
    expect(verdict.status).toBe("noncompliant");
    expect(verdict.evidence.actual).toBe(false);
  });
  it("says unknown when the flag is missing rather than guessing", () => {
    const doc = armFixture("storage/account-legacy-defaults.json");
    const { supportsHttpsTrafficOnly: _dropped, ...rest } = doc.properties ?? {};
    expect(httpsOnly.evaluate({ ...doc, properties: rest }, { classification: "general" }).status).toBe("unknown");
  });
  it("plans supportsHttpsTrafficOnly true (the wire name, not the SDK's enableHttpsTrafficOnly)", () => {
    expect(planFor(httpsOnly, "storage/account-legacy-defaults.json").changes).toEqual([{ path: "properties.supportsHttpsTrafficOnly", before: false, after: true }]);
    expect(evaluateAfterFix(httpsOnly, "storage/account-legacy-defaults.json").status).toBe("compliant");
  });
});

describe("storage.cmk", () => {
  const params = {
    keyVaultUri: "https://kv-contoso-keys.vault.azure.net",
    keyName: "storage-wrap",
    userAssignedIdentityId: "/subscriptions/3f2a6c1e-8d4b-4a57-9a0e-2b7c9d1e5f60/resourceGroups/rg-identity/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-storage-cmk",
  };
  it("accepts the Microsoft.Keyvault key source with a vault URI and key name", () => {
    expect(evaluateFixture(cmk, "storage/account-cmk-hardened.json").status).toBe("compliant");
  });
  it("reads the key source and key properties in any casing", () => {
    expect(evaluateFixture(cmk, "storage/account-resource-graph.json").status).toBe("compliant");
  });
  it("rejects Microsoft-managed keys", () => {
    const verdict = evaluateFixture(cmk, "storage/account-legacy-defaults.json");
    expect(verdict.status).toBe("noncompliant");
    expect(verdict.evidence).toEqual({ path: "properties.encryption.keySource", actual: "Microsoft.Storage", expected: expect.stringContaining("Microsoft.Keyvault") });
  });
  it("rejects a Key Vault key source without a key", () => {
    const verdict = evaluateFixture(cmk, "storage/account-keyvault-without-key.json");
    expect(verdict.status).toBe("noncompliant");
    expect(verdict.evidence.path).toBe("properties.encryption.keyvaultproperties");
  });
  it("treats a missing encryption block as Microsoft-managed keys", () => {
    const doc = armFixture("storage/account-legacy-defaults.json");
    expect(cmk.evaluate({ ...doc, properties: { supportsHttpsTrafficOnly: true } }, { classification: "general" }).status).toBe("noncompliant");
  });
  it("plans nothing without a key and an identity", () => {
    expect(cmk.fix?.plan(armFixture("storage/account-legacy-defaults.json"), {})).toBeUndefined();
    expect(cmk.fix?.plan(armFixture("storage/account-legacy-defaults.json"), { keyVaultUri: params.keyVaultUri, keyName: "k" })).toBeUndefined();
  });
  it("plans the key, the identity and the key source, keeping a system-assigned identity", () => {
    const { changes } = planFor(cmk, "storage/account-keyvault-without-key.json", { ...params, keyVersion: "6a1b2c3d" });
    expect(changes).toEqual([
      {
        path: "identity",
        before: expect.objectContaining({ type: "SystemAssigned" }),
        after: { type: "SystemAssigned,UserAssigned", userAssignedIdentities: { [params.userAssignedIdentityId]: {} } },
      },
      { path: "properties.encryption.identity", before: null, after: { userAssignedIdentity: params.userAssignedIdentityId } },
      { path: "properties.encryption.keyvaultproperties", before: {}, after: { keyvaulturi: params.keyVaultUri, keyname: "storage-wrap", keyversion: "6a1b2c3d" } },
      { path: "properties.encryption.keySource", before: "Microsoft.Keyvault", after: "Microsoft.Keyvault" },
    ]);
    expect(evaluateAfterFix(cmk, "storage/account-legacy-defaults.json", params).status).toBe("compliant");
  });
});

describe("storage.infrastructure-encryption", () => {
  it("accepts requireInfrastructureEncryption true", () => {
    expect(evaluateFixture(infrastructure, "storage/account-cmk-hardened.json").status).toBe("compliant");
  });
  it("reads an absent flag as off", () => {
    const verdict = evaluateFixture(infrastructure, "storage/account-legacy-defaults.json");
    expect(verdict.status).toBe("noncompliant");
    expect(verdict.evidence.path).toBe("properties.encryption.requireInfrastructureEncryption");
  });
  it("has no fix: the setting is chosen when the account is created", () => {
    expect(infrastructure.fix).toBeUndefined();
    expect(infrastructure.minClassification).toBe("highly-confidential");
  });
});

describe("storage controls on odd documents", () => {
  for (const odd of oddDocuments("Microsoft.Storage/storageAccounts")) {
    it(`say unknown for properties ${JSON.stringify(odd.properties)}`, () => {
      for (const c of [minTls, httpsOnly, cmk, infrastructure]) expect(c.evaluate(odd, { classification: "general" }).status).toBe("unknown");
    });
  }
});
