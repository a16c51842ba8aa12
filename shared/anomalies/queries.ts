import { MAX_OBJECT_NAMES } from "./aggregate.ts";
import { DIAGNOSTIC_SETTING_WRITE, REQUEST_BODY_LENGTH } from "./administrative.ts";
import type { LogTable } from "./schemas.ts";

/**
 * The key access queries. The two over Key Vault's audit log each read one table, derive the
 * same columns (caller, vault, status, object) and hand them to one shared aggregation, so they
 * differ only in where a field lives; the third reads the activity log. The aggregation runs on the server, by hour, because the query API caps a
 * result's size; `aggregateRecords` in aggregate.ts is its TypeScript twin (`aggregateOperations` in
 * administrative.ts for the activity log).
 *
 * The time range is not in the text: the caller passes it as the request's timespan.
 */

const FROM_AZKV_AUDIT_LOGS = String.raw`AZKVAuditLogs
| extend CallerOid = tolower(coalesce(tostring(Identity.claim.oid), tostring(Identity.claim["http://schemas.microsoft.com/identity/claims/objectidentifier"]))),
    CallerAppId = tolower(tostring(Identity.claim.appid)),
    CallerUpn = coalesce(tostring(Identity.claim.upn), tostring(Identity.claim["http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn"])),
    Vault = tolower(_ResourceId),
    Status = toint(HttpStatusCode),
    ClientIp = CallerIpAddress,
    ObjectUri = Id`;

// AzureDiagnostics creates a column only once a workspace has ingested it: the UPN claims are
// absent where only service principals ever called, hence column_ifexists.
const FROM_AZURE_DIAGNOSTICS = String.raw`AzureDiagnostics
| where ResourceProvider =~ "MICROSOFT.KEYVAULT" and Category =~ "AuditEvent"
| extend CallerOid = tolower(coalesce(tostring(identity_claim_oid_g), tostring(identity_claim_http_schemas_microsoft_com_identity_claims_objectidentifier_g))),
    CallerAppId = tolower(tostring(identity_claim_appid_g)),
    CallerUpn = coalesce(tostring(column_ifexists("identity_claim_upn_s", "")), tostring(column_ifexists("identity_claim_http_schemas_xmlsoap_org_ws_2005_05_identity_claims_upn_s", ""))),
    Vault = tolower(ResourceId),
    Status = toint(httpStatusCode_d),
    ClientIp = CallerIPAddress,
    ObjectUri = id_s`;

// The first, token-less request of every Key Vault client is logged as a 401 "Authentication"
// with no identity: it is the challenge that starts authentication, not a denial.
const AGGREGATION = String.raw`
| extend ResultClass = case(
    isnull(Status), "unknown",
    OperationName == "Authentication" and Status == 401 and isempty(CallerOid) and isempty(CallerAppId), "challenge",
    Status between (200 .. 399), "success",
    Status == 401, "unauthorized",
    Status == 403, "forbidden",
    Status == 404, "notfound",
    Status == 429, "throttled",
    Status between (400 .. 499), "clienterror",
    "servererror")
| extend ObjectName = tolower(extract(@"/((?:secrets|keys|certificates)/[^/?]+)", 1, ObjectUri))
| summarize Count = count(),
    Objects = count_distinctif(ObjectName, isnotempty(ObjectName)),
    ObjectNames = make_set_if(ObjectName, isnotempty(ObjectName), ${MAX_OBJECT_NAMES}),
    FirstSeen = min(TimeGenerated),
    LastSeen = max(TimeGenerated),
    CallerUpn = max(CallerUpn)
    by Hour = bin(TimeGenerated, 1h), Vault, CallerOid, CallerAppId, OperationName, ClientIp, ResultClass`;

/**
 * Administrative operations on a vault or on anything under it (its diagnostic settings, role
 * assignments at its scope), one row per operation: the activity log's Start, Success and
 * Failure records of one correlation id, target and caller. Only Start carries the request
 * body, which says what a diagnostic setting was changed to. The caller is the token's object
 * id, else a `Caller` that is a GUID (a service principal's object id); a `Caller` with an @ is
 * a user's UPN.
 */
const ADMINISTRATIVE_OPERATIONS = String.raw`AzureActivity
| where CategoryValue =~ "Administrative"
| extend Target = tolower(_ResourceId)
| extend Vault = extract(@"^(/subscriptions/[^/]+/resourcegroups/[^/]+/providers/microsoft\.keyvault/(?:vaults|managedhsms)/[^/]+)", 1, Target)
| where isnotempty(Vault)
| extend Operation = tolower(OperationNameValue),
    Status = tolower(ActivityStatusValue),
    CallerOid = tolower(coalesce(tostring(Claims_d["http://schemas.microsoft.com/identity/claims/objectidentifier"]), tostring(Claims_d.oid), iff(Caller matches regex @"^[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$", Caller, ""))),
    CallerAppId = tolower(tostring(Claims_d.appid)),
    CallerUpn = iff(Caller contains "@", Caller, "")
| extend RequestBody = iff(Operation endswith "${DIAGNOSTIC_SETTING_WRITE}", substring(tostring(Properties_d.requestbody), 0, ${REQUEST_BODY_LENGTH}), "")
| summarize FirstSeen = min(TimeGenerated),
    LastSeen = max(TimeGenerated),
    Started = countif(Status in ("start", "started")),
    Succeeded = countif(Status in ("success", "succeeded")),
    Failed = countif(Status in ("failure", "failed")),
    CallerUpn = max(CallerUpn),
    ClientIp = max(CallerIpAddress),
    RequestBody = max(RequestBody)
    by CorrelationId, Target, Vault, Operation, CallerOid, CallerAppId`;

const QUERIES: Readonly<Record<LogTable, string>> = {
  AZKVAuditLogs: FROM_AZKV_AUDIT_LOGS + AGGREGATION,
  AzureDiagnostics: FROM_AZURE_DIAGNOSTICS + AGGREGATION,
  AzureActivity: ADMINISTRATIVE_OPERATIONS,
};

export function keyAccessQuery(table: LogTable): string {
  return QUERIES[table];
}

/** Which table a query text reads, for the emulator: only these exact texts are served. */
export function tableOfKeyAccessQuery(query: string): LogTable | undefined {
  const normalized = query.trim();
  return (Object.keys(QUERIES) as LogTable[]).find((table) => QUERIES[table] === normalized);
}
