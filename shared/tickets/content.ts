import { controlById } from "../controls/catalog/index.ts";
import { placeholderNames, type ResourceModule } from "../resources/index.ts";
import type { Control, PlannedFix } from "../controls/types.ts";
import type { ExceptionMark, RecordedFinding } from "../store/types.ts";
import type { ControlDoc } from "./controlDocs.ts";
import { fingerprintMarker, fingerprintOf } from "./fingerprint.ts";
import { markdownCode, replaceInMarkdown, untrusted, type Block, type Inline, type Inlines, type TicketText } from "./text/index.ts";
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
  /** As built from the finding; each sink writes it as one plain line within its own limit. */
  title: string;
  /** Structure and values; each sink renders it (Markdown, HTML, plain text) with every value inert. */
  body: TicketText;
  finding: RecordedFinding;
  resourceName: string;
  owner?: string;
  /** When the ticket is due (a key's expiry is near): ISO 8601. */
  dueBy?: string;
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

/** One outside value in single quotes, as one word for POSIX shells: what a reader pastes runs nothing else. */
function shellQuote(value: string): string {
  return `'${untrusted(value).replace(/'/g, "'\\''")}'`;
}

/**
 * What may fill a placeholder of a control page: a word that means the same pasted into a
 * shell command, a Bicep snippet or a sentence (letters, digits, `_ . - /`, not starting with
 * `-`). Anything else leaves the placeholder for the reader, who finds the exact value in the
 * ticket's table.
 */
function isPlainWord(value: string): boolean {
  return /^[\p{L}\p{N}_./][\p{L}\p{N}_./-]*$/u.test(value);
}

/** `<rg>`, `<topic-or-domain-resource-id>`, `$RESOURCE_ID`, `{resourceGroup}`… */
const PLACEHOLDER = /<([a-z-]+)>|\$(RESOURCE_ID|RESOURCE_GROUP|SUBSCRIPTION_ID|SUBSCRIPTION)\b|\{(resourceId|resourceGroup|subscriptionId)\}/g;

