// The Log Analytics query API for the key access queries, served by the emulator beside ARM.
export { handleLogAnalyticsRequest, isLogAnalyticsRequest } from "./handler.ts";
export { LogAnalyticsStore, type LogQueryLogEntry } from "./store.ts";
export { parseTimespan, TimespanError, type TimeRange } from "./timespan.ts";
