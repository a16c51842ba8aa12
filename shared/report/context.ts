import { readFileSync } from "node:fs";
import type { ReportExtras } from "./html/model.ts";
import type { RunFix, UnevaluatedDocument } from "./run.ts";

/** What a report needs besides the findings. */
export interface ReportContext {
  /** When the report was made: an injected clock, so tests and re-runs are reproducible. */
  generatedAt: Date;
  /** Where docs/controls/ is published (GUARD_DOCS_BASE_URL); links are relative to docs/controls/ without it. */
  docsBaseUrl?: string;
  /** The file the findings were evaluated from (`evaluate`), so SARIF can place results in it. */
  inputFile?: string;
  /** What the HTML report says besides the findings (source, resources, the ledger's history). */
  extras?: ReportExtras;
  /** Documents given but not evaluated (`evaluate`): json lists them after the findings. */
  unevaluated?: readonly UnevaluatedDocument[];
  /** Fixes the run made (`scan`): json lists them after the findings, with their action ids. */
  fixes?: readonly RunFix[];
}

/** The page of a control: under GUARD_DOCS_BASE_URL when set, else the repository's docs/controls/. */
export function controlDocUrl(controlId: string, docsBaseUrl?: string): string {
  const page = `${encodeURIComponent(controlId)}.md`;
  return docsBaseUrl ? `${docsBaseUrl.replace(/\/+$/, "")}/${page}` : `docs/controls/${page}`;
}

/** Whether a link is an absolute http(s) URL, the only kind SARIF's helpUri and a report's links may carry. */
export function isWebUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "https:" || url.protocol === "http:";
  } catch {
    return false;
  }
}

export const TOOL_NAME = "Encryption Guard";

let version: string | undefined;

/** The package's version, for the tool entry of SARIF and JUnit. */
export function toolVersion(): string {
  if (version === undefined) {
    try {
      version = (JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version?: string }).version ?? "0.0.0";
    } catch {
      version = "0.0.0";
    }
  }
  return version;
}