/** The values a finding gives the placeholders, by placeholder word. */
function placeholderValues(finding: RecordedFinding, resources?: readonly ResourceModule[]): Map<string, string> {
  let id;
  try {
    id = parseResourceId(finding.resourceId);
  } catch {
    return new Map([["resource-id", finding.resourceId]]);
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
  return values;
}

/** `$RESOURCE_ID` and `{resourceId}` are the same placeholder as `<resource-id>`. */
const VARIABLE_WORDS: Readonly<Record<string, string>> = {
  RESOURCE_ID: "resource-id",
  RESOURCE_GROUP: "rg",
  SUBSCRIPTION: "subscription",
  SUBSCRIPTION_ID: "subscription",
  resourceId: "resource-id",
  resourceGroup: "rg",
  subscriptionId: "subscription",
};

/**
 * Fills the placeholders control pages use in their snippets, so a command can be pasted as
 * is. A value that is not a plain word is never put into a page; in prose a value is a code span.
 */
export function fillPlaceholders(text: string, finding: RecordedFinding, resources?: readonly ResourceModule[]): string {
  const values = placeholderValues(finding, resources);
  const valueOf = (match: string): string | undefined => {
    const [, word, variable, brace] = new RegExp(PLACEHOLDER.source).exec(match) ?? [];
    if (!word) return values.get(VARIABLE_WORDS[variable ?? brace ?? ""] ?? "");
    // `<topic-or-domain-resource-id>` offers alternatives; the resource's own word picks one.
    const alternatives = word.endsWith("-resource-id")
      ? word
          .slice(0, -"-resource-id".length)
          .split("-or-")
          .map((w) => `${w}-resource-id`)
      : [word];
    return alternatives.map((w) => values.get(w)).find((v) => v !== undefined);
  };
  return replaceInMarkdown(text, PLACEHOLDER, (match, inCode) => {
    const value = valueOf(match);
    if (value === undefined || !isPlainWord(value)) return match;
    return inCode ? value : markdownCode(value);
  });
}

/**
 * `properties.encryption.keySource` = v as the nested object a template carries. Paths come
 * from ledger rows: the objects have no prototype, so a `__proto__` segment is only a name.
 */
function nested(changes: readonly { path: string; value: unknown }[]): Record<string, unknown> {
  const root: Record<string, unknown> = Object.create(null);
  for (const { path, value } of changes) {
    const keys = path.split(".");
    let node = root;
    keys.slice(0, -1).forEach((key) => {
      const next = node[key];
      node = (node[key] = next && typeof next === "object" ? next : Object.create(null)) as Record<string, unknown>;
    });
    node[keys[keys.length - 1]!] = value;
  }
  return root;
}

function cliValue(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

function template(finding: RecordedFinding, changes: readonly { path: string; value: unknown }[]): Block {
  return { codeBlock: JSON.stringify({ type: finding.resourceType, name: resourceNameOf(finding.resourceId), ...nested(changes) }, null, 2), language: "json" };
}

/** Exact steps from the fix the policy held back: one `az resource update` and the template's properties. */
function stepsFromFix(finding: RecordedFinding, changes: readonly PropertyChange[]): Block[] {
  const sets = changes.map((c) => `  --set ${shellQuote(`${c.path}=${cliValue(c.after)}`)}`).join(" \\\n");
  return [
    { paragraph: "With the Azure CLI:" },
    { codeBlock: `az resource update --ids ${shellQuote(finding.resourceId)} \\\n${sets}`, language: "sh" },
    { paragraph: "Or in the resource's ARM template (the same properties in Bicep):" },
    template(
      finding,
      changes.map((c) => ({ path: c.path, value: c.after })),
    ),
  ];
}

/** Generic steps when neither the page nor a planned fix says more: show the property, set it to what is expected. */
function stepsFromEvidence(finding: RecordedFinding): Block[] {
  const { path, expected } = finding.evidence;
  return [
    { paragraph: ["Set ", { code: path }, " to a value that meets: ", expected, "."] },
    {
      codeBlock: [
        `az resource show --ids ${shellQuote(finding.resourceId)} --query ${shellQuote(path)}`,
        `az resource update --ids ${shellQuote(finding.resourceId)} --set ${shellQuote(`${path}=<value>`)}`,
      ].join("\n"),
      language: "sh",
    },
    { paragraph: "In the resource's ARM template (the same properties in Bicep):" },
    template(finding, [{ path, value: `<${expected}>` }]),
  ];
}

function references(control: Control | undefined, docUrl: string, controlId: string): Inline[] {
  const refs = control?.refs;
  return [
    { link: docUrl, label: controlId },
    " · Well-Architected SE:07",
    ...(refs?.mcsb ? [` · MCSB ${refs.mcsb}`] : []),
    ...(refs?.policy ? [" · Azure Policy ", { code: refs.policy }] : []),
    ...(refs?.psrule ? [" · PSRule ", { code: refs.psrule }] : []),
  ];
}

/** A section quoted from the control's page, or what the ticket says without one. */
function pageSection(text: string | undefined, fill: (text: string) => string, fallback: Inlines): Block {
  return text ? { markdown: fill(text) } : { paragraph: fallback };
}

/** What the deadline of a finding that carries one keeps from happening. */
function dueReason(finding: RecordedFinding): string {
  return finding.resourceType.toLowerCase() === "microsoft.keyvault/vaults/certificates" ? "before clients refuse the certificate" : "before the data becomes unreadable";
}

/** The ticket: what is wrong and why, the evidence, who owns it, how to fix it by hand, what that can break. */
export function buildTicketContent(subject: TicketSubject, doc: ControlDoc, options: ContentOptions = {}): TicketContent {
  const { finding, owner, exception } = subject;
  const control = controlById(finding.controlId);
  const fingerprint = fingerprintOf(finding.controlId, finding.resourceId);
  const resourceName = resourceNameOf(finding.resourceId);
  const docUrl = controlDocUrl(finding.controlId, options.docsBaseUrl);
  const fill = (text: string) => fillPlaceholders(text, finding, options.resources);
  const { evidence } = finding;
  const { previous } = options;
  const whatIsWrong = [doc.synopsis, doc.whatGoesWrong].filter(Boolean).join("\n\n") || undefined;

  const body: Block[] = [
    ...(previous ? [{ paragraph: ["Follows ", previous.url ? { link: previous.url, label: previous.id } : previous.id, ", which was closed and could not be reopened: the problem came back."] }] : []),
    { paragraph: ["Encryption Guard found that ", { strong: finding.title }, " does not hold for ", { code: resourceName }, "."] },
    {
      table: {
        rows: [
          ["Resource", { code: finding.resourceId }],
          ["Type", finding.resourceType],
          ["Control", [{ code: finding.controlId }, ` (${[finding.severity, finding.stage].filter(Boolean).join(", ")})`]],
          ["Classification", finding.classification],
          ["Owner", owner ? owner : ["unknown: the resource has no ", { code: "owner" }, " tag"]],
          ["Why a ticket", subject.reason ?? finding.reason ?? "the policy asks for a ticket for this control"],
          // A deadline the finding carries (a key's or a certificate's expiry): the ticket is due by then.
          ...(finding.evidence.dueBy ? [["Due by", `${finding.evidence.dueBy.slice(0, 10)} (${dueReason(finding)})`]] : []),
          ...(exception ? [["Automatic fixing stopped", `${exception.kind}: ${exception.reason} (since ${exception.since})`]] : []),
        ],
      },
    },
    { heading: "What is wrong and why it matters" },
    pageSection(whatIsWrong, fill, `${finding.title}: this resource does not meet the control. See the control's page for the risk.`),
    { heading: "Evidence" },
    { table: { header: ["property", "actual", "expected"], rows: [[{ code: evidence.path }, { code: showValue(evidence.actual) }, evidence.expected]] } },
    { heading: "How to fix it by hand" },
    ...(doc.howToFixByHand ? [{ markdown: fill(doc.howToFixByHand) }] : subject.fix ? stepsFromFix(finding, subject.fix.changes) : stepsFromEvidence(finding)),
    { heading: "What the fix does and can break" },
    pageSection(doc.whatTheFixCanBreak, fill, "The control's page does not say. Try the change on a non-production copy first."),
    { heading: "Reference" },
    { paragraph: references(control, docUrl, finding.controlId) },
    { note: ["Opened by Encryption Guard. Fingerprint ", { code: fingerprintMarker(fingerprint) }, ": keep it on the ticket, it is how the ticket is found again, updated and closed."] },
  ];

  const dueBy = finding.evidence.dueBy;
  return { fingerprint, title: ticketTitle(finding), body, finding, resourceName, ...(owner ? { owner } : {}), ...(dueBy ? { dueBy } : {}), docUrl };
}
