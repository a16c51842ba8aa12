import { controlById, frameworkRefs } from "../controls/index.ts";
import type { Finding } from "../controls/types.ts";
import type { ReportContext } from "./context.ts";
import { placeOf, resourceNameOf, shown, sortForPeople, statusCounts, summaryOf, visible } from "./cells.ts";
import type { TextOutput } from "./output.ts";
import { tableLines } from "./table.ts";
import { sortedWriter, writeEach, type FindingWriter } from "./writer.ts";

/** The public JSON shape of a finding: the CLI's contract, with the frameworks its control maps to. */
export function findingContract(f: Finding) {
  const control = controlById(f.controlId);
  return {
    resourceId: f.resourceId,
    controlId: f.controlId,
    status: f.status,
    severity: f.severity,
    evidence: { path: f.evidence.path, actual: f.evidence.actual, expected: f.evidence.expected },
    decision: f.decision,
    ...(f.reason ? { reason: f.reason } : {}),
    ...(control ? frameworkRefs(control) : {}),
  };
}

/** The sections json writes after the findings, when the run has them. */
function trailingSections(context: ReportContext): string {
  const sections = [...(context.unevaluated?.length ? [["unevaluated", context.unevaluated] as const] : []), ...(context.fixes?.length ? [["fixes", context.fixes] as const] : [])];
  return sections.map(([name, items]) => `,\n  ${JSON.stringify(name)}: ${JSON.stringify(items, null, 2).replaceAll("\n", "\n  ")}`).join("");
}

/**
 * `{"findings":[…]}` exactly as JSON.stringify(…, null, 2) prints it, written one finding at a
 * time in the order they come.
 */
export function jsonWriter(out: TextOutput, context: ReportContext): FindingWriter {
  let count = 0;
  return {
    async add(finding) {
      const item = JSON.stringify(findingContract(finding), null, 2).replaceAll("\n", "\n    ");
      await out.write(`${count++ === 0 ? '{\n  "findings": [\n' : ",\n"}    ${item}`);
    },
    async end() {
      await out.write(`${count === 0 ? '{\n  "findings": []' : "\n  ]"}${trailingSections(context)}\n}\n`);
    },
  };
}

/** Free text is cut in the table (a terminal line has room for so much); json and csv carry it whole. */
const TABLE_TEXT_WIDTH = 60;
const clip = (text: string) => (text.length > TABLE_TEXT_WIDTH ? `${text.slice(0, TABLE_TEXT_WIDTH - 1)}…` : text);

/** What a person needs on one row, table and Markdown alike: the resource by the name they know, where it lives, why. */
const PEOPLE_COLUMNS: readonly { title: string; cell(f: Finding): string }[] = [
  { title: "severity", cell: (f) => f.severity },
  { title: "status", cell: (f) => f.status },
  { title: "resource", cell: (f) => resourceNameOf(f.resourceId) },
  { title: "group", cell: (f) => placeOf(f.resourceId).resourceGroup },
  { title: "control", cell: (f) => f.controlId },
  { title: "path", cell: (f) => f.evidence.path },
  { title: "actual", cell: (f) => shown(f.evidence.actual) },
  { title: "expected", cell: (f) => f.evidence.expected },
  { title: "decision", cell: (f) => f.decision },
  { title: "reason", cell: (f) => f.reason ?? "" },
];

const CLIPPED = new Set(["actual", "expected", "reason"]);

export function tableWriter(out: TextOutput): FindingWriter {
  return sortedWriter(async (findings) => {
    const sorted = sortForPeople(findings);
    const cells = (f: Finding) => PEOPLE_COLUMNS.map((c) => (CLIPPED.has(c.title) ? clip(c.cell(f)) : c.cell(f)));
    await writeEach(
      out,
      tableLines(
        sorted,
        PEOPLE_COLUMNS.map((c) => c.title),
        cells,
      ),
      (line) => `${line}\n`,
    );
    await out.write(`${summaryOf(sorted.length, statusCounts(sorted))}\n`);
  });
}

/**
 * OWASP's advice against CSV injection: a cell that starts with = + - @, a tab or a carriage
 * return is what a spreadsheet may run as a formula, so it gets a leading apostrophe (shown as
 * text, never evaluated); every cell with a quote, comma or line break is quoted.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: string): string {
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

const CSV_COLUMNS: readonly { title: string; cell(f: Finding): string }[] = [
  { title: "resourceId", cell: (f) => f.resourceId },
  { title: "controlId", cell: (f) => f.controlId },
  { title: "status", cell: (f) => f.status },
  { title: "severity", cell: (f) => f.severity },
  { title: "path", cell: (f) => f.evidence.path },
  { title: "actual", cell: (f) => shown(f.evidence.actual) },
  { title: "expected", cell: (f) => f.evidence.expected },
  { title: "decision", cell: (f) => f.decision },
  { title: "reason", cell: (f) => f.reason ?? "" },
  { title: "resourceName", cell: (f) => resourceNameOf(f.resourceId) },
];

export function csvWriter(out: TextOutput): FindingWriter {
  let started = false;
  const header = () => (started ? "" : ((started = true), `${CSV_COLUMNS.map((c) => c.title).join(",")}\n`));
  return {
    add: (finding) => out.write(`${header()}${CSV_COLUMNS.map((c) => csvCell(c.cell(finding))).join(",")}\n`),
    end: () => out.write(header()),
  };
}

/**
 * A Markdown code span that holds any text: a fence of one more backtick than the longest run
 * inside, padded when the text starts or ends with a backtick. Pipes are escaped even there (GFM
 * splits table cells on them first) and line breaks become spaces. In a code span nothing is a
 * link, a mention, HTML or emphasis.
 */
export function markdownCode(value: string): string {
  if (value === "") return "";
  const text = visible(value.replace(/\r\n|[\r\n]/g, " ")).replaceAll("|", "\\|");
  const longestRun = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longestRun + 1);
  const pad = text.startsWith("`") || text.endsWith("`") ? " " : "";
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** Our own words (statuses, severities, decisions) go as they are; everything that came from a resource goes in a code span. */
const OWN_WORDS = new Set(["severity", "status", "decision"]);

export function markdownWriter(out: TextOutput): FindingWriter {
  return sortedWriter(async (findings) => {
    const sorted = sortForPeople(findings);
    const titles = PEOPLE_COLUMNS.map((c) => c.title[0]!.toUpperCase() + c.title.slice(1));
    await out.write(`| ${titles.join(" | ")} |\n|${titles.map(() => "---").join("|")}|\n`);
    await writeEach(out, sorted, (f) => `| ${PEOPLE_COLUMNS.map((c) => (OWN_WORDS.has(c.title) ? c.cell(f) : markdownCode(c.cell(f)))).join(" | ")} |\n`);
    await out.write(`\n${summaryOf(sorted.length, statusCounts(sorted))}\n`);
  });
}
