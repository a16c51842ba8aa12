import { Option, type Command } from "commander";
import { parseIsoInstant, type Anomaly, type AnalysisPeriod, type RowReport } from "../../shared/anomalies/index.ts";
import { CliError } from "../errors.ts";
import { readInputText } from "../input.ts";
import { policyFrom, policyOption, quietOption } from "../options.ts";
import { startProgress } from "../progress.ts";
import { examples } from "./help.ts";

interface AnomaliesOptions {
  input: string;
  now?: string;
  baselineDays?: string;
  windowHours?: string;
  format: "json" | "table";
  policy?: string;
  strict?: boolean;
  quiet?: boolean;
  serviceIdentity?: string;
}

/** A row this much after the machine's clock is dated in the future, not merely from a clock that runs a little fast. */
const CLOCK_SKEW_MS = 5 * 60_000;

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
  const parsed = parseIsoInstant(value);
  if (parsed === undefined) throw new CliError(`--now: expected an ISO 8601 date-time such as 2024-06-01T12:00:00Z (without a zone it is UTC), got ${JSON.stringify(value)}`);
  return new Date(parsed);
}

const iso = (ms: number | undefined) => (ms === undefined ? "?" : new Date(ms).toISOString());

const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

function guid(value: string | undefined, flag: string): string | undefined {
  if (value === undefined) return undefined;
  if (!GUID.test(value)) throw new CliError(`${flag}: expected the service identity's object or application id (a GUID), got ${JSON.stringify(value)}`);
  return value;
}

/**
 * What was not analysed and why: bad rows, rows dated in the future, rows outside the period.
 * Each is a line on standard error; with --strict any of them is bad input (exit 2). A period
 * that holds no row at all is always bad input: "no anomalous key access" would be a lie. Rows
 * of tables the analysis does not read are a note, never a problem.
 */
function checkRows(report: RowReport, period: AnalysisPeriod, options: { now?: Date; strict?: boolean; clock: Date }): void {
  const problems: string[] = [];
  if (report.bad.length > 0) {
    const shown = report.bad.slice(0, 5).map(({ index, reason }) => `row ${index}: ${reason}`);
    const more = report.bad.length > shown.length ? `; and ${report.bad.length - shown.length} more` : "";
    problems.push(`skipped ${report.bad.length} of ${report.total} rows: ${shown.join("; ")}${more}`);
  }
  if (report.future > 0) problems.push(`${report.future} of ${report.total} rows are dated after this machine's clock (${iso(options.clock.getTime())}): not analysed`);
  if (report.outsidePeriod > 0 && options.now) {
    problems.push(`${report.outsidePeriod} rows fall outside the analysed period ${iso(period.baselineStart)} to ${iso(period.now)} (--now, --baseline-days): not analysed`);
  }
  const span = report.oldest === undefined ? "no valid rows" : `rows from ${iso(report.oldest)} to ${iso(report.newest)}`;
  if (report.analysed === 0) {
    throw new CliError(`anomalies: no row falls in the analysed period ${iso(period.baselineStart)} to ${iso(period.now)}; the input has ${span}${options.now ? ": move --now into the data" : ""}`);
  }
  if (options.strict && problems.length > 0) throw new CliError(`anomalies --strict: ${problems.join("; ")}`);
  for (const problem of problems) process.stderr.write(`encryption-guard: anomalies: ${problem}\n`);
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
    .description(
      "find anomalous Key Vault access in an export of log rows (AZKVAuditLogs, AzureDiagnostics and AzureActivity, told apart by Type); times are ISO 8601, read as UTC when they have no zone",
    )
    .requiredOption("--input <file>", "JSON array of log rows, or a Log Analytics query response (UTF-8, or UTF-16 with a byte order mark); - reads stdin")
    .option("--now <time>", "end of the detection window (ISO 8601, UTC without a zone); the newest row's time when absent")
    .option("--baseline-days <days>", "days of history before the window that baselines are learnt from (default 14, or the policy's)")
    .option("--window-hours <hours>", "hours judged, ending at --now (default 24, or the policy's)")
    .addOption(new Option("--format <format>", "output format").choices(["json", "table"]).default("table"))
    .option("--service-identity <id>", "the service's object or application id: its diagnostic-setting changes are its job, not logging-disabled")
    .addOption(policyOption())
    .option("--strict", "refuse the input (exit 2) when any row is bad, dated in the future, or outside the period, instead of skipping it with a note")
    .addOption(quietOption())
    .addHelpText(
      "after",
      examples([
        ["the last day of an AZKVAuditLogs export, judged against the fortnight before", "encryption-guard anomalies --input kv-audit.json"],
        ["a fixed window, nothing skipped silently", "encryption-guard anomalies --input kv-audit.json --now 2024-06-01T12:00:00Z --window-hours 6 --strict"],
        [
          "straight from Log Analytics",
          "az monitor log-analytics query -w <workspace id> --analytics-query 'AZKVAuditLogs | where TimeGenerated > ago(15d)' -o json | encryption-guard anomalies --input -",
        ],
      ]),
    )
    .action(async (options: AnomaliesOptions) => {
      const now = instant(options.now);
      const serviceIdentity = guid(options.serviceIdentity, "--service-identity");
      const baselineDays = wholeNumber(options.baselineDays, "--baseline-days", 90);
      const windowHours = wholeNumber(options.windowHours, "--window-hours", 168);
      const progress = startProgress("anomalies", "MB", { quiet: options.quiet });
      const text = await readInputText(options.input, { progress });
      const megabytes = Math.round((text.length / (1024 * 1024)) * 10) / 10;
      progress.update(megabytes, megabytes, "parsing and analysing");
      const rows = parseExport(text, options.input === "-" ? "stdin" : options.input);
      const policy = options.policy === undefined ? undefined : await policyFrom(options.policy);
      // Loaded on use: the other commands need none of it.
      const { analyzeRows, NoRowsError } = await import("../../shared/anomalies/index.ts");
      const clock = new Date();
      let result;
      try {
        result = analyzeRows(rows, {
          ...(now ? { now } : {}),
          notAfter: new Date(clock.getTime() + CLOCK_SKEW_MS),
          baselineDays: baselineDays ?? policy?.anomalies.baselineDays ?? 14,
          windowHours: windowHours ?? policy?.anomalies.windowHours ?? 24,
          ...(policy ? { allowlist: policy.anomalies.allowlist, people: policy.anomalies.people } : {}),
          ...(serviceIdentity ? { serviceIdentity: { objectId: serviceIdentity, appId: serviceIdentity } } : {}),
        });
      } catch (error) {
        if (error instanceof NoRowsError) {
          const future = error.report.future > 0 ? `; ${error.report.future} rows are dated after this machine's clock (${iso(clock.getTime())})` : "";
          throw new CliError(`${options.input}: ${error.message}${future}`);
        }
        throw error;
      } finally {
        progress.finish();
      }
      checkRows(result.rows, result.period, { ...(now ? { now } : {}), ...(options.strict ? { strict: true } : {}), clock });
      process.stdout.write(options.format === "json" ? `${JSON.stringify({ anomalies: result.anomalies }, null, 2)}\n` : formatAnomalyTable(result.anomalies));
    });
}
