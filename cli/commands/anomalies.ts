import { Option, type Command } from "commander";
import type { Anomaly, RowReport } from "../../shared/anomalies/index.ts";
import { CliError } from "../errors.ts";
import { readInputText } from "../input.ts";
import { policyFrom, policyOption } from "../options.ts";

interface AnomaliesOptions {
  input: string;
  now?: string;
  baselineDays?: string;
  windowHours?: string;
  format: "json" | "table";
  policy?: string;
  serviceIdentity?: string;
}

/**
 * The rows of an export: a JSON array of row objects, or a Log Analytics query response
 * (`{"tables":[{"columns","rows"}]}`), whose rows become objects keyed by column name.
 */
function parseExport(text: string, source: string): unknown[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new CliError(`${source}: not JSON: ${(error as Error).message}`);
  }
  if (Array.isArray(parsed)) return parsed;
  const table = (parsed as { tables?: { columns?: unknown; rows?: unknown }[] } | null)?.tables?.[0];
  if (table && Array.isArray(table.columns) && Array.isArray(table.rows)) {
    const names = table.columns.map((column: unknown, index: number) => {
      const name = (column as { name?: unknown } | null)?.name;
      if (typeof name !== "string") throw new CliError(`${source}: tables[0].columns[${index}] has no name`);
      return name;
    });
    return table.rows.map((row: unknown) => (Array.isArray(row) ? Object.fromEntries(names.map((name, index) => [name, row[index]])) : row));
  }
  throw new CliError(`${source}: expected a JSON array of AZKVAuditLogs, AzureDiagnostics or AzureActivity rows (or a Log Analytics query response)`);
}

function wholeNumber(value: string | undefined, flag: string, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > max) throw new CliError(`${flag}: expected a whole number from 1 to ${max}, got ${JSON.stringify(value)}`);
  return Number(value);
}

function instant(value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const parsed = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(parsed.getTime())) throw new CliError(`--now: expected an ISO 8601 date-time such as 2024-06-01T12:00:00Z, got ${JSON.stringify(value)}`);
  return parsed;
}

const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

function guid(value: string | undefined, flag: string): string | undefined {
  if (value === undefined) return undefined;
  if (!GUID.test(value)) throw new CliError(`${flag}: expected the service identity's object or application id (a GUID), got ${JSON.stringify(value)}`);
  return value;
}

/** Rows left out, on stderr: bad rows with their reason, and rows of tables the analysis does not read, by table. */
function reportSkippedRows(report: RowReport): void {
  if (report.bad.length > 0) {
    const shown = report.bad.slice(0, 5).map(({ index, reason }) => `row ${index}: ${reason}`);
    const more = report.bad.length > shown.length ? `; and ${report.bad.length - shown.length} more` : "";
    process.stderr.write(`encryption-guard: anomalies: skipped ${report.bad.length} of ${report.total} rows: ${shown.join("; ")}${more}\n`);
  }
  const others = Object.entries(report.otherTables).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  if (others.length > 0) {
    const count = others.reduce((total, [, rows]) => total + rows, 0);
    // The table names come from the file: JSON quoting keeps a hostile one on its line.
    const listed = others.slice(0, 10).map(([type, rows]) => `${JSON.stringify(type)} ${rows}`);
    const more = others.length > listed.length ? `; and ${others.length - listed.length} more tables` : "";
    process.stderr.write(`encryption-guard: anomalies: ignored ${count} of ${report.total} rows of tables it does not read: ${listed.join(", ")}${more}\n`);
  }
}

function callerName(anomaly: Anomaly): string {
  return anomaly.caller.upn || anomaly.caller.oid || anomaly.caller.appid || "(no token)";
}

function formatAnomalyTable(anomalies: readonly Anomaly[]): string {
  if (anomalies.length === 0) return "no anomalous key access\n";
  const rows = anomalies.map((anomaly) => [
    anomaly.severity,
    anomaly.kind,
    anomaly.vault.split("/").pop() ?? anomaly.vault,
    callerName(anomaly),
    anomaly.start.slice(0, 16).replace("T", " "),
    String(anomaly.score),
  ]);
  const header = ["SEVERITY", "KIND", "VAULT", "CALLER", "START (UTC)", "SCORE"];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column]!))
      .join("  ")
      .trimEnd();
  return `${[line(header), ...rows.map(line)].join("\n")}\n`;
}

export function register(program: Command): void {
  program
    .command("anomalies")
    .description("find anomalous Key Vault access in an export of log rows (AZKVAuditLogs, AzureDiagnostics and AzureActivity, told apart by Type)")
    .requiredOption("--input <file>", "JSON array of log rows, or a Log Analytics query response; - reads stdin")
    .option("--now <time>", "end of the detection window (ISO 8601); the newest row's time when absent")
    .option("--baseline-days <days>", "days of history before the window that baselines are learnt from (default 14, or the policy's)")
    .option("--window-hours <hours>", "hours judged, ending at --now (default 24, or the policy's)")
    .addOption(new Option("--format <format>", "output format").choices(["json", "table"]).default("table"))
    .option("--service-identity <id>", "the service's object or application id: its diagnostic-setting changes are its job, not logging-disabled")
    .addOption(policyOption())
    .action(async (options: AnomaliesOptions) => {
      const now = instant(options.now);
      const serviceIdentity = guid(options.serviceIdentity, "--service-identity");
      const baselineDays = wholeNumber(options.baselineDays, "--baseline-days", 90);
      const windowHours = wholeNumber(options.windowHours, "--window-hours", 168);
      const rows = parseExport(await readInputText(options.input), options.input === "-" ? "stdin" : options.input);
      const policy = options.policy === undefined ? undefined : await policyFrom(options.policy);
      // Loaded on use: the other commands need none of it.
      const { analyzeRows, NoRowsError } = await import("../../shared/anomalies/index.ts");
      let result;
      try {
        result = analyzeRows(rows, {
          ...(now ? { now } : {}),
          baselineDays: baselineDays ?? policy?.anomalies.baselineDays ?? 14,
          windowHours: windowHours ?? policy?.anomalies.windowHours ?? 24,
          ...(policy ? { allowlist: policy.anomalies.allowlist, people: policy.anomalies.people } : {}),
          ...(serviceIdentity ? { serviceIdentity: { objectId: serviceIdentity, appId: serviceIdentity } } : {}),
        });
      } catch (error) {
        if (error instanceof NoRowsError) throw new CliError(`${options.input}: ${error.message}`);
        throw error;
      }
      reportSkippedRows(result.rows);
      process.stdout.write(options.format === "json" ? `${JSON.stringify({ anomalies: result.anomalies }, null, 2)}\n` : formatAnomalyTable(result.anomalies));
    });
}
