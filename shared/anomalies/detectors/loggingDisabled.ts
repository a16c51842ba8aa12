import { HOUR_MS } from "../aggregate.ts";
import type { ActivityIndex, KnownIdentities } from "../activity.ts";
import { DIAGNOSTIC_SETTING_DELETE, DIAGNOSTIC_SETTING_WRITE, type AdministrativeOperation } from "../administrative.ts";
import type { Anomaly } from "../types.ts";
import { logChanceOfOccurrence, makeAnomaly } from "./anomaly.ts";
import type { DetectorOptions } from "./options.ts";

const AUDIT_CATEGORY = "auditevent";
const AUDIT_GROUPS = new Set(["audit", "alllogs"]);

/** What a diagnostic setting write asked for, from its request body. */
type NewSetting = { readable: false } | { readable: true; sendsAudit: boolean; workspaceId: string };

function readSetting(requestBody: string): NewSetting {
  let body: unknown;
  try {
    body = JSON.parse(requestBody);
  } catch {
    return { readable: false };
  }
  if (body === null || typeof body !== "object") return { readable: false };
  const properties = ((body as Record<string, unknown>).properties ?? body) as Record<string, unknown>;
  const logs = Array.isArray(properties.logs) ? (properties.logs as unknown[]) : [];
  const sendsAudit = logs.some((entry) => {
    if (entry === null || typeof entry !== "object") return false;
    const log = entry as Record<string, unknown>;
    if (log.enabled !== true && String(log.enabled).toLowerCase() !== "true") return false;
    return String(log.category ?? "").toLowerCase() === AUDIT_CATEGORY || AUDIT_GROUPS.has(String(log.categoryGroup ?? "").toLowerCase());
  });
  return { readable: true, sendsAudit, workspaceId: typeof properties.workspaceId === "string" ? properties.workspaceId : "" };
}

/** How a setting stopped sending the audit log to a workspace; undefined when it did not. */
function auditChange(operation: AdministrativeOperation): string | undefined {
  if (operation.operation.endsWith(DIAGNOSTIC_SETTING_DELETE)) return "deleted";
  if (!operation.operation.endsWith(DIAGNOSTIC_SETTING_WRITE) || operation.requestBody === "") return undefined;
  const setting = readSetting(operation.requestBody);
  if (!setting.readable) return "changed to settings that could not be read";
  if (!setting.sendsAudit) return "changed to send no audit events";
  if (setting.workspaceId === "") return "changed to send audit events to no Log Analytics workspace";
  return undefined;
}

function isService(operation: AdministrativeOperation, identities: KnownIdentities): boolean {
  const service = identities.service;
  if (!service) return false;
  return (service.objectId !== undefined && service.objectId.toLowerCase() === operation.callerOid) || (service.appId !== undefined && service.appId.toLowerCase() === operation.callerAppId);
}

function settingName(target: string): string {
  return target.split("/").pop() ?? target;
}

/**
 * logging-disabled: a diagnostic setting on a vault or managed HSM is deleted, or rewritten so
 * that it no longer sends the audit log (the AuditEvent category, or the audit or allLogs group)
 * to a Log Analytics workspace, by anyone but the service's own identity. Attackers do this
 * first, and the audit log cannot record it: it is in the activity log. Always reported,
 * critical, once the operation has begun and unless it failed; the score is the chance of such a
 * change at half an occurrence per baseline.
 */
export function detectLoggingDisabled(index: ActivityIndex, _options: DetectorOptions): Anomaly[] {
  const { period } = index;
  const byCaller = new Map<string, { changes: { operation: AdministrativeOperation; change: string }[] }>();
  for (const operation of index.operations) {
    if (operation.failed > 0 && operation.succeeded === 0) continue;
    if (operation.started === 0 && operation.succeeded === 0) continue;
    const change = auditChange(operation);
    if (!change || isService(operation, index.identities)) continue;
    const key = `${operation.vault}\u0000${operation.callerOid || operation.callerAppId || operation.callerUpn}`;
    const entry = byCaller.get(key) ?? { changes: [] };
    entry.changes.push({ operation, change });
    byCaller.set(key, entry);
  }
  const logP = logChanceOfOccurrence(0, (period.windowStart - period.baselineStart) / HOUR_MS, (period.windowEnd - period.windowStart) / HOUR_MS);
  return [...byCaller.values()].map(({ changes }) => {
    const first = changes[0]!.operation;
    return makeAnomaly(
      "logging-disabled",
      {
        vault: first.vault,
        caller: { oid: first.callerOid, appid: first.callerAppId, upn: changes.map(({ operation }) => operation.callerUpn).find((upn) => upn !== "") ?? "" },
        start: Math.min(...changes.map(({ operation }) => operation.firstSeen)),
        end: Math.max(...changes.map(({ operation }) => operation.lastSeen)),
      },
      "critical",
      logP,
      {
        settings: changes.map(({ operation, change }) => ({
          setting: settingName(operation.target),
          change,
          outcome: operation.succeeded > 0 ? "succeeded" : "started",
          correlationId: operation.correlationId,
        })),
        addresses: [...new Set(changes.map(({ operation }) => operation.clientIp).filter((ip) => ip !== ""))].sort(),
        impact: "the vault's audit log no longer reaches the workspace: what happens next is not recorded there",
      },
    );
  });
}
