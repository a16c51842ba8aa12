import { FINDINGS_TABLE } from "./schema.ts";

/**
 * The Azure Monitor workbook the deployment installs beside the findings table: posture now,
 * its trend, where the problems are, the fixes made and the key access anomalies. Every query
 * here is analysed by the Kusto language service against the table's columns
 * (test/unit/ingest/workbook.test.ts), so a renamed column fails a test, not a dashboard.
 */

/** The latest finding of each resource and control within the workbook's time range. */
const LATEST_FINDINGS = `${FINDINGS_TABLE}
| where RecordKind == "finding"
| summarize arg_max(TimeGenerated, Status, Severity, Stage, Classification, ResourceName, ResourceGroup, SubscriptionId, Decision, Reason, EvidencePath, EvidenceActual, EvidenceExpected, Mcsb) by ResourceId, ControlId`;

/** The latest state of each action within the time range: an action is recorded as an intent, then its outcome. */
const LATEST_ACTIONS = `${FINDINGS_TABLE}
| where RecordKind == "action"
| summarize arg_max(TimeGenerated, ActionKind, Status, ResourceName, ResourceGroup, ControlId, Severity, Summary, Actor, RollbackOf, ErrorMessage) by ActionId`;

export const WORKBOOK_QUERIES = {
  postureByStatus: `${LATEST_FINDINGS}
| summarize Findings = count() by Status
| order by Findings desc`,

  noncompliantBySeverity: `${LATEST_FINDINGS}
| where Status == "noncompliant"
| summarize Findings = count() by Severity
| extend Rank = case(Severity == "critical", 0, Severity == "high", 1, Severity == "medium", 2, 3)
| order by Rank asc
| project Severity, Findings`,

  postureByStage: `${LATEST_FINDINGS}
| where Status in ("compliant", "noncompliant", "unknown")
| summarize Compliant = countif(Status == "compliant"), Noncompliant = countif(Status == "noncompliant"), Unknown = countif(Status == "unknown") by Stage
| extend CompliantPercent = round(100.0 * Compliant / (Compliant + Noncompliant + Unknown), 1)
| order by CompliantPercent asc`,

  postureByClassification: `${LATEST_FINDINGS}
| where Status in ("compliant", "noncompliant", "unknown")
| summarize Compliant = countif(Status == "compliant"), Noncompliant = countif(Status == "noncompliant"), Unknown = countif(Status == "unknown") by Classification
| extend CompliantPercent = round(100.0 * Compliant / (Compliant + Noncompliant + Unknown), 1)
| order by CompliantPercent asc`,

  complianceTrend: `${FINDINGS_TABLE}
| where RecordKind == "finding" and Status in ("compliant", "noncompliant", "unknown")
| summarize arg_max(TimeGenerated, Status) by Day = bin(TimeGenerated, 1d), ResourceId, ControlId
| summarize Compliant = countif(Status == "compliant"), Evaluated = count() by Day
| project Day, CompliantPercent = round(100.0 * Compliant / Evaluated, 1)
| order by Day asc`,

  worstControls: `${LATEST_FINDINGS}
| where Status == "noncompliant"
| summarize Noncompliant = count(), Resources = dcount(ResourceId) by ControlId, Severity, Mcsb
| top 10 by Noncompliant desc`,

  worstResourceGroups: `${LATEST_FINDINGS}
| where Status == "noncompliant"
| summarize Noncompliant = count() by SubscriptionId, ResourceGroup
| top 10 by Noncompliant desc`,

  noncompliantFindings: `${LATEST_FINDINGS}
| where Status == "noncompliant"
| project Severity, Resource = ResourceName, ResourceGroup, ControlId, Classification, Decision, EvidencePath, EvidenceActual, EvidenceExpected, Reason, LastSeen = TimeGenerated, ResourceId
| extend Rank = case(Severity == "critical", 0, Severity == "high", 1, Severity == "medium", 2, 3)
| order by Rank asc, Resource asc
| project-away Rank`,

  fixesPerDay: `${LATEST_ACTIONS}
| where ActionKind == "remediation" and Status == "applied"
| summarize Fixes = count() by Day = bin(TimeGenerated, 1d), ControlId
| order by Day asc`,

  fixesMade: `${LATEST_ACTIONS}
| where ActionKind in ("remediation", "rollback") and Status in ("applied", "failed", "not-confirmed")
| project TimeGenerated, ActionId, ActionKind, Status, Resource = ResourceName, ResourceGroup, ControlId, Summary, Actor, RollbackOf, ErrorMessage
| order by TimeGenerated desc`,

  anomaliesPerDay: `${FINDINGS_TABLE}
| where RecordKind == "anomaly"
| summarize Anomalies = count() by Day = bin(TimeGenerated, 1d), AnomalyKind
| order by Day asc`,

  anomalies: `${FINDINGS_TABLE}
| where RecordKind == "anomaly"
| project TimeGenerated, Severity, AnomalyKind, Vault = ResourceName, Caller = tostring(Caller.upn), CallerAppId = tostring(Caller.appid), WindowStart, WindowEnd, Score, Title
| order by TimeGenerated desc`,
} as const;

