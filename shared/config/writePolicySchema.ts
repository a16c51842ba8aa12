/**
 * Writes the policy's JSON Schema to schema/encryption-guard.policy.schema.json
 * (`npm run schema:policy`); a unit test fails when the committed file is stale.
 */
import { writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { policyJsonSchema } from "./policySchema.ts";

export const POLICY_SCHEMA_FILE = fileURLToPath(new URL("../../schema/encryption-guard.policy.schema.json", import.meta.url));

export function renderPolicySchema(): string {
  return `${JSON.stringify(policyJsonSchema(), null, 2)}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await writeFile(POLICY_SCHEMA_FILE, renderPolicySchema());
  console.log(`wrote ${POLICY_SCHEMA_FILE}`);
}
