import type { Finding } from "../controls/types.ts";

export const FORMATS = ["json", "table", "csv", "markdown"] as const;
export type Format = (typeof FORMATS)[number];

/** The public JSON shape of a finding: the CLI and HTTP contract. */
export function findingContract(f: Finding) {
  return {
    resourceId: f.resourceId,
    controlId: f.controlId,
    status: f.status,
    severity: f.severity,
    evidence: { path: f.evidence.path, actual: f.evidence.actual, expected: f.evidence.expected },
    decision: f.decision,
    ...(f.reason ? { reason: f.reason } : {}),
  };
}

const shortName = (resourceId: string) => resourceId.split("/").filter(Boolean).slice(-1)[0] ?? resourceId;
const shown = (value: unknown) => (value === null || value === undefined ? "(absent)" : typeof value === "string" ? value : JSON.stringify(value));

const COLUMNS: { title: string; cell(f: Finding): string }[] = [
  { title: "resource", cell: (f) => shortName(f.resourceId) },
  { title: "control", cell: (f) => f.controlId },
  { title: "status", cell: (f) => f.status },
  { title: "severity", cell: (f) => f.severity },
  { title: "actual", cell: (f) => shown(f.evidence.actual) },
  { title: "expected", cell: (f) => f.evidence.expected },
  { title: "decision", cell: (f) => f.decision },
];

export function renderTable(rows: string[][], headers: string[]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join("  ")
      .trimEnd();
  return [line(headers), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n") + "\n";
}

function csvCell(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

function markdownCell(value: string): string {
  return value.replaceAll("|", "\\|").replaceAll("\n", " ");
}

export function formatFindings(findings: readonly Finding[], format: Format): string {
  switch (format) {
    case "json":
      return JSON.stringify({ findings: findings.map(findingContract) }, null, 2) + "\n";
    case "table":
      return (
        renderTable(
          findings.map((f) => COLUMNS.map((c) => c.cell(f))),
          COLUMNS.map((c) => c.title),
        ) +
        summaryLine(findings) +
        "\n"
      );
    case "csv": {
      const headers = ["resourceId", "controlId", "status", "severity", "path", "actual", "expected", "decision", "reason"];
      const rows = findings.map((f) => [f.resourceId, f.controlId, f.status, f.severity, f.evidence.path, shown(f.evidence.actual), f.evidence.expected, f.decision, f.reason ?? ""]);
      return [headers, ...rows].map((r) => r.map(csvCell).join(",")).join("\n") + "\n";
    }
    case "markdown": {
      const rows = findings.map((f) => [`\`${f.resourceId}\``, `\`${f.controlId}\``, f.status, f.severity, markdownCell(shown(f.evidence.actual)), markdownCell(f.evidence.expected), f.decision]);
      const headers = ["Resource", "Control", "Status", "Severity", "Actual", "Expected", "Decision"];
      return [`| ${headers.join(" | ")} |`, `|${headers.map(() => "---").join("|")}|`, ...rows.map((r) => `| ${r.join(" | ")} |`)].join("\n") + `\n\n${summaryLine(findings)}\n`;
    }
  }
}

export function statusCounts(findings: readonly Finding[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const f of findings) counts[f.status] = (counts[f.status] ?? 0) + 1;
  return counts;
}

export function summaryLine(findings: readonly Finding[]): string {
  const counts = statusCounts(findings);
  const parts = Object.entries(counts).map(([status, n]) => `${n} ${status}`);
  return `${findings.length} findings${parts.length ? `: ${parts.join(", ")}` : ""}`;
}
