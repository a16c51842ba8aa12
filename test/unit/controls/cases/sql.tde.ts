import type { CaseTable } from "../caseTable.ts";

const MASTER = "sql/tde-master-disabled.json";

export default {
  fix: "safe",
  cases: [
    { name: "accepts state Enabled on a document that carries the database id", doc: "sql/tde-enabled.json", status: "compliant", evidence: { path: "properties.state" } },
    { name: "reads lower-case state and type as Resource Graph returns them", doc: "sql/tde-resource-graph.json", status: "compliant" },
    { name: "rejects Disabled", doc: "sql/tde-disabled.json", status: "noncompliant" },
    {
      name: "reads the 2014-04-01 `status` spelling",
      doc: "sql/tde-2014-04-01-status.json",
      status: "noncompliant",
      evidence: { path: "properties.status", actual: "Disabled", expected: "Enabled" },
    },
    { name: "does not apply to master, whatever its state", doc: MASTER, status: "not-applicable", evidence: { actual: "master" } },
    {
      name: "takes the database from an id that ends in transparentDataEncryption/current too",
      doc: {
        fixture: MASTER,
        set: { id: "/subscriptions/3f2a6c1e-8d4b-4a57-9a0e-2b7c9d1e5f60/resourceGroups/rg-sql/providers/Microsoft.Sql/servers/sql-orders-prod/databases/master/transparentDataEncryption/current" },
      },
      status: "not-applicable",
    },
    { name: "says unknown when neither state nor status is there", doc: { fixture: "sql/tde-enabled.json", set: { properties: {} } }, status: "unknown", reason: /neither state nor status/ },
    { name: "says unknown for a state that is not a TDE state", doc: { fixture: "sql/tde-enabled.json", set: { properties: { state: true } } }, status: "unknown" },
    { name: "plans state Enabled", fix: "sql/tde-disabled.json", changes: [{ path: "properties.state", before: "Disabled", after: "Enabled" }] },
    { name: "plans state Enabled, which also fixes a 2014-04-01 document", fix: "sql/tde-2014-04-01-status.json" },
  ],
} satisfies CaseTable;
