import { describe, expect, it } from "vitest";
import type { Anomaly } from "../../../shared/anomalies/index.ts";
import { parseSettings, SettingsError, findingsLogFromEnv } from "../../../shared/config/settings.ts";
import { actionRow, anomalyRow, FINDINGS_LOG_COLUMNS, findingRow, type FindingsLogRow } from "../../../shared/ingest/index.ts";
import type { ActionRecord } from "../../../shared/store/types.ts";
import { HOSTILE_ACTUAL, STORAGE_ID, SUBSCRIPTION, tlsFinding } from "../tickets/samples.ts";

const AT = new Date("2026-03-01T12:00:00Z");
const DECLARED = new Map<string, string>(FINDINGS_LOG_COLUMNS.map((c) => [c.name, c.type]));

/** What the stream would drop or null: a column it does not declare, or a value of another type. */
function misfits(row: FindingsLogRow): string[] {
  return Object.entries(row).flatMap(([name, value]) => {
    const type = DECLARED.get(name);
    if (!type) return [`${name}: not declared`];
    const ok = type === "string" ? typeof value === "string" : type === "real" ? typeof value === "number" : type === "datetime" ? typeof value === "string" && !Number.isNaN(Date.parse(value)) : true;
    return ok ? [] : [`${name}: not a ${type}`];
  });
}

const fix: ActionRecord = {
  id: "3f9c2a10-0000-4000-8000-00000000aa01",
  kind: "remediation",
  status: "applied",
  resourceId: STORAGE_ID,
  controlId: "storage.min-tls",
  actor: "func-encguard",
  correlationId: "c-1",
  startedAt: "2026-03-01T12:00:00.000Z",
  finishedAt: "2026-03-01T12:00:02.000Z",
  fix: {
    resourceId: STORAGE_ID,
    resourceType: "Microsoft.Storage/storageAccounts",
    controlId: "storage.min-tls",
    safety: "safe",
    summary: "set minimumTlsVersion to TLS1_2",
    changes: [{ path: "properties.minimumTlsVersion", before: "TLS1_0", after: "TLS1_2" }],
  },
  finding: tlsFinding({ decision: "remediate" }),
};

const anomaly: Anomaly = {
  kind: "volume-spike",
  vault: `/subscriptions/${SUBSCRIPTION}/resourcegroups/sec/providers/microsoft.keyvault/vaults/kv1`,
  caller: { oid: "o", appid: "a", upn: "eve@contoso.com" },
  start: "2026-03-01T10:00:00Z",
  end: "2026-03-01T11:00:00Z",
  severity: "high",
  score: 4.2,
  evidence: { requests: 900, baseline: 12 },
};

describe("rows of the findings log", () => {
  it("a finding: where it lives, what was found, and the frameworks it maps to", () => {
    const row = findingRow(tlsFinding(), AT);
    expect(row).toMatchObject({
      TimeGenerated: AT.toISOString(),
      RecordKind: "finding",
      ResourceId: STORAGE_ID,
      ResourceName: "appdata01",
      ResourceGroup: "app",
      SubscriptionId: SUBSCRIPTION,
      ControlId: "storage.min-tls",
      Status: "noncompliant",
      EvidenceActual: "TLS1_0",
      Mcsb: "DP-3",
      PolicyDefinitionId: "/providers/Microsoft.Authorization/policyDefinitions/fe83a0eb-a853-422d-aac2-1bffd182c5d0",
      Fingerprint: expect.stringMatching(/^[0-9a-f]{20}$/),
    });
    expect(misfits(row)).toEqual([]);
  });

  it("an action: its id for rollback, its changes, and its outcome as Status", () => {
    const row = actionRow(fix);
    expect(row).toMatchObject({
      RecordKind: "action",
      ActionId: fix.id,
      ActionKind: "remediation",
      Status: "applied",
      TimeGenerated: fix.finishedAt,
      Changes: [{ path: "properties.minimumTlsVersion", before: "TLS1_0", after: "TLS1_2" }],
    });
    expect(misfits(row)).toEqual([]);
  });

  it("an anomaly: the vault, the caller and the window", () => {
    const row = anomalyRow(anomaly, AT);
    expect(row).toMatchObject({ RecordKind: "anomaly", AnomalyKind: "volume-spike", ResourceName: "kv1", Caller: { upn: "eve@contoso.com" }, Score: 4.2, WindowStart: anomaly.start });
    expect(misfits(row)).toEqual([]);
  });

  it("outside text stays data, cleaned of control characters and bounded", () => {
    const row = findingRow(tlsFinding({ evidence: { path: "properties.x", actual: { nested: HOSTILE_ACTUAL, big: "y".repeat(100_000) }, expected: "z" }, reason: `r\u202E${"w".repeat(10_000)}` }), AT);
    expect(JSON.stringify(row)).not.toMatch(/[\u0000\u202E]/);
    expect((row.Reason as string).length).toBeLessThanOrEqual(4_096);
    expect(typeof row.EvidenceActual).toBe("string");
    expect((row.EvidenceActual as string).length).toBeLessThanOrEqual(16_384);
  });
});

describe("findings log settings", () => {
  const endpoint = "https://dce-1.westeurope-1.ingest.monitor.azure.com";
  const ruleId = "dcr-b74e0d383fc9415abaa584ec41adece3";

  it("are optional; with an endpoint and a rule the stream defaults to the deployment's", () => {
    expect(findingsLogFromEnv({})).toBeUndefined();
    expect(parseSettings({ GUARD_LOGS_INGESTION_ENDPOINT: endpoint, GUARD_LOGS_RULE_ID: ruleId }).findingsLog).toEqual({ endpoint, ruleId, stream: "Custom-EncryptionGuardFindings" });
    expect(findingsLogFromEnv({ GUARD_LOGS_INGESTION_ENDPOINT: endpoint, GUARD_LOGS_RULE_ID: ruleId, GUARD_LOGS_STREAM: "Custom-Other", GUARD_LOGS_CA_CERT_FILE: "ca.pem" })).toEqual({
      endpoint,
      ruleId,
      stream: "Custom-Other",
      caCertFile: "ca.pem",
    });
  });

  it.each([
    [{ GUARD_LOGS_INGESTION_ENDPOINT: endpoint }, "set both"],
    [{ GUARD_LOGS_RULE_ID: ruleId }, "set both"],
    [{ GUARD_LOGS_INGESTION_ENDPOINT: "http://dce", GUARD_LOGS_RULE_ID: ruleId }, "GUARD_LOGS_INGESTION_ENDPOINT: must be an https:// URL"],
    [{ GUARD_LOGS_INGESTION_ENDPOINT: endpoint, GUARD_LOGS_RULE_ID: "my-rule" }, "GUARD_LOGS_RULE_ID: must be the data collection rule's immutable id"],
    [{ GUARD_LOGS_INGESTION_ENDPOINT: endpoint, GUARD_LOGS_RULE_ID: ruleId, GUARD_LOGS_STREAM: "EncryptionGuardFindings_CL" }, "GUARD_LOGS_STREAM: must be a stream"],
  ])("name the setting that is wrong: %o", (env, message) => {
    expect(() => parseSettings(env)).toThrow(SettingsError);
    expect(() => findingsLogFromEnv(env)).toThrow(message);
  });
});
