// The Log Analytics query API for the key access queries, and the Logs Ingestion API, served by the emulator beside ARM.
export { handleLogAnalyticsRequest, isLogAnalyticsRequest } from "./handler.ts";
export { LogAnalyticsStore, type LogQueryLogEntry } from "./store.ts";
export { parseTimespan, TimespanError, type TimeRange } from "./timespan.ts";
export { handleLogsIngestionRequest, isLogsIngestionRequest, LogsIngestionStore, MAX_INGESTION_BODY_BYTES, type IngestionLogEntry, type IngestionRule, type StreamColumnType } from "./ingestion.ts";
