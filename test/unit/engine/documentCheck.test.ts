import { describe, expect, it } from "vitest";
import { checkDocument, closestCoveredType } from "../../../shared/engine/index.ts";

const RG = "/subscriptions/1b2c3d4e-0000-4000-8000-00000000abcd/resourceGroups/rg/providers";
const doc = (type: string, id = `${RG}/${type}/x`) => ({ id, type, name: "x" });

describe("documents given for evaluation that no control can judge", () => {
  it("judged documents, and the parents and children of covered types, have nothing to say", () => {
    expect(checkDocument(doc("Microsoft.Storage/storageAccounts"))).toBeUndefined();
    expect(checkDocument(doc("microsoft.storage/STORAGEACCOUNTS"))).toBeUndefined();
    expect(checkDocument(doc("Microsoft.Sql/servers/databases", `${RG}/Microsoft.Sql/servers/s/databases/d`))).toBeUndefined();
    expect(checkDocument(doc("Microsoft.Web/sites/config", `${RG}/Microsoft.Web/sites/app/config/web`))).toBeUndefined();
  });

  it("a misspelled type is wrong, and the message names the type it was probably meant to be", () => {
    expect(checkDocument(doc("Microsoft.Storage/storageAcounts"))).toEqual({
      kind: "unknown-type",
      message: "type Microsoft.Storage/storageAcounts is not one Encryption Guard knows; did you mean Microsoft.Storage/storageAccounts?",
      wrong: true,
    });
    expect(closestCoveredType("Microsoft.KeyVault/vault")).toBe("Microsoft.KeyVault/vaults");
    expect(closestCoveredType("Microsoft.Network/virtualNetworks")).toBeUndefined();
  });

  it("an id that is not a resource id, or that names another type, is wrong", () => {
    expect(checkDocument(doc("Microsoft.Storage/storageAccounts", "storageAccounts/x"))).toMatchObject({
      kind: "invalid-id",
      wrong: true,
      message: expect.stringMatching(/^id is not an ARM resource id: must start with/),
    });
    expect(checkDocument(doc("Microsoft.KeyVault/vaults", `${RG}/Microsoft.Storage/storageAccounts/x`))).toMatchObject({
      kind: "type-mismatch",
      wrong: true,
      message: "type Microsoft.KeyVault/vaults is not the type its id names, Microsoft.Storage/storageAccounts",
    });
  });

  it("a real type no control covers is only information", () => {
    expect(checkDocument(doc("Microsoft.Network/virtualNetworks"))).toEqual({ kind: "not-covered", message: "no control covers type Microsoft.Network/virtualNetworks", wrong: false });
  });
});
