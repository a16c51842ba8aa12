export { FORMATS, findingContract, formatFindings, renderTable, statusCounts, summaryLine, type Format } from "./findings.ts";
