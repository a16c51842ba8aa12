import { describe, expect, it } from "vitest";
import { analyzeRows, DEFAULT_ALLOWLIST, type AllowlistEntry, type Anomaly } from "../../../shared/anomalies/index.ts";
import { ALICE, administrativeOperation, diagnosticSetting, HOUR, KEY_VAULT_SHAPES, NOW, OTHER_VAULT, rowsOf, VAULT, WINDOW_START, normalEstate, type KeyVaultShape, type Who } from "./traffic.ts";

const MALLORY: Who = { oid: "66666666-0000-4000-8000-000000000006", appid: "04b07795-8ddb-461a-bbee-02f9e1bf7b46", upn: "mallory@contoso.example" };
/** The service's own identity, which creates the `encryption-guard` setting when a vault has none. */
const GUARD: Who = { oid: "77777777-0000-4000-8000-000000000007", appid: "77777777-0000-4000-8000-0000000000a7" };
const WORKSPACE = "/subscriptions/6f1c3b2a-1111-4222-8333-944455556666/resourceGroups/rg-monitor/providers/Microsoft.OperationalInsights/workspaces/law";
const DELETE = "MICROSOFT.INSIGHTS/DIAGNOSTICSETTINGS/DELETE";
const WRITE = "MICROSOFT.INSIGHTS/DIAGNOSTICSETTINGS/WRITE";

const sendsAudit = { properties: { workspaceId: WORKSPACE, logs: [{ categoryGroup: "audit", enabled: true }] } };
const metricsOnly = { properties: { workspaceId: WORKSPACE, logs: [{ category: "AuditEvent", enabled: false }], metrics: [{ category: "AllMetrics", enabled: true }] } };
const toStorageOnly = { properties: { storageAccountId: "/subscriptions/x/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st", logs: [{ category: "AuditEvent", enabled: true }] } };

let correlation = 0;
const at = (hourOfDay: number) => WINDOW_START + hourOfDay * HOUR;
const operation = (time: number, name: string, target: string, who: Who, body?: unknown) => ({
  time,
  operation: name,
  target,
  who,
  correlationId: `c-${++correlation}`,
  clientIp: "203.0.113.9",
  ...(body ? { body } : {}),
});

function analyze(shape: KeyVaultShape, activity: Record<string, unknown>[], allowlist: readonly AllowlistEntry[] = DEFAULT_ALLOWLIST): Anomaly[] {
  const rows = [...rowsOf(normalEstate(), shape), ...activity];
  return analyzeRows(rows, { now: NOW, allowlist, serviceIdentity: { objectId: GUARD.oid, appId: GUARD.appid } }).anomalies;
}

describe.each(KEY_VAULT_SHAPES)("logging-disabled, with the audit log in %s", (shape) => {
  it("fires, critical, when someone deletes the vault's diagnostic setting; the anomaly names the vault, not the setting", () => {
    const anomalies = analyze(shape, administrativeOperation(operation(at(3), DELETE, diagnosticSetting("audit-to-law"), MALLORY)));
    expect(anomalies.map((anomaly) => anomaly.kind)).toEqual(["logging-disabled"]);
    expect(anomalies[0]).toMatchObject({
      vault: VAULT,
      caller: { oid: MALLORY.oid, appid: MALLORY.appid, upn: MALLORY.upn },
      severity: "critical",
      start: new Date(at(3)).toISOString(),
      end: new Date(at(3) + 3000).toISOString(),
      evidence: { settings: [{ setting: "audit-to-law", change: "deleted", outcome: "succeeded" }], addresses: ["203.0.113.9"] },
    });
  });

  it.each([
    ["stops sending the audit category", metricsOnly, "changed to send no audit events"],
    ["sends it to a storage account only", toStorageOnly, "changed to send audit events to no Log Analytics workspace"],
  ])("fires when a write %s", (_what, body, change) => {
    const anomalies = analyze(shape, administrativeOperation(operation(at(5), WRITE, diagnosticSetting("audit-to-law"), MALLORY, body)));
    expect(anomalies).toEqual([expect.objectContaining({ kind: "logging-disabled", evidence: expect.objectContaining({ settings: [expect.objectContaining({ change })] }) })]);
  });

  it("stays quiet for the service's own writes and deletions, for a write that keeps the audit log, and for a refused deletion", () => {
    const activity = [
      ...administrativeOperation(operation(at(2), WRITE, diagnosticSetting("encryption-guard"), GUARD, sendsAudit)),
      ...administrativeOperation(operation(at(2), DELETE, diagnosticSetting("old-guard-setting"), GUARD)),
      ...administrativeOperation(operation(at(4), WRITE, diagnosticSetting("audit-to-law"), ALICE, sendsAudit)),
      ...administrativeOperation(operation(at(6), DELETE, diagnosticSetting("audit-to-law", OTHER_VAULT), MALLORY), "Failure"),
    ];
    expect(analyze(shape, activity)).toEqual([]);
  });

  it("is not silenced by an allowlist entry written for other kinds, only by one that names it", () => {
    const activity = administrativeOperation(operation(at(3), DELETE, diagnosticSetting("audit-to-law"), MALLORY));
    expect(analyze(shape, activity, [...DEFAULT_ALLOWLIST, { oid: MALLORY.oid, reason: "the platform team's automation" }])).toHaveLength(1);
    expect(analyze(shape, activity, [...DEFAULT_ALLOWLIST, { oid: MALLORY.oid, kinds: ["logging-disabled"], reason: "decommissioning" }])).toEqual([]);
  });
});