export type WorkbookQueryName = keyof typeof WORKBOOK_QUERIES;

type Visualization = "table" | "barchart" | "piechart" | "timechart" | "areachart";

const WORKSPACE_RESOURCE_TYPE = "microsoft.operationalinsights/workspaces";

function text(name: string, markdown: string) {
  return { type: 1, name, content: { json: markdown } };
}

function query(name: WorkbookQueryName, title: string, visualization: Visualization, options: { width?: number } = {}) {
  return {
    type: 3,
    name,
    content: {
      version: "KqlItem/1.0",
      query: WORKBOOK_QUERIES[name],
      size: 0,
      title,
      timeContextFromParameter: "TimeRange",
      queryType: 0,
      resourceType: WORKSPACE_RESOURCE_TYPE,
      visualization,
    },
    ...(options.width ? { customWidth: String(options.width) } : {}),
  };
}

const DAY_MS = 86_400_000;

/**
 * The workbook's content as an object; the deployment serializes it into `serializedData` with
 * the workspace as its fallback resource, so it opens on the service's own workspace.
 */
export function findingsWorkbook() {
  return {
    version: "Notebook/1.0",
    items: [
      text(
        "title",
        `## Encryption Guard\nEncryption posture from the \`${FINDINGS_TABLE}\` table: every evaluation, fix, ticket and key access anomaly the service records. ` +
          "Posture counts each resource and control by its latest finding in the time range.",
      ),
      {
        type: 9,
        name: "parameters",
        content: {
          version: "KqlParameterItem/1.0",
          parameters: [
            {
              id: "9d2c3a14-5b0e-4c1f-8a7d-0e6f1b2c3d4e",
              version: "KqlParameterItem/1.0",
              name: "TimeRange",
              label: "Time range",
              type: 4,
              isRequired: true,
              value: { durationMs: 30 * DAY_MS },
              typeSettings: { selectableValues: [1, 7, 14, 30, 90].map((days) => ({ durationMs: days * DAY_MS })), allowCustom: true },
            },
          ],
          style: "pills",
          queryType: 0,
          resourceType: WORKSPACE_RESOURCE_TYPE,
        },
      },
      text("posture-heading", "### Posture"),
      query("postureByStatus", "Findings by status", "piechart", { width: 33 }),
      query("noncompliantBySeverity", "Non-compliant findings by severity", "barchart", { width: 33 }),
      query("postureByStage", "Compliant share by SE:07 stage", "table", { width: 33 }),
      query("postureByClassification", "Compliant share by data classification", "table", { width: 50 }),
      query("complianceTrend", "Compliant share per day", "timechart", { width: 50 }),
      text("problems-heading", "### Where the problems are"),
      query("worstControls", "Controls with the most non-compliant findings", "table", { width: 50 }),
      query("worstResourceGroups", "Resource groups with the most non-compliant findings", "table", { width: 50 }),
      query("noncompliantFindings", "Non-compliant findings", "table"),
      text("fixes-heading", "### Fixes\nEach fix's action id is what `encryption-guard rollback <action id>` takes to undo it."),
      query("fixesPerDay", "Fixes applied per day", "timechart", { width: 40 }),
      query("fixesMade", "Fixes and rollbacks", "table", { width: 60 }),
      text("anomalies-heading", "### Key access anomalies"),
      query("anomaliesPerDay", "Anomalies per day", "barchart", { width: 40 }),
      query("anomalies", "Anomalies", "table", { width: 60 }),
    ],
    $schema: "https://github.com/Microsoft/Application-Insights-Workbooks/blob/master/schema/workbook.json",
  };
}
