import { Option } from "commander";
import { loadPolicy, PolicyError, type Policy } from "../shared/config/policy.ts";
import type { Finding } from "../shared/controls/types.ts";
import { FORMATS, type Format } from "../shared/report/index.ts";
import { CliError, EXIT_BAD_INPUT, EXIT_FAILED } from "./errors.ts";

export const formatOption = () => new Option("--format <format>", "output format").choices(FORMATS).default("table");
export const policyOption = () => new Option("--policy <file>", "policy file (YAML or JSON); the built-in defaults when absent");
export const failOnOption = () => new Option("--fail-on <status>", "exit 1 when any finding has this status (for pipelines)").choices(["noncompliant", "unknown"]);

export interface ReportOptions {
  format: Format;
  policy?: string;
  failOn?: "noncompliant" | "unknown";
}

export async function policyFrom(file: string | undefined): Promise<Policy> {
  try {
    return await loadPolicy(file);
  } catch (error) {
    if (error instanceof PolicyError) throw new CliError(error.message, EXIT_BAD_INPUT);
    throw error;
  }
}

/** Sets the exit code a pipeline gate asked for; output has been written by then. */
export function applyFailOn(findings: readonly Finding[], failOn: ReportOptions["failOn"]): void {
  if (failOn && findings.some((f) => f.status === failOn)) process.exitCode = EXIT_FAILED;
}
