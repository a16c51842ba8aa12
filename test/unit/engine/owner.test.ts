import { describe, expect, it } from "vitest";
import { DEFAULT_POLICY } from "../../../shared/config/policy.ts";
import { findingsOf } from "../../../shared/engine/index.ts";

const tde = {
  id: "/subscriptions/1b2c3d4e-0000-4000-8000-00000000abcd/resourceGroups/rg/providers/Microsoft.Sql/servers/s1/databases/db1",
  name: "current",
  type: "Microsoft.Sql/servers/databases/transparentDataEncryption",
  properties: { state: "Disabled" },
};

describe("the owner on a finding", () => {
  it("comes from the resource's own owner tag, in any casing", () => {
    const [finding] = findingsOf({ doc: { ...tde, tags: { Owner: "team-data" } } }, { policy: DEFAULT_POLICY });
    expect(finding?.owner).toBe("team-data");
  });

  it("falls back to the parent's tag for a child document, and is absent without one", () => {
    expect(findingsOf({ doc: tde, inheritedTags: { owner: "dba@contoso.com" } }, { policy: DEFAULT_POLICY })[0]?.owner).toBe("dba@contoso.com");
    expect(findingsOf({ doc: tde }, { policy: DEFAULT_POLICY })[0]).not.toHaveProperty("owner");
  });
});
