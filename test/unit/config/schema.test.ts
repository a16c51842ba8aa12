import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { POLICY_SCHEMA_FILE, renderPolicySchema } from "../../../shared/config/writePolicySchema.ts";

describe("published policy JSON Schema", () => {
  it("matches the schema generated from the code (run `npm run schema:policy` after changing the policy or the catalog)", async () => {
    const committed = await readFile(POLICY_SCHEMA_FILE, "utf8");
    expect(committed).toBe(renderPolicySchema());
  });

  it("completes control ids and sink types in editors", () => {
    const schema = JSON.parse(renderPolicySchema()) as {
      properties: { controls: { properties: Record<string, unknown>; additionalProperties: boolean } };
    };
    expect(Object.keys(schema.properties.controls.properties)).toContain("storage.min-tls");
    expect(schema.properties.controls.additionalProperties).toBe(false);
    expect(renderPolicySchema()).toContain('"const": "azure-devops"');
  });
});
