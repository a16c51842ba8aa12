// Anomalous key access: KQL over Key Vault audit logs and the activity log, the aggregation it performs, baselines, detectors.
export { ANOMALY_KINDS, SEVERITIES, type Anomaly, type AnomalyKind, type Caller, type Severity } from "./types.ts";
export { AZKV_AUDIT_LOGS, AZURE_ACTIVITY, AZURE_DIAGNOSTICS, KEY_VAULT_LOG_TABLES, LOG_TABLES, type KeyVaultLogTable, type KustoType, type LogTable, type TableSchema } from "./schemas.ts";
export { keyAccessQuery, tableOfKeyAccessQuery } from "./queries.ts";
export { normalizeRow, detectTable, type AuditRecord, type NormalizedRow } from "./records.ts";
export { parseIsoInstant } from "./rowFields.ts";
export { AGGREGATE_COLUMNS, aggregateRecords, aggregateToRow, aggregatesFromTable, mergeTableAggregates, type HourlyAggregate } from "./aggregate.ts";
export { aggregateOperations, mergeOperations, OPERATION_COLUMNS, operationsFromTable, operationToRow, type AdministrativeOperation, type AdministrativeRecord } from "./administrative.ts";
export { AggregateTableError } from "./resultTable.ts";
export { classifyResult, RESULT_CLASSES, type ResultClass, type OperationFamily } from "./operations.ts";
export { DEFAULT_ALLOWLIST, type AllowlistEntry, type CallerMatcher } from "./allowlist.ts";
export { analysisPeriod, DEFAULT_BASELINE_DAYS, DEFAULT_WINDOW_HOURS, type AnalysisPeriod } from "./period.ts";
export { DEFAULT_DETECTOR_OPTIONS, type DetectorOptions } from "./detectors/index.ts";
export { analyzeActivity, analyzeAggregates, type AnalysisOptions, type AnalysisResult } from "./analyze.ts";
export { administrativeOperations, analyzeRows, readAuditRows, aggregateAuditRows, NoRowsError, type AuditRows, type RowReport, type RowsAnalysis, type RowsAnalysisOptions } from "./offline.ts";
export {
  createLogsQueryClient,
  fetchKeyAccessAggregates,
  PUBLIC_LOG_ANALYTICS_ENDPOINT,
  type CoverageGap,
  type FetchOptions,
  type FetchResult,
  type LogAnalyticsConnection,
  type LogsQueryRunner,
} from "./logAnalytics.ts";
export {
  alertKey,
  sinkAlertKey,
  describeAnomaly,
  dispatchAnomalies,
  loggingSink,
  MemoryDeduplicator,
  type AlertDeduplicator,
  type AnomalySink,
  type DispatchOptions,
  type DispatchResult,
} from "./alerts.ts";
export { AnomalyLedger } from "./ledger.ts";
export { BaselineStore } from "./baselines/index.ts";
export { parseKeyAccessSettings, KeyAccessSettingsError, type KeyAccessSettings } from "./settings.ts";
export { checkKeyAccess, type KeyAccessCheck, type KeyAccessCheckOptions } from "./monitor.ts";
