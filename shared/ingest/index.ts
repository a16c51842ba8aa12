// Findings, actions and anomalies to a Log Analytics table through the Logs Ingestion API, and the workbook that charts them.
export {
  FINDINGS_LOG_COLUMNS,
  FINDINGS_STREAM,
  FINDINGS_TABLE,
  FINDINGS_TABLE_SCHEMA,
  INGESTION_TRANSFORM,
  kustoType,
  RECORD_KINDS,
  tableColumnType,
  type FindingsLogRow,
  type LogColumn,
  type RecordKind,
  type StreamColumnType,
} from "./schema.ts";
export { actionRow, anomalyRow, findingRow } from "./rows.ts";
export { FindingsLog, type FindingsLogTarget, type SendResult } from "./findingsLog.ts";
export { findingsLogAnomalySink, ingestingRecorder } from "./recorder.ts";
export { findingsLogTarget } from "./settings.ts";
export { findingsWorkbook, WORKBOOK_QUERIES, type WorkbookQueryName } from "./workbook.ts";
