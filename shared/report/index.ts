export { FORMATS, findingWriter, formatFindings, type Format } from "./formats.ts";
export type { FindingWriter } from "./writer.ts";
export { TextOutput, StringSink, type TextSink } from "./output.ts";
export { controlDocUrl, type ReportContext } from "./context.ts";
export { findingContract, csvCell, markdownCode } from "./text.ts";
export { fingerprintOf } from "./sarif.ts";
export { renderTable } from "./table.ts";
export { resourceNameOf, sortForPeople, statusCounts, summaryLine } from "./cells.ts";
export { DAYS_TO_FIX, type FixMade, type OpenTicket, type ReportExtras, type TrendDay } from "./html/model.ts";
