import type { KeyVaultLogTable } from "./schemas.ts";

/**
 * One Key Vault audit record reduced to the fields the aggregation groups by, with the same
 * derivations the KQL performs (lower-cased ids, object id before its long claim name...).
 */
export interface AuditRecord {
  /** Epoch milliseconds. */
  time: number;
  /** The vault's ARM resource id, lower-cased like the query's `tolower(_ResourceId)`. */
  vault: string;
  operation: string;
  callerOid: string;
  callerAppId: string;
  callerUpn: string;
  clientIp: string;
  httpStatus: number | undefined;
  /**
   * The secret, key or certificate the request addressed, as its lower-cased collection and name
   * (`secrets/db-password`, no version); "" for vault-level requests.
   */
  objectName: string;
}

export type NormalizedRow =
  | { status: "record"; table: KeyVaultLogTable; record: AuditRecord }
  /** A row of the shared AzureDiagnostics table that is not a Key Vault audit event. */
  | { status: "ignored" }
  | { status: "bad"; reason: string };

const OBJECT_ID_CLAIM = "http://schemas.microsoft.com/identity/claims/objectidentifier";
const UPN_CLAIM = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn";
/** Same pattern as the query's `extract()`: the collection and the object name after it. */
const OBJECT_NAME = /\/((?:secrets|keys|certificates)\/[^/?]+)/;

export class RowError extends Error {
  constructor(field: string, reason: string) {
    super(`${field}: ${reason}`);
    this.name = "RowError";
  }
}

function describe(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function requiredText(row: Record<string, unknown>, field: string): string {
  const value = row[field];
  if (typeof value !== "string" || value.trim() === "") throw new RowError(field, `expected a non-empty string, got ${describe(value)}`);
  return value;
}

/** Kusto's `tostring()`: null and missing become "", other scalars their text. */
function text(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return JSON.stringify(value);
}

/** Kusto's `coalesce()` over strings: the first that is not empty. */
function firstNonEmpty(...values: string[]): string {
  return values.find((value) => value !== "") ?? "";
}

function time(row: Record<string, unknown>): number {
  const value = row.TimeGenerated;
  const parsed = value instanceof Date ? value.getTime() : typeof value === "string" ? Date.parse(value) : Number.NaN;
  if (!Number.isFinite(parsed)) throw new RowError("TimeGenerated", `expected an ISO 8601 date-time, got ${describe(value)}`);
  return parsed;
}

/** Kusto's `toint()`: numbers and numeric strings truncate, anything else is null. */
function httpStatus(row: Record<string, unknown>, field: string): number | undefined {
  const value = row[field];
  if (value === null || value === undefined || value === "") return undefined;
  const parsed = typeof value === "number" ? value : typeof value === "string" ? Number(value) : Number.NaN;
  if (!Number.isFinite(parsed)) throw new RowError(field, `expected an HTTP status code, got ${describe(value)}`);
  return Math.trunc(parsed);
}

function objectName(uri: string): string {
  return OBJECT_NAME.exec(uri)?.[1]?.toLowerCase() ?? "";
}

/** Exports carry dynamic columns either as objects or as their JSON text. */
function claims(row: Record<string, unknown>): Record<string, unknown> {
  let identity = row.Identity;
  if (typeof identity === "string") {
    if (identity.trim() === "") return {};
    try {
      identity = JSON.parse(identity);
    } catch {
      throw new RowError("Identity", `expected an object or its JSON text, got ${describe(identity)}`);
    }
  }
  if (identity === null || identity === undefined) return {};
  if (typeof identity !== "object" || Array.isArray(identity)) throw new RowError("Identity", `expected an object, got ${describe(identity)}`);
  const claim = (identity as Record<string, unknown>).claim;
  if (claim === null || claim === undefined) return {};
  if (typeof claim !== "object" || Array.isArray(claim)) throw new RowError("Identity.claim", `expected an object, got ${describe(claim)}`);
  return claim as Record<string, unknown>;
}

function fromAzkvAuditLogs(row: Record<string, unknown>): AuditRecord {
  const claim = claims(row);
  return {
    time: time(row),
    vault: requiredText(row, "_ResourceId").toLowerCase(),
    operation: requiredText(row, "OperationName"),
    callerOid: firstNonEmpty(text(claim.oid), text(claim[OBJECT_ID_CLAIM])).toLowerCase(),
    callerAppId: text(claim.appid).toLowerCase(),
    callerUpn: firstNonEmpty(text(claim.upn), text(claim[UPN_CLAIM])),
    clientIp: text(row.CallerIpAddress),
    httpStatus: httpStatus(row, "HttpStatusCode"),
    objectName: objectName(text(row.Id)),
  };
}

function fromAzureDiagnostics(row: Record<string, unknown>): AuditRecord {
  return {
    time: time(row),
    vault: requiredText(row, "ResourceId").toLowerCase(),
    operation: requiredText(row, "OperationName"),
    callerOid: firstNonEmpty(text(row.identity_claim_oid_g), text(row.identity_claim_http_schemas_microsoft_com_identity_claims_objectidentifier_g)).toLowerCase(),
    callerAppId: text(row.identity_claim_appid_g).toLowerCase(),
    callerUpn: firstNonEmpty(text(row.identity_claim_upn_s), text(row.identity_claim_http_schemas_xmlsoap_org_ws_2005_05_identity_claims_upn_s)),
    clientIp: text(row.CallerIPAddress),
    httpStatus: httpStatus(row, "httpStatusCode_d"),
    objectName: objectName(text(row.id_s)),
  };
}

/** The query's filter on the shared table. */
function isKeyVaultAuditEvent(row: Record<string, unknown>): boolean {
  return text(row.ResourceProvider).toUpperCase() === "MICROSOFT.KEYVAULT" && text(row.Category).toLowerCase() === "auditevent";
}

/**
 * Which table a row of an export came from: its `Type` column when present, else the columns
 * only one of the two tables has.
 */
export function detectTable(row: Record<string, unknown>): KeyVaultLogTable | undefined {
  if (row.Type === "AZKVAuditLogs" || row.Type === "AzureDiagnostics") return row.Type;
  if ("_ResourceId" in row && ("Identity" in row || "HttpStatusCode" in row || "CallerIpAddress" in row)) return "AZKVAuditLogs";
  if ("ResourceProvider" in row || "httpStatusCode_d" in row || "CallerIPAddress" in row) return "AzureDiagnostics";
  return undefined;
}

export function normalizeRow(row: unknown, table?: KeyVaultLogTable): NormalizedRow {
  if (row === null || typeof row !== "object" || Array.isArray(row)) return { status: "bad", reason: `expected an object, got ${describe(row)}` };
  const fields = row as Record<string, unknown>;
  const source = table ?? detectTable(fields);
  if (source === undefined) {
    return { status: "bad", reason: "not an AZKVAuditLogs row (_ResourceId, Identity, HttpStatusCode) nor an AzureDiagnostics row (ResourceProvider, httpStatusCode_d)" };
  }
  try {
    if (source === "AzureDiagnostics") {
      if (!isKeyVaultAuditEvent(fields)) return { status: "ignored" };
      return { status: "record", table: source, record: fromAzureDiagnostics(fields) };
    }
    return { status: "record", table: source, record: fromAzkvAuditLogs(fields) };
  } catch (error) {
    if (error instanceof RowError) return { status: "bad", reason: error.message };
    throw error;
  }
}
