import { controlById } from "../controls/catalog/index.ts";
import { placeholderNames, type ResourceModule } from "../resources/index.ts";
import type { Control, PlannedFix } from "../controls/types.ts";
import type { ExceptionMark, RecordedFinding } from "../store/types.ts";
import type { ControlDoc } from "./controlDocs.ts";
import { fingerprintMarker, fingerprintOf } from "./fingerprint.ts";
import { parseResourceId, resourceNameOf, type PropertyChange } from "../core/index.ts";

/** What a ticket is about: the finding, plus what the scan knew beside it. */
export interface TicketSubject {
  finding: RecordedFinding;
  /** The resource's `owner` tag, when it has one. */
  owner?: string;
  /** The fix the policy would not run (disruptive, irreversible): its exact changes make the manual steps exact. */
  fix?: PlannedFix;
  /** Why a ticket replaced a fix (breaker open, fix did not stick), when the finding does not say. */
  reason?: string;
  /** Automatic fixing stopped for this resource and control. */
  exception?: ExceptionMark;
}

/** A ticket this one follows, when the old one could not be reopened. */
export interface PreviousTicket {
  id: string;
  url?: string;
}

export interface TicketContent {
  fingerprint: string;
  title: string;
  /** Markdown. Sinks that take HTML convert it with `markdownToHtml`. */
  body: string;
  finding: RecordedFinding;
  resourceName: string;
  owner?: string;
  docUrl: string;
}

export interface ContentOptions {
  /** Where docs/controls/<id>.md is published (a repository's blob URL, a docs site). */
  docsBaseUrl?: string;
  previous?: PreviousTicket;
  /** The resource modules that name resources in the page's snippets (the runtime's). */
  resources?: readonly ResourceModule[];
}

export const TITLE_PREFIX = "[encryption-guard]";

/** Stable and searchable: the same problem always gets the same title. */
export function ticketTitle(finding: RecordedFinding): string {
  return `${TITLE_PREFIX} ${finding.title}: ${resourceNameOf(finding.resourceId)}`;
}

export function controlDocUrl(controlId: string, docsBaseUrl?: string): string {
  const page = `${controlId}.md`;
  return docsBaseUrl ? `${docsBaseUrl.replace(/\/+$/, "")}/${page}` : `docs/controls/${page}`;
}

/** `undefined` is not JSON; an absent property reads better as "absent" than as an empty cell. */
export function showValue(value: unknown): string {
  if (value === undefined) return "absent";
  return JSON.stringify(value) ?? String(value);
}

function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}

function code(text: string): string {
  const fence = text.includes("`") ? "``" : "`";
  return `${fence}${text}${fence}`;
}

/** Fills the placeholders control pages use in their snippets, so a command can be pasted as is. */
export function fillPlaceholders(text: string, finding: RecordedFinding, resources?: readonly ResourceModule[]): string {
  let id;
  try {
    id = parseResourceId(finding.resourceId);
  } catch {
    return text.replace(/<resource-?id>|\$RESOURCE_ID\b|\{resourceId\}/gi, finding.resourceId);
  }
  const values = new Map<string, string>([
    ["rg", id.resourceGroup],
    ["resource-group", id.resourceGroup],
    ["subscription", id.subscriptionId],
    ["subscription-id", id.subscriptionId],
    ["resource-id", finding.resourceId],
    ["name", id.names[0] ?? id.name],
    // Only the resource's own words (its module's): `<vault>` in a storage account's page is the key's vault.
    ...placeholderNames(finding.resourceId, resources),
  ]);
  return text
    .replace(/<([a-z-]+)>/g, (placeholder, word: string) => {
      // `<topic-or-domain-resource-id>` offers alternatives; the resource's own word picks one.
      const alternatives = word.endsWith("-resource-id")
        ? word
            .slice(0, -"-resource-id".length)
            .split("-or-")
            .map((w) => `${w}-resource-id`)
        : [word];
      return alternatives.map((w) => values.get(w)).find((v) => v !== undefined) ?? placeholder;
    })
    .replace(/\$RESOURCE_ID\b|\{resourceId\}/g, finding.resourceId)
    .replace(/\$RESOURCE_GROUP\b|\{resourceGroup\}/g, id.resourceGroup)
    .replace(/\$SUBSCRIPTION(_ID)?\b|\{subscriptionId\}/g, id.subscriptionId);
}

/** `properties.encryption.keySource` = v as the nested object a template carries. */
function nested(changes: readonly { path: string; value: unknown }[]): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const { path, value } of changes) {
    const keys = path.split(".");
    let node = root;
    keys.slice(0, -1).forEach((key) => {
      const next = node[key];
      node = (node[key] = next && typeof next === "object" ? next : {}) as Record<string, unknown>;
    });
    node[keys[keys.length - 1]!] = value;
  }
  return root;
}

function cliValue(value: unknown): string {
  return typeof value === "string" ? `'${value.replace(/'/g, "'\\''")}'` : `'${JSON.stringify(value)}'`;
}

