import { describe, expect, it } from "vitest";
import { parseResourceId, ResourceIdError } from "../../../shared/core/index.ts";

const SUB = "/subscriptions/1b2c3d4e-0000-4000-8000-00000000abcd";

describe("parseResourceId", () => {
  it("parses nested types and keeps the caller's casing", () => {
    const id = parseResourceId(`${SUB}/resourcegroups/RG-One/providers/Microsoft.Sql/servers/srv1/databases/db1`);
    expect(id).toMatchObject({ resourceGroup: "RG-One", provider: "Microsoft.Sql", type: "Microsoft.Sql/servers/databases", names: ["srv1", "db1"], name: "db1" });
  });

  it.each([
    ["", "not a non-empty string"],
    ["subscriptions/x/resourceGroups/r/providers/P/t/n", "must start with /subscriptions/"],
    [`${SUB}/providers/Microsoft.Storage/storageAccounts/x`, "no /resourceGroups/"],
    [`${SUB}/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts`, "pairs"],
    [`${SUB}/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/a b`, "unexpected characters"],
    ["/subscriptions/../resourceGroups/rg/providers/P/t/n", "unexpected characters"],
  ])("rejects %j (%s)", (value, reason) => {
    expect(() => parseResourceId(value)).toThrow(ResourceIdError);
    expect(() => parseResourceId(value)).toThrow(reason);
  });
});
