import { fromAzureActivity, type AdministrativeRecord } from "./administrative.ts";
import { describe, dynamicObject, firstNonEmpty, RowError, requiredText, text, timeGenerated } from "./rowFields.ts";
import { LOG_TABLE_NAMES, type KeyVaultLogTable, type LogTable } from "./schemas.ts";

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
  | { status: "record"; table: "AzureActivity"; record: AdministrativeRecord }
  /** A row of a table the monitor reads that its query leaves out (another provider, category or resource). */
  | { status: "ignored" }
  /** A row of a table the monitor does not read, named by its `Type`. */
  | { status: "other"; type: string }
  | { status: "bad"; reason: string };

const OBJECT_ID_CLAIM = "http://schemas.microsoft.com/identity/claims/objectidentifier";
const UPN_CLAIM = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn";
/** Same pattern as the query's `extract()`: the collection and the object name after it. */
const OBJECT_NAME = /\/((?:secrets|keys|certificates)\/[^/?]+)/;

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

/** The token's claims: `Identity.claim`, the Identity column given as an object or its JSON text. */
function claims(row: Record<string, unknown>): Record<string, unknown> {
  const claim = dynamicObject(row, "Identity").claim;
  if (claim === null || claim === undefined) return {};
  if (typeof claim !== "object" || Array.isArray(claim)) throw new RowError("Identity.claim", `expected an object, got ${describe(claim)}`);
  return claim as Record<string, unknown>;
}

function fromAzkvAuditLogs(row: Record<string, unknown>): AuditRecord {
  const claim = claims(row);
  return {
    time: timeGenerated(row),
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
    time: timeGenerated(row),
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

const TABLES = new Set<string>(LOG_TABLE_NAMES);

/**
 * Which table a row of an export came from: its `Type` column when present, else the columns
 * only one of the tables has.
 */
export function detectTable(row: Record<string, unknown>): LogTable | undefined {
  if (typeof row.Type === "string" && TABLES.has(row.Type)) return row.Type as LogTable;
  if ("OperationNameValue" in row || "ActivityStatusValue" in row) return "AzureActivity";
  if ("_ResourceId" in row && ("Identity" in row || "HttpStatusCode" in row || "CallerIpAddress" in row)) return "AZKVAuditLogs";
  if ("ResourceProvider" in row || "httpStatusCode_d" in row || "CallerIPAddress" in row) return "AzureDiagnostics";
  return undefined;
}

function normalizeFields(fields: Record<string, unknown>, source: LogTable): NormalizedRow {
  if (source === "AzureActivity") {
    const read = fromAzureActivity(fields);
    return read.status === "record" ? { status: "record", table: source, record: read.record } : read;
  }
  if (source === "AzureDiagnostics") {
    if (!isKeyVaultAuditEvent(fields)) return { status: "ignored" };
    return { status: "record", table: source, record: fromAzureDiagnostics(fields) };
  }
  return { status: "record", table: source, record: fromAzkvAuditLogs(fields) };
}

export function normalizeRow(row: unknown, table?: LogTable): NormalizedRow {
  if (row === null || typeof row !== "object" || Array.isArray(row)) return { status: "bad", reason: `expected an object, got ${describe(row)}` };
  const fields = row as Record<string, unknown>;
  const source = table ?? detectTable(fields);
  if (source === undefined) {
    if (typeof fields.Type === "string" && fields.Type.trim() !== "") return { status: "other", type: fields.Type.slice(0, 100) };
    return {
      status: "bad",
      reason:
        "not an AZKVAuditLogs row (_ResourceId, Identity, HttpStatusCode), an AzureDiagnostics row (ResourceProvider, httpStatusCode_d) nor an AzureActivity row (OperationNameValue, ActivityStatusValue)",
    };
  }
  try {
    return normalizeFields(fields, source);
  } catch (error) {
    if (error instanceof RowError) return { status: "bad", reason: error.message };
    throw error;
  }
}
