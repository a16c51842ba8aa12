import { createWriteStream } from "node:fs";
import { Option } from "commander";
import { loadPolicy, PolicyError, type Policy } from "../shared/config/policy.ts";
import type { Status } from "../shared/controls/types.ts";
import { FORMATS, TextOutput, type Format } from "../shared/report/index.ts";
import { DOCS_BASE_URL_SETTING } from "../shared/tickets/settings.ts";
import { CliError, EXIT_BAD_INPUT, EXIT_FAILED } from "./errors.ts";

const FORMAT_HELP = "output format: table, markdown and html sort by severity; json, csv and sarif stream in input order; junit groups by control";

export const formatOption = (defaultFormat: Format = "table") => new Option("--format <format>", FORMAT_HELP).choices(FORMATS).default(defaultFormat);
export const outputOption = () => new Option("--output <file>", "write the report to this file instead of standard output");
export const policyOption = () => new Option("--policy <file>", "policy file (YAML or JSON); the built-in defaults when absent");
export const failOnOption = () => new Option("--fail-on <status>", "exit 1 when any finding has this status (for pipelines)").choices(["noncompliant", "unknown"]);

export interface ReportOptions {
  format: Format;
  output?: string;
  policy?: string;
  failOn?: "noncompliant" | "unknown";
}

/** A policy being loaded; a bad one is bad input (exit 2) with every problem and its place. */
export async function policyOrBadInput(loading: Promise<Policy>): Promise<Policy> {
  try {
    return await loading;
  } catch (error) {
    if (error instanceof PolicyError) throw new CliError(error.message, EXIT_BAD_INPUT);
    throw error;
  }
}

export function policyFrom(file: string | undefined): Promise<Policy> {
  return policyOrBadInput(loadPolicy(file));
}

/** Sets the exit code a pipeline gate asked for; output has been written by then. */
export function applyFailOn(statuses: ReadonlySet<Status>, failOn: ReportOptions["failOn"]): void {
  if (failOn && statuses.has(failOn)) process.exitCode = EXIT_FAILED;
}

/** Where control pages are published, for the links in SARIF and HTML (GUARD_DOCS_BASE_URL). */
export function docsBaseUrl(): string | undefined {
  return process.env[DOCS_BASE_URL_SETTING]?.trim() || undefined;
}

export interface ReportDestination {
  out: TextOutput;
  /** Flushes and closes the file; a write error surfaces here, naming the file. */
  close(): Promise<void>;
}

/** Standard output, or the --output file (created or replaced; its directory must exist). */
export async function reportDestination(file: string | undefined): Promise<ReportDestination> {
  if (!file) return { out: new TextOutput(process.stdout), close: async () => {} };
  const stream = createWriteStream(file);
  const failed = new Promise<never>((_resolve, reject) => stream.once("error", (error: NodeJS.ErrnoException) => reject(new CliError(`cannot write ${file}: ${error.code ?? error.message}`))));
  failed.catch(() => {});
  await Promise.race([new Promise((resolve) => stream.once("open", resolve)), failed]);
  return {
    out: new TextOutput(stream),
    close: () => Promise.race([new Promise<void>((resolve) => stream.end(resolve)), failed]),
  };
}
