/**
 * The Log Analytics tables the key access queries read, as Kusto column types. The KQL
 * validation tests analyse every query against these definitions, so a misspelled or
 * retired column fails a test instead of a production query.
 *
 * AZKVAuditLogs is the resource-specific table of the Key Vault `AuditEvent` category (fixed
 * schema, Azure Monitor table reference). AzureDiagnostics is the legacy shared table: its
 * columns are created per workspace from what was ingested, so only the standard columns and
 * the Key Vault ones seen in real workspaces are declared; queries reach any other column
 * through `column_ifexists`. AzureActivity is the Azure activity log (fixed schema, Azure
 * Monitor table reference), where a vault's administrative operations are recorded.
 */
export type KustoType = "string" | "int" | "long" | "real" | "bool" | "datetime" | "guid" | "dynamic";

export interface TableSchema {
  name: string;
  columns: Readonly<Record<string, KustoType>>;
}

/** Declared type by type: the lists stay short and a column's type is visible at a glance. */
function columnsByType(groups: Partial<Record<KustoType, readonly string[]>>): Record<string, KustoType> {
  const columns: Record<string, KustoType> = {};
  for (const [type, names] of Object.entries(groups) as [KustoType, readonly string[]][]) {
    for (const name of names) {
      if (columns[name] !== undefined) throw new Error(`column ${name} is declared twice`);
      columns[name] = type;
    }
  }
  return columns;
}

/** Columns every Log Analytics table carries, whatever its source. */
const STANDARD_COLUMNS = {
  datetime: ["TimeGenerated"],
  string: ["TenantId", "SourceSystem", "Type", "_ResourceId", "_SubscriptionId", "_IsBillable"],
  real: ["_BilledSize"],
} as const;

export const AZKV_AUDIT_LOGS: TableSchema = {
  name: "AZKVAuditLogs",
  columns: columnsByType({
    datetime: STANDARD_COLUMNS.datetime,
    real: STANDARD_COLUMNS.real,
    string: [
      ...STANDARD_COLUMNS.string,
      // the request
      "OperationName",
      "OperationVersion",
      "RequestUri",
      "Id",
      "ClientInfo",
      "CorrelationId",
      "Tlsversion",
      // the outcome
      "ResultType",
      "ResultSignature",
      "ResultDescription",
      // where it came from and why it was allowed
      "CallerIpAddress",
      "AddressAuthorizationType",
      "SubnetId",
      "TrustedService",
      "AppliedAssignmentId",
      "HsmPoolResourceId",
      "Algorithm",
    ],
    int: ["HttpStatusCode", "DurationMs", "SoftDeleteRetentionInDays"],
    bool: [
      "IsAccessPolicyMatch",
      "IsAddressAuthorized",
      "IsRbacAuthorized",
      "EnabledForDeployment",
      "EnabledForDiskEncryption",
      "EnabledForTemplateDeployment",
      "EnablePurgeProtection",
      "EnableRbacAuthorization",
      "EnableSoftDelete",
    ],
    dynamic: [
      // the token's claims: claim.oid, claim.appid, claim.upn
      "Identity",
      "Properties",
      "KeyProperties",
      "SecretProperties",
      "VaultProperties",
      "Sku",
      "NetworkAcls",
      "Nsp",
      "CertificateProperties",
      "CertificatePolicyProperties",
      "CertificateIssuerProperties",
      "CertificateRequestProperties",
      "StorageAccountProperties",
      "StorageSasDefinitionProperties",
    ],
  }),
};

