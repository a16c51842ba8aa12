import { aggregateRecords, type AuditRecord, type HourlyAggregate } from "../../../shared/anomalies/index.ts";

/**
 * Deterministic Key Vault traffic for detector tests: a fortnight of baseline ending where the
 * analysed day (Monday 2024-06-17, UTC) begins. No randomness, so every test sees exactly what
 * it set up.
 */
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
export const WINDOW_START = Date.parse("2024-06-17T00:00:00Z");
export const NOW = new Date(WINDOW_START + DAY - 60_000);
export const BASELINE_START = WINDOW_START - 14 * DAY;

const SUBSCRIPTION = "/subscriptions/6f1c3b2a-1111-4222-8333-944455556666/resourcegroups";
export const VAULT = `${SUBSCRIPTION}/rg-app/providers/microsoft.keyvault/vaults/kv-app`;
export const OTHER_VAULT = `${SUBSCRIPTION}/rg-data/providers/microsoft.keyvault/vaults/kv-data`;

export interface Who {
  oid: string;
  appid: string;
  upn?: string;
}

export const CMK_SERVICE: Who = { oid: "11111111-0000-4000-8000-000000000001", appid: "11111111-0000-4000-8000-0000000000a1" };
export const ALICE: Who = { oid: "22222222-0000-4000-8000-000000000002", appid: "04b07795-8ddb-461a-bbee-02f9e1bf7b46", upn: "alice@contoso.example" };
export const CONFIG_APP: Who = { oid: "33333333-0000-4000-8000-000000000003", appid: "33333333-0000-4000-8000-0000000000a3" };
export const RESOURCE_GRAPH: Who = { oid: "44444444-0000-4000-8000-000000000004", appid: "509e4652-da8d-478d-a730-e9d4a1996ca4" };
export const STRANGER: Who = { oid: "99999999-0000-4000-8000-000000000009", appid: "99999999-0000-4000-8000-0000000000a9" };

export const SERVICE_IP = "20.50.60.70";
export const OFFICE_IPS = ["198.51.100.10", "198.51.100.11"];

export function isWeekend(hour: number): boolean {
  const weekday = (Math.floor(hour / DAY) + 4) % 7;
  return weekday === 0 || weekday === 6;
}

export class Traffic {
  readonly records: AuditRecord[] = [];

  request(time: number, operation: string, status: number | undefined, who: Who | undefined, clientIp: string, objectName = "", vault = VAULT): this {
    this.records.push({
      time,
      vault,
      operation,
      callerOid: who?.oid ?? "",
      callerAppId: who?.appid ?? "",
      callerUpn: who?.upn ?? "",
      clientIp,
      httpStatus: status,
      objectName,
    });
    return this;
  }

  repeat(count: number, time: number, operation: string, status: number, who: Who | undefined, clientIp: string, objectName = "", vault = VAULT): this {
    for (let n = 0; n < count; n++) this.request(time + n * 1000, operation, status, who, clientIp, objectName, vault);
    return this;
  }

  aggregates(): HourlyAggregate[] {
    return aggregateRecords(this.records);
  }
}

/** Each hour in [from, to). */
export function* hours(from = BASELINE_START, to = WINDOW_START + DAY): Generator<number> {
  for (let hour = from; hour < to; hour += HOUR) yield hour;
}

/** Unwraps at a daily rhythm (peak 13:00 UTC, three times the trough) and lower at weekends, each hour after a challenge. */
export function cmkUnwrapsPerHour(hour: number, base = 60): number {
  const timeOfDay = (hour % DAY) / HOUR;
  const daily = 1 + 0.5 * Math.cos((2 * Math.PI * (timeOfDay - 13)) / 24);
  const wobble = 1 + 0.15 * Math.sin((hour / HOUR) * 1.7);
  return Math.round(base * daily * wobble * (isWeekend(hour) ? 0.6 : 1));
}

/**
 * A normal estate: a CMK service, a user reading her secrets in office hours (with the odd 404),
 * a configuration app that lists and reads all its secrets at each daily restart, Resource Graph
 * reading the vault from ever-changing addresses, and the 401 challenge before every session.
 */
