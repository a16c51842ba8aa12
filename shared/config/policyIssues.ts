/** Problems found in a policy file, each with its path and, where the file says, its line. */
import type { z } from "zod";
import { isMap, isNode, isScalar, type Document, type LineCounter, type Node } from "yaml";

export interface PolicyIssue {
  /** Where in the document: `controls.storage.cmk.mode`, `exemptions[0].expires`; empty for the whole file. */
  path: string;
  message: string;
  line?: number;
  column?: number;
}

/** A problem before it is placed in the file: the path as segments. */
export interface RawIssue {
  path: readonly PropertyKey[];
  message: string;
  /** The problem is the key itself (an unknown field, a credential), so point at the key, not its value. */
  atKey?: boolean;
}

export class PolicyError extends Error {
  readonly source: string;
  readonly issues: readonly PolicyIssue[];
  constructor(source: string, issues: readonly PolicyIssue[]) {
    const count = issues.length === 1 ? "1 problem" : `${issues.length} problems`;
    super(`invalid policy file ${source} (${count}):\n${issues.map((issue) => `  - ${describeIssue(source, issue)}`).join("\n")}`);
    this.name = "PolicyError";
    this.source = source;
    this.issues = issues;
  }
}

export function describeIssue(source: string, issue: PolicyIssue): string {
  const where = issue.line === undefined ? source : `${source}:${issue.line}:${issue.column ?? 1}`;
  return `${where} ${issue.path || "(file)"}: ${issue.message}`;
}

export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, segment) => {
    if (typeof segment === "number") return `${text}[${segment}]`;
    return text ? `${text}.${String(segment)}` : String(segment);
  }, "");
}

/** Zod reports unknown keys once per object; a reader wants each one at its own path. */
export function fromZodIssues(issues: readonly z.core.$ZodIssue[]): RawIssue[] {
  return issues.flatMap((issue) =>
    issue.code === "unrecognized_keys" ? issue.keys.map((key) => ({ path: [...issue.path, key], message: issue.message, atKey: true })) : [{ path: issue.path, message: issue.message }],
  );
}

/** Places an issue at the deepest node of its path that the file has (a missing field points at its parent). */
export function locate(document: Document, lineCounter: LineCounter, issue: RawIssue): PolicyIssue {
  const placed: PolicyIssue = { path: formatPath(issue.path), message: issue.message };
  const node = (issue.atKey ? keyNode(document, issue.path) : undefined) ?? deepestNode(document, issue.path);
  if (!node?.range) return placed;
  const { line, col } = lineCounter.linePos(node.range[0]);
  return { ...placed, line, column: col };
}

function deepestNode(document: Document, path: readonly PropertyKey[]): Node | undefined {
  for (let length = path.length; length >= 0; length--) {
    const node = document.getIn(path.slice(0, length), true);
    if (isNode(node) && node.range) return node;
  }
  return undefined;
}

function keyNode(document: Document, path: readonly PropertyKey[]): Node | undefined {
  const parent = document.getIn(path.slice(0, -1), true);
  if (!isMap(parent)) return undefined;
  const pair = parent.items.find((item) => isScalar(item.key) && item.key.value === path.at(-1));
  return isScalar(pair?.key) ? pair.key : undefined;
}
