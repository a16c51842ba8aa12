import { createWriteStream } from "node:fs";
import { Option } from "commander";
import { loadPolicy, PolicyError, type Policy } from "../shared/config/policy.ts";
import { parseSettings, SettingsError, type Settings } from "../shared/config/settings.ts";
import { CATALOG } from "../shared/controls/index.ts";
import type { Finding, Severity, Status } from "../shared/controls/types.ts";
import { FORMATS, TextOutput, type Format } from "../shared/report/index.ts";
import { DOCS_BASE_URL_SETTING } from "../shared/tickets/settings.ts";
import { CliError, EXIT_BAD_INPUT, EXIT_FAILED } from "./errors.ts";

const FORMAT_HELP = "output format: table, markdown and html sort by severity; json, csv and sarif stream in input order; junit groups by control";
const SEVERITIES: readonly Severity[] = ["critical", "high", "medium", "low"];

export const formatOption = (defaultFormat: Format = "table") => new Option("--format <format>", FORMAT_HELP).choices(FORMATS).default(defaultFormat);
export const outputOption = () => new Option("--output <file>", "write the report to this file instead of standard output");
export const policyOption = () => new Option("--policy <file>", "policy file (YAML or JSON); the built-in defaults when absent");
export const quietOption = () => new Option("--quiet", "no progress on standard error (it is shown only when standard error is a terminal)");
export const failOnOption = () =>
  new Option("--fail-on <status>", "exit 1 when any finding has this status, or a document is wrong (for pipelines); --severity and --control narrow what counts").choices(["noncompliant", "unknown"]);
export const severityOption = () => new Option("--severity <level>", "--fail-on counts only findings of this severity or higher").choices(SEVERITIES);
export const controlOption = () =>
  new Option("--control <id...>", "--fail-on counts only findings of these controls (encryption-guard controls lists them; give the file before it)").argParser(
    (value: string, previous: string[] | undefined) => {
      if (!CATALOG.some((control) => control.id === value)) throw new CliError(`--control: unknown control id ${JSON.stringify(value)}; encryption-guard controls lists them`);
      return [...(previous ?? []), value];
    },
  );

export interface ReportOptions {
  format: Format;
  output?: string;
  policy?: string;
  failOn?: "noncompliant" | "unknown";
  severity?: Severity;
  control?: string[];
  quiet?: boolean;
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

/**
 * A pipeline's gate: --fail-on with the --severity and --control that narrow it. It sees every
 * finding as it is written, and documents that were wrong (a gate cannot pass what it could
 * not judge); the exit code is set once the output is written.
 */
export class FailOnGate {
  readonly #options: Pick<ReportOptions, "failOn" | "severity" | "control">;
  readonly #minimum: number;
  #tripped = false;

  constructor(options: Pick<ReportOptions, "failOn" | "severity" | "control">) {
    this.#options = options;
    this.#minimum = options.severity ? SEVERITIES.indexOf(options.severity) : SEVERITIES.length - 1;
  }

  see(finding: Pick<Finding, "status" | "severity" | "controlId">): void {
    const { failOn, control } = this.#options;
    if (!failOn || finding.status !== (failOn satisfies Status)) return;
    if (SEVERITIES.indexOf(finding.severity) > this.#minimum) return;
    if (control && !control.includes(finding.controlId)) return;
    this.#tripped = true;
  }

  wrongInput(): void {
    if (this.#options.failOn) this.#tripped = true;
  }

  apply(): void {
    if (this.#tripped) process.exitCode = EXIT_FAILED;
  }
}

/** Where control pages are published, for the links in SARIF and HTML (GUARD_DOCS_BASE_URL). */
export function docsBaseUrl(): string | undefined {
  return process.env[DOCS_BASE_URL_SETTING]?.trim() || undefined;
}

/**
 * The settings from the environment with what options override, as the Functions app reads
 * them; a wrong value is bad input (exit 2) named by the option when one gave it.
 */
export function settingsWith(overrides: Readonly<Record<string, { value: string | undefined; flag: string }>>): Settings {
  const given = Object.entries(overrides).filter(([, override]) => override.value !== undefined);
  try {
    return parseSettings({ ...process.env, ...Object.fromEntries(given.map(([name, override]) => [name, override.value])) });
  } catch (error) {
    if (!(error instanceof SettingsError)) throw error;
    const named = (problem: string) => given.reduce((text, [name, override]) => (text.startsWith(`${name}:`) ? `${override.flag}${text.slice(name.length)}` : text), problem);
    throw new CliError(error.problems.map(named).join("; "), EXIT_BAD_INPUT);
  }
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

/** The gate's and the report's options, added to a command in one go. */
export function addGateOptions<T extends { addOption(option: Option): T }>(command: T): T {
  return command.addOption(failOnOption()).addOption(severityOption()).addOption(controlOption());
}
