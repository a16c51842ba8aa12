import { MAX_OBJECT_NAMES } from "./aggregate.ts";
import type { KeyVaultLogTable } from "./schemas.ts";

/**
 * The key access queries. Each reads one table, derives the same columns (caller, vault,
 * status, object) and hands them to one shared aggregation, so the two differ only in where
 * a field lives. The aggregation runs on the server, by hour, because the query API caps a
 * result's size; `aggregateRecords` in aggregate.ts is its TypeScript twin.
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

const QUERIES: Readonly<Record<KeyVaultLogTable, string>> = {
  AZKVAuditLogs: FROM_AZKV_AUDIT_LOGS + AGGREGATION,
  AzureDiagnostics: FROM_AZURE_DIAGNOSTICS + AGGREGATION,
};

export function keyAccessQuery(table: KeyVaultLogTable): string {
  return QUERIES[table];
}

/** Which table a query text reads, for the emulator: only these exact texts are served. */
export function tableOfKeyAccessQuery(query: string): KeyVaultLogTable | undefined {
  const normalized = query.trim();
  return (Object.keys(QUERIES) as KeyVaultLogTable[]).find((table) => QUERIES[table] === normalized);
}