export function normalEstate(until = WINDOW_START + DAY): Traffic {
  const traffic = new Traffic();
  for (const hour of hours(BASELINE_START, until)) {
    traffic.request(hour + 1000, "Authentication", 401, undefined, SERVICE_IP);
    traffic.repeat(cmkUnwrapsPerHour(hour), hour + 2000, "KeyUnwrap", 200, CMK_SERVICE, SERVICE_IP, "keys/cmk");
    const timeOfDay = (hour % DAY) / HOUR;
    const index = Math.round((hour - BASELINE_START) / HOUR);
    if (!isWeekend(hour) && timeOfDay >= 9 && timeOfDay < 17 && index % 2 === 0) {
      const ip = OFFICE_IPS[index % 4 === 0 ? 0 : 1]!;
      traffic.request(hour + 60_000, "Authentication", 401, undefined, ip);
      traffic.request(hour + 61_000, "SecretGet", 200, ALICE, ip, "secrets/db-password");
      traffic.request(hour + 62_000, "SecretGet", 200, ALICE, ip, "secrets/api-key");
      if (index % 6 === 0) traffic.request(hour + 63_000, "SecretGet", 404, ALICE, ip, "secrets/typo");
    }
    if (timeOfDay === 6) {
      traffic.request(hour + 100_000, "Authentication", 401, undefined, SERVICE_IP);
      traffic.request(hour + 101_000, "SecretList", 200, CONFIG_APP, SERVICE_IP);
      for (let n = 0; n < 25; n++) traffic.request(hour + 102_000 + n * 100, "SecretGet", 200, CONFIG_APP, SERVICE_IP, `secrets/setting-${n}`);
    }
    if (timeOfDay % 3 === 0) traffic.request(hour + 200_000, "VaultGet", 200, RESOURCE_GRAPH, `52.1.${index % 250}.${(index * 7) % 250}`);
  }
  return traffic;
}

/** A record as the AZKVAuditLogs table holds it. */
export function azkvRow(record: AuditRecord): Record<string, unknown> {
  const claim = { ...(record.callerOid ? { oid: record.callerOid } : {}), ...(record.callerAppId ? { appid: record.callerAppId } : {}), ...(record.callerUpn ? { upn: record.callerUpn } : {}) };
  return {
    TimeGenerated: new Date(record.time).toISOString(),
    _ResourceId: record.vault,
    OperationName: record.operation,
    HttpStatusCode: record.httpStatus ?? null,
    CallerIpAddress: record.clientIp,
    Identity: Object.keys(claim).length > 0 ? { claim } : null,
    Id: record.objectName ? `https://${record.vault.split("/").pop()}.vault.azure.net/${record.objectName}` : "",
  };
}

/** The same record as the legacy AzureDiagnostics table holds it. */
export function diagnosticsRow(record: AuditRecord): Record<string, unknown> {
  return {
    TimeGenerated: new Date(record.time).toISOString(),
    ResourceId: record.vault.toUpperCase(),
    ResourceProvider: "MICROSOFT.KEYVAULT",
    Category: "AuditEvent",
    OperationName: record.operation,
    httpStatusCode_d: record.httpStatus ?? null,
    CallerIPAddress: record.clientIp,
    identity_claim_oid_g: record.callerOid,
    identity_claim_appid_g: record.callerAppId,
    identity_claim_upn_s: record.callerUpn,
    id_s: record.objectName ? `https://${record.vault.split("/").pop()}.vault.azure.net/${record.objectName}` : "",
  };
}

export const KEY_VAULT_SHAPES = ["AZKVAuditLogs", "AzureDiagnostics"] as const;
export type KeyVaultShape = (typeof KEY_VAULT_SHAPES)[number];

/** The traffic as an export of one table's rows. */
export function rowsOf(traffic: Traffic, shape: KeyVaultShape): Record<string, unknown>[] {
  return traffic.records.map(shape === "AZKVAuditLogs" ? azkvRow : diagnosticsRow);
}

export interface AdministrativeEvent {
  time: number;
  /** `OperationNameValue` as the activity log writes it. */
  operation: string;
  status: "Start" | "Success" | "Failure";
  /** The resource addressed: a vault, or something under it. */
  target: string;
  who: Who;
  correlationId: string;
  clientIp?: string;
  /** The request body, on a Start record. */
  body?: unknown;
}

/** A diagnostic setting of a vault, as the activity log names the resource. */
export function diagnosticSetting(name: string, vault = VAULT): string {
  return `${vault}/providers/microsoft.insights/diagnosticSettings/${name}`;
}

/** A record as the AzureActivity table holds it. */
export function activityRow(event: AdministrativeEvent): Record<string, unknown> {
  return {
    Type: "AzureActivity",
    TimeGenerated: new Date(event.time).toISOString(),
    CategoryValue: "Administrative",
    OperationNameValue: event.operation,
    ActivityStatusValue: event.status,
    CorrelationId: event.correlationId,
    _ResourceId: event.target,
    Caller: event.who.upn ?? event.who.oid,
    CallerIpAddress: event.clientIp ?? "",
    Claims_d: { "http://schemas.microsoft.com/identity/claims/objectidentifier": event.who.oid, appid: event.who.appid },
    Properties_d: event.body === undefined ? {} : { requestbody: JSON.stringify(event.body) },
  };
}

/** An operation's Start (with its body) and its outcome a few seconds later. */
export function administrativeOperation(event: Omit<AdministrativeEvent, "status">, outcome: "Success" | "Failure" = "Success"): Record<string, unknown>[] {
  const { body: _onlyOnStart, ...outcomeEvent } = event;
  return [activityRow({ ...event, status: "Start" }), activityRow({ ...outcomeEvent, time: event.time + 3000, status: outcome })];
}