export const AZURE_DIAGNOSTICS: TableSchema = {
  name: "AzureDiagnostics",
  columns: columnsByType({
    datetime: [...STANDARD_COLUMNS.datetime, "certificateProperties_nbf_t", "certificateProperties_exp_t"],
    real: [...STANDARD_COLUMNS.real, "httpStatusCode_d", "keyProperties_size_d", "certificatePolicyProperties_keyProperties_size_d", "properties_softDeleteRetentionInDays_d"],
    long: ["DurationMs"],
    string: [
      ...STANDARD_COLUMNS.string,
      // where the record came from: Key Vault rows are ResourceProvider MICROSOFT.KEYVAULT, Category AuditEvent
      "ResourceId",
      "ResourceGroup",
      "ResourceProvider",
      "ResourceType",
      "Resource",
      "Category",
      // the request and its outcome
      "OperationName",
      "OperationVersion",
      "ResultType",
      "ResultSignature",
      "ResultDescription",
      "CorrelationId",
      "CallerIPAddress",
      "clientInfo_s",
      "requestUri_s",
      "tlsVersion_s",
      "id_s",
      // flattened token claims and access decision
      "identity_claim_appidacr_s",
      "identity_claim_xms_mirid_s",
      "identity_claim_xms_az_nwperimid_s",
      "trustedService_s",
      "subnetId_s",
      "privateEndpointId_s",
      // flattened object and vault properties
      "secretProperties_type_s",
      "keyProperties_type_s",
      "keyProperties_operations_s",
      "keyProperties_attributes_hsmPlatform_s",
      "certificateProperties_subject_s",
      "certificateProperties_sha1_s",
      "certificateProperties_sha256_s",
      "certificatePolicyProperties_keyProperties_type_s",
      "certificatePolicyProperties_secretProperties_type_s",
      "certificatePolicyProperties_certificateIssuerProperties_name_s",
      "properties_sku_Family_s",
      "properties_sku_Name_s",
      "properties_networkAcls_bypass_s",
      "properties_networkAcls_defaultAction_s",
    ],
    guid: [
      "SubscriptionId",
      "identity_claim_oid_g",
      "identity_claim_http_schemas_microsoft_com_identity_claims_objectidentifier_g",
      "identity_claim_appid_g",
      "appliedAssignmentId_g",
      "properties_tenantId_g",
    ],
    bool: [
      "isRbacAuthorized_b",
      "keyProperties_attributes_enabled_b",
      "certificatePolicyProperties_keyProperties_reuse_b",
      "certificatePolicyProperties_keyProperties_export_b",
      "properties_enabledForDeployment_b",
      "properties_enabledForDiskEncryption_b",
      "properties_enabledForTemplateDeployment_b",
      "properties_enableSoftDelete_b",
      "properties_enableRbacAuthorization_b",
      "properties_enablePurgeProtection_b",
    ],
    dynamic: ["_CustomFieldsCollection"],
  }),
};

export const AZURE_ACTIVITY: TableSchema = {
  name: "AzureActivity",
  columns: columnsByType({
    datetime: [...STANDARD_COLUMNS.datetime, "EventSubmissionTimestamp"],
    real: STANDARD_COLUMNS.real,
    string: [
      ...STANDARD_COLUMNS.string,
      // what was done, to what
      "OperationName",
      "OperationNameValue",
      "OperationId",
      "CorrelationId",
      "EventDataId",
      "Category",
      "CategoryValue",
      "Level",
      "ResourceId",
      "Resource",
      "ResourceGroup",
      "ResourceProvider",
      "ResourceProviderValue",
      "SubscriptionId",
      "Hierarchy",
      // its outcome: Start, then Success or Failure
      "ActivityStatus",
      "ActivityStatusValue",
      "ActivitySubstatus",
      "ActivitySubstatusValue",
      // who, from where, allowed by what (the text columns predate their dynamic twins)
      "Caller",
      "CallerIpAddress",
      "Claims",
      "Authorization",
      "HTTPRequest",
      "Properties",
    ],
    dynamic: ["Claims_d", "Authorization_d", "Properties_d"],
  }),
};

export type KeyVaultLogTable = "AZKVAuditLogs" | "AzureDiagnostics";
/** Every table the key access monitor reads. */
export type LogTable = KeyVaultLogTable | "AzureActivity";

export const KEY_VAULT_LOG_TABLES: Readonly<Record<KeyVaultLogTable, TableSchema>> = {
  AZKVAuditLogs: AZKV_AUDIT_LOGS,
  AzureDiagnostics: AZURE_DIAGNOSTICS,
};

export const LOG_TABLES: Readonly<Record<LogTable, TableSchema>> = {
  ...KEY_VAULT_LOG_TABLES,
  AzureActivity: AZURE_ACTIVITY,
};

export const LOG_TABLE_NAMES = Object.keys(LOG_TABLES) as readonly LogTable[];
