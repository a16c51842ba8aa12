import type { AnomalyKind } from "../../shared/anomalies/index.ts";
import type { Random } from "./random.ts";

/**
 * The synthetic estate's parts, shared by the generator of its everyday traffic and loud
 * incidents (generator.ts) and that of its quiet incidents and decoys (quietIncidents.ts).
 */

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

/** One injected incident: the kind it must raise, on which vault, by whom, when. */
export interface Incident {
  kind: AnomalyKind;
  /** Kinds the same events legitimately raise too (a dump from a new address is also new-ip). */
  alsoRaises: AnomalyKind[];
  /** Lower-cased ARM id, as the anomalies name vaults. */
  vault: string;
  /** Object id, else app id: how the detectors key a caller. */
  callerKey: string;
  start: number;
  end: number;
  description: string;
}

/**
 * Something the detectors must stay quiet on although it looks like an incident of `kind`: the
 * decoys the issue names (an on-call person, a roaming reader, the service's own setting writes,
 * retries on a key deleted on purpose). A detection of that kind on it is a false positive.
 */
export interface Decoy {
  kind: AnomalyKind;
  /** Lower-cased ARM id; any vault when absent. */
  vault?: string;
  callerKey: string;
  description: string;
}

export interface Identity {
  oid: string;
  appid: string;
  upn?: string;
}

export interface Vault {
  id: string;
  legacy: boolean;
  secrets: string[];
  keys: string[];
}

export interface CryptoService {
  identity: Identity;
  vault: Vault;
  key: string;
  addresses: string[];
  rate: number;
  amplitude: number;
  peakHour: number;
  weekendFactor: number;
  shape: number;
}

export interface ConfigApp {
  identity: Identity;
  vault: Vault;
  secrets: string[];
  optionalSecret: string;
  addresses: string[];
  restartsPerDay: number;
  refreshRate: number;
}

export interface User {
  identity: Identity;
  utcOffset: number;
  vaults: Vault[];
  secrets: Map<Vault, string[]>;
  office: string[];
  home: string;
  activity: number;
  readsPerHour: number;
}

/** Whether an hour (UTC) is outside a user's office hours: 08:00-18:00 local on weekdays. */
export function outsideOfficeHours(user: User, hour: number): boolean {
  const local = ((hour % DAY) / HOUR + user.utcOffset + 24) % 24;
  const weekday = (Math.floor(hour / DAY) + 4) % 7;
  return weekday === 0 || weekday === 6 || local < 8 || local >= 18;
}

/** Addresses of the kinds the estate's callers use, drawn from the given random source. */
export function addressesFrom(random: Random) {
  return {
    azure: () => `${random.pick([20, 40, 52, 13])}.${random.int(1, 254)}.${random.int(0, 255)}.${random.int(1, 254)}`,
    office: (site: number) => `198.51.${100 + site}.${random.int(2, 250)}`,
    home: () => `${random.pick([81, 86, 92, 109])}.${random.int(1, 254)}.${random.int(0, 255)}.${random.int(1, 254)}`,
    hostile: () => `${random.pick([185, 45, 91, 193])}.${random.int(1, 254)}.${random.int(0, 255)}.${random.int(1, 254)}`,
  };
}

export function identityFrom(random: Random) {
  return (upn?: string, appid?: string): Identity => ({ oid: random.guid(), appid: appid ?? random.guid(), ...(upn ? { upn } : {}) });
}

export function callerKey(identity: Identity): string {
  return identity.oid || identity.appid;
}

export class LogWriter {
  readonly rows: Record<string, unknown>[] = [];
  readonly #identities = new Map<Identity, unknown>();

  #claims(identity: Identity | undefined): unknown {
    if (!identity) return null;
    let claims = this.#identities.get(identity);
    if (!claims) {
      claims = { claim: { oid: identity.oid, appid: identity.appid, ...(identity.upn ? { upn: identity.upn } : {}) } };
      this.#identities.set(identity, claims);
    }
    return claims;
  }

  /** An administrative operation: its Start record (with the body), then its outcome two seconds later. */
  administrative(record: Omit<ActivityRecord, "status">, outcome: "Success" | "Failure" = "Success"): void {
    const { body: _onlyOnStart, ...outcomeRecord } = record;
    this.rows.push(activityRow({ ...record, status: "Start" }), activityRow({ ...outcomeRecord, time: record.time + 2000, status: outcome }));
  }

  write(time: number, vault: Vault, operation: string, status: number, address: string, identity: Identity | undefined, object = ""): void {
    const signature = STATUS_TEXT[status] ?? "Error";
    const resultType = status < 400 || operation === "Authentication" ? "Success" : signature;
    const objectUri = object === "" ? `https://${vault.id.split("/").pop()}.vault.azure.net/` : `https://${vault.id.split("/").pop()}.vault.azure.net/${object}`;
    const timeGenerated = new Date(time).toISOString();
    if (vault.legacy) {
      this.rows.push({
        TimeGenerated: timeGenerated,
        ResourceId: vault.id.toUpperCase(),
        ResourceProvider: "MICROSOFT.KEYVAULT",
        ResourceType: "VAULTS",
        Category: "AuditEvent",
        OperationName: operation,
        ResultType: resultType,
        ResultSignature: signature,
        httpStatusCode_d: status,
        CallerIPAddress: address,
        identity_claim_oid_g: identity?.oid ?? "",
        identity_claim_appid_g: identity?.appid ?? "",
        identity_claim_upn_s: identity?.upn ?? "",
        id_s: objectUri,
      });
      return;
    }
    this.rows.push({
      TimeGenerated: timeGenerated,
      _ResourceId: vault.id,
      OperationName: operation,
      ResultType: resultType,
      ResultSignature: signature,
      HttpStatusCode: status,
      CallerIpAddress: address,
      Identity: this.#claims(identity),
      Id: objectUri,
    });
  }
}

/** One record of an administrative operation, as the AzureActivity table holds it. */
export interface ActivityRecord {
  time: number;
  vault: Vault;
  /** What under the vault was addressed (`providers/Microsoft.Insights/diagnosticSettings/x`); the vault itself when absent. */
  child?: string;
  operation: string;
  status: "Start" | "Success" | "Failure";
  who: Identity;
  correlationId: string;
  address: string;
  /** The request body, on a Start record. */
  body?: unknown;
}

export function activityRow(record: ActivityRecord): Record<string, unknown> {
  return {
    Type: "AzureActivity",
    TimeGenerated: new Date(record.time).toISOString(),
    CategoryValue: "Administrative",
    Level: record.status === "Failure" ? "Error" : "Informational",
    OperationNameValue: record.operation,
    ActivityStatusValue: record.status,
    CorrelationId: record.correlationId,
    _ResourceId: record.child ? `${record.vault.id}/${record.child}` : record.vault.id,
    Caller: record.who.upn ?? record.who.oid,
    CallerIpAddress: record.address,
    Claims_d: { "http://schemas.microsoft.com/identity/claims/objectidentifier": record.who.oid, appid: record.who.appid },
    Properties_d: record.body === undefined ? { eventCategory: "Administrative" } : { eventCategory: "Administrative", requestbody: JSON.stringify(record.body) },
  };
}

const STATUS_TEXT: Record<number, string> = {
  200: "OK",
  401: "Unauthorized",
  403: "Forbidden",
  404: "NotFound",
  429: "TooManyRequests",
  500: "InternalServerError",
};