/** Exact steps from the fix the policy held back: one `az resource update` and the template's properties. */
function stepsFromFix(finding: RecordedFinding, changes: readonly PropertyChange[]): string {
  const sets = changes.map((c) => `  --set ${c.path}=${cliValue(c.after)}`).join(" \\\n");
  const template = { type: finding.resourceType, name: resourceNameOf(finding.resourceId), ...nested(changes.map((c) => ({ path: c.path, value: c.after }))) };
  return [
    "With the Azure CLI:",
    "",
    "```sh",
    `az resource update --ids '${finding.resourceId}' \\\n${sets}`,
    "```",
    "",
    "Or in the resource's ARM template (the same properties in Bicep):",
    "",
    "```json",
    JSON.stringify(template, null, 2),
    "```",
  ].join("\n");
}

/** Generic steps when neither the page nor a planned fix says more: show the property, set it to what is expected. */
function stepsFromEvidence(finding: RecordedFinding): string {
  const { path, expected } = finding.evidence;
  const template = { type: finding.resourceType, name: resourceNameOf(finding.resourceId), ...nested([{ path, value: `<${expected}>` }]) };
  return [
    `Set ${code(path)} to a value that meets: ${expected}.`,
    "",
    "```sh",
    `az resource show --ids '${finding.resourceId}' --query '${path}'`,
    `az resource update --ids '${finding.resourceId}' --set ${path}=<value>`,
    "```",
    "",
    "In the resource's ARM template (the same properties in Bicep):",
    "",
    "```json",
    JSON.stringify(template, null, 2),
    "```",
  ].join("\n");
}

function references(control: Control | undefined, docUrl: string, controlId: string): string {
  const refs = control?.refs;
  const parts = [`[${controlId}](${docUrl})`, "Well-Architected SE:07"];
  if (refs?.mcsb) parts.push(`MCSB ${refs.mcsb}`);
  if (refs?.policy) parts.push(`Azure Policy ${code(refs.policy)}`);
  if (refs?.psrule) parts.push(`PSRule ${code(refs.psrule)}`);
  return parts.join(" · ");
}

/** The ticket: what is wrong and why, the evidence, who owns it, how to fix it by hand, what that can break. */
export function buildTicketContent(subject: TicketSubject, doc: ControlDoc, options: ContentOptions = {}): TicketContent {
  const { finding, owner } = subject;
  const control = controlById(finding.controlId);
  const fingerprint = fingerprintOf(finding.controlId, finding.resourceId);
  const resourceName = resourceNameOf(finding.resourceId);
  const docUrl = controlDocUrl(finding.controlId, options.docsBaseUrl);
  const fill = (text: string) => fillPlaceholders(text, finding, options.resources);
  const { evidence } = finding;

  const body = [
    ...(options.previous
      ? [`Follows ${options.previous.url ? `[${options.previous.id}](${options.previous.url})` : options.previous.id}, which was closed and could not be reopened: the problem came back.`, ""]
      : []),
    `Encryption Guard found that **${finding.title}** does not hold for ${code(resourceName)}.`,
    "",
    "| | |",
    "|---|---|",
    `| Resource | ${code(finding.resourceId)} |`,
    `| Type | ${cell(finding.resourceType)} |`,
    `| Control | ${code(finding.controlId)} (${[finding.severity, finding.stage].filter(Boolean).join(", ")}) |`,
    `| Classification | ${finding.classification} |`,
    `| Owner | ${owner ? cell(owner) : "unknown: the resource has no `owner` tag"} |`,
    `| Why a ticket | ${cell(subject.reason ?? finding.reason ?? "the policy asks for a ticket for this control")} |`,
    ...(subject.exception ? [`| Automatic fixing stopped | ${cell(`${subject.exception.kind}: ${subject.exception.reason} (since ${subject.exception.since})`)} |`] : []),
    "",
    "## What is wrong and why it matters",
    "",
    [doc.synopsis, doc.whatGoesWrong]
      .filter(Boolean)
      .map((text) => fill(text!))
      .join("\n\n") || `${finding.title}: this resource does not meet the control. See the control's page for the risk.`,
    "",
    "## Evidence",
    "",
    "| property | actual | expected |",
    "|---|---|---|",
    `| ${code(evidence.path)} | ${code(cell(showValue(evidence.actual)))} | ${cell(evidence.expected)} |`,
    "",
    "## How to fix it by hand",
    "",
    doc.howToFixByHand ? fill(doc.howToFixByHand) : subject.fix ? stepsFromFix(finding, subject.fix.changes) : stepsFromEvidence(finding),
    "",
    "## What the fix does and can break",
    "",
    doc.whatTheFixCanBreak ? fill(doc.whatTheFixCanBreak) : "The control's page does not say. Try the change on a non-production copy first.",
    "",
    "## Reference",
    "",
    references(control, docUrl, finding.controlId),
    "",
    `<sub>Opened by Encryption Guard. Fingerprint ${code(fingerprintMarker(fingerprint))}: keep it on the ticket, it is how the ticket is found again, updated and closed.</sub>`,
  ].join("\n");

  return { fingerprint, title: ticketTitle(finding), body, finding, resourceName, ...(owner ? { owner } : {}), docUrl };
}
