import { describe, expect, it } from "vitest";
import { evaluationTarget } from "../../../shared/resources/index.ts";

const RG = "/subscriptions/1b2c3d4e-0000-4000-8000-00000000abcd/resourceGroups/rg/providers";

describe("evaluationTarget", () => {
  it.each([
    [`${RG}/Microsoft.Storage/storageAccounts/st1`, "Microsoft.Storage/storageAccounts", `${RG}/Microsoft.Storage/storageAccounts/st1`],
    [`${RG}/Microsoft.Sql/servers/s1/databases/db1/transparentDataEncryption/current`, "Microsoft.Sql/servers/databases", `${RG}/Microsoft.Sql/servers/s1/databases/db1`],
    [`${RG}/microsoft.web/SITES/app1/config/web`, "Microsoft.Web/sites", `${RG}/microsoft.web/SITES/app1`],
    [`${RG}/Microsoft.Sql/servers/s1/encryptionProtector/current`, "Microsoft.Sql/servers", `${RG}/Microsoft.Sql/servers/s1`],
  ])("maps %s to its %s", (changed, type, target) => {
    const result = evaluationTarget(changed);
    expect(result?.module.type).toBe(type);
    expect(result?.id.id).toBe(target);
  });

  it("ignores types the service does not cover", () => {
    expect(evaluationTarget(`${RG}/Microsoft.Sql/servers/s1/firewallRules/all`)).toBeUndefined();
    expect(evaluationTarget(`${RG}/Microsoft.Foo/bars/b1`)).toBeUndefined();
  });
});
