/**
 * The policy file (YAML or JSON): what Encryption Guard checks, where, and what it does about
 * each finding. Read once at start; a bad file fails loudly with every problem and its path.
 */
import { readFile } from "node:fs/promises";
import { LineCounter, parseDocument } from "yaml";
import type { z } from "zod";
import { findCredentials } from "./credentials.ts";
import { fromZodIssues, locate, PolicyError, type PolicyIssue, type RawIssue } from "./policyIssues.ts";
import { policySchema } from "./policySchema.ts";
import { fallbackMessage } from "./schemaParts.ts";

export { PolicyError, type PolicyIssue } from "./policyIssues.ts";

export type Policy = z.output<typeof policySchema>;
/** What the service does with a control's non-compliant findings; `off` skips the control entirely. */
export type Mode = NonNullable<Policy["defaultMode"]>;
export type ControlPolicy = NonNullable<Policy["controls"][string]>;
export type Scopes = Policy["scopes"];
export type ClassificationPolicy = Policy["classification"];
export type Exemption = Policy["exemptions"][number];
export type Limits = Policy["limits"];
export type TicketSink = Policy["tickets"]["sinks"][number];
export type AnomalyPolicy = Policy["anomalies"];
export type AllowlistEntry = AnomalyPolicy["allowlist"][number];

/** The policy without a file: every default, no scopes, no exemptions, no sinks. */
export const DEFAULT_POLICY: Policy = policySchema.parse({});

/** Parses and validates a policy file's text; `source` names the file in every message. */
export function parsePolicy(text: string, source: string): Policy {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (document.errors.length > 0) {
    throw new PolicyError(
      source,
      document.errors.map((error) => {
        const { line, col } = lineCounter.linePos(error.pos[0]);
        return { path: "", message: `YAML syntax: ${error.message}`, line, column: col };
      }),
    );
  }
  const data: unknown = document.toJS({ maxAliasCount: 100 });
  if (data === null || data === undefined) {
    throw new PolicyError(source, [{ path: "", message: "the file is empty; write {} to accept every default on purpose" }]);
  }
  if (typeof data !== "object" || Array.isArray(data)) {
    throw new PolicyError(source, [{ path: "", message: "expected a mapping of policy sections at the top level" }]);
  }
  const credentials = findCredentials(data);
  const result = policySchema.safeParse(data, { reportInput: true, error: fallbackMessage });
  const issues: RawIssue[] = [...credentials, ...(result.success ? [] : withoutCredentialKeys(fromZodIssues(result.error.issues), credentials))];
  if (issues.length > 0 || !result.success) {
    throw new PolicyError(source, issues.map((issue) => locate(document, lineCounter, issue)).sort(byPosition));
  }
  return result.data;
}

/** File order reads best; issues without a position (none expected) go last. */
function byPosition(a: PolicyIssue, b: PolicyIssue): number {
  return (a.line ?? Infinity) - (b.line ?? Infinity) || (a.column ?? 0) - (b.column ?? 0);
}

/** A credential key is also an unknown field; saying so twice would bury the real advice. */
function withoutCredentialKeys(issues: RawIssue[], credentials: readonly RawIssue[]): RawIssue[] {
  const credentialPaths = new Set(credentials.map((issue) => issue.path.join("\u0000")));
  return issues.filter((issue) => !credentialPaths.has(issue.path.join("\u0000")));
}

/** Reads the policy file at `path`, or the defaults when no file is configured. */
export async function loadPolicy(path: string | undefined): Promise<Policy> {
  if (path === undefined) return DEFAULT_POLICY;
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new PolicyError(path, [{ path: "", message: `cannot read the file: ${(error as Error).message}` }]);
  }
  return parsePolicy(text, path);
}
