import { describe, expect, it } from "vitest";
import { isSelfOrChildOf, parseArmScope, parseResourceId, ResourceIdError } from "../../../shared/core/index.ts";

const SUB = "/subscriptions/1b2c3d4e-0000-4000-8000-00000000abcd";

describe("parseResourceId", () => {
  it("parses nested types, keeps the caller's casing and compares by a canonical form", () => {
    const id = parseResourceId(`${SUB}/resourcegroups/RG-One/providers/Microsoft.Sql/servers/srv1/databases/db1/`);
    expect(id).toMatchObject({ resourceGroup: "RG-One", provider: "Microsoft.Sql", type: "Microsoft.Sql/servers/databases", names: ["srv1", "db1"], name: "db1" });
    expect(id.id).toBe(`${SUB}/resourcegroups/RG-One/providers/Microsoft.Sql/servers/srv1/databases/db1`);
    expect(id.canonical).toBe(parseResourceId(id.id.toUpperCase().replace("/SUBSCRIPTIONS/", "/subscriptions/")).canonical);
  });

  it("accepts the names ARM allows: Unicode letters, parentheses and dots inside a group name", () => {
    expect(parseResourceId(`${SUB}/resourceGroups/rg.(prod)_Ä1/providers/Microsoft.DBforMySQL/flexibleServers/my1/configurations/tls_version`).resourceGroup).toBe("rg.(prod)_Ä1");
  });

  it.each([
    ["", "not a non-empty string"],
    ["subscriptions/x/resourceGroups/r/providers/P/t/n", "must start with /subscriptions/"],
    [`${SUB}/providers/Microsoft.Storage/storageAccounts/x`, "no /resourceGroups/"],
    [`${SUB}/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts`, "pairs"],
    [`${SUB}/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/a b`, "does not allow"],
    ["/subscriptions/../resourceGroups/rg/providers/P/t/n", "is not a GUID"],
    [`${SUB}/resourceGroups/rg%2Dlegacy/providers/Microsoft.Storage/storageAccounts/st1`, "percent sign"],
    [`${SUB}/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st%31`, "percent sign"],
    [`${SUB}/resourceGroups/../providers/Microsoft.Storage/storageAccounts/st1`, "is not a valid name"],
    [`${SUB}/resourceGroups/rg-legacy./providers/Microsoft.Storage/storageAccounts/st1`, "not ending in a dot"],
    [`${SUB}/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/..`, "relative path segment"],
    [`${SUB}/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/.`, "relative path segment"],
    [`${SUB}/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st1.`, "ends with a dot"],
    [`${SUB}/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st:1`, "does not allow"],
    [`${SUB}/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st\u202e1`, "does not allow"],
    [`${SUB}/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st#1`, "does not allow"],
    [`${SUB}/resourceGroups/rg/providers/Microsoft.Storage/storage..Accounts/st1`, "type segment"],
    [`${SUB}/resourceGroups/rg/providers/Microsoft/storageAccounts/st1`, "provider namespace"],
    [`${SUB}/resourceGroups/r g/providers/Microsoft.Storage/storageAccounts/st1`, "is not a valid name"],
    [`${SUB}//resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st1`, "empty segment"],
    [`${SUB}/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/${"a".repeat(2100)}`, "longer than 2048"],
  ])("rejects %j (%s)", (value, reason) => {
    expect(() => parseResourceId(value)).toThrow(ResourceIdError);
    expect(() => parseResourceId(value)).toThrow(reason);
  });
});

describe("parseArmScope", () => {
  it("reads a subscription, a resource group and a resource", () => {
    expect(parseArmScope(`${SUB}/`)).toMatchObject({ kind: "subscription", id: SUB });
    expect(parseArmScope(`${SUB}/resourceGroups/RG-App`)).toMatchObject({ kind: "resourceGroup", resourceGroup: "RG-App", canonical: `${SUB}/resourcegroups/rg-app` });
    expect(parseArmScope(`${SUB}/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st1`)).toMatchObject({ kind: "resource", resourceGroup: "rg" });
  });

  it("refuses an encoded or relative resource group", () => {
    expect(() => parseArmScope(`${SUB}/resourceGroups/rg%2Dlegacy`)).toThrow("percent sign");
    expect(() => parseArmScope(`${SUB}/resourceGroups/..`)).toThrow("is not a valid name");
    expect(() => parseArmScope(`${SUB}/storage`)).toThrow(ResourceIdError);
  });
});

describe("isSelfOrChildOf", () => {
  it("compares canonical ids, never a name that merely starts the same", () => {
    const db = parseResourceId(`${SUB}/resourceGroups/rg/providers/Microsoft.Sql/servers/s1/databases/db1`);
    expect(isSelfOrChildOf(parseResourceId(`${db.id}/transparentDataEncryption/current`), db)).toBe(true);
    expect(isSelfOrChildOf(parseResourceId(db.id.toUpperCase().replace("/SUBSCRIPTIONS/", "/subscriptions/")), db)).toBe(true);
    expect(isSelfOrChildOf(parseResourceId(`${db.id}0`), db)).toBe(false);
  });
});
