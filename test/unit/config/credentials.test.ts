import { describe, expect, it } from "vitest";
import { findCredentials, looksLikeCredentialKey } from "../../../shared/config/credentials.ts";

describe("looksLikeCredentialKey", () => {
  it("flags credential words in any casing style", () => {
    for (const key of ["token", "apiKey", "api_key", "clientSecret", "password", "sasToken", "connectionString", "PrivateKey", "hmac-secret"]) {
      expect(looksLikeCredentialKey(key), key).toBe(true);
    }
  });
  it("accepts fields that name a setting, and ordinary fields", () => {
    for (const key of ["tokenSetting", "passwordSetting", "secretSetting", "keyName", "keyVaultUri", "repo", "disasterRecovery", "classification"]) {
      expect(looksLikeCredentialKey(key), key).toBe(false);
    }
  });
});

describe("findCredentials", () => {
  it("treats control ids and alias values as data, not field names", () => {
    const document = { controls: { "keyvault.secret-expiry": { mode: "audit" } }, classification: { aliases: { Secret: "highly-confidential" } } };
    expect(findCredentials(document)).toEqual([]);
  });
  it("finds secrets in values: tokens, private keys, URLs with passwords or signed queries", () => {
    const found = findCredentials({
      a: "ghp_abcdefghijklmnopqrstuvwxyz0123456789",
      b: ["-----BEGIN RSA PRIVATE KEY-----"],
      c: "https://user:pass@hooks.example.com/x",
      d: "https://contoso.azurewebsites.net/api/hook?code=abc",
      e: "https://hooks.example.com/encryption?team=security",
    });
    expect(found.map((issue) => issue.path)).toEqual([["a"], ["b", 0], ["c"], ["d"]]);
  });
});
