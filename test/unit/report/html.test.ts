import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { formatFindings } from "../../../shared/report/index.ts";
import { buildModel } from "../../../shared/report/html/model.ts";
import { finding, HOSTILE, storageId, SUB, tdeId } from "./fixtures.ts";

const now = new Date("2026-03-10T12:00:00Z");
const hostileId = `/subscriptions/${SUB}/resourceGroups/${HOSTILE}/providers/Microsoft.Storage/storageAccounts/${HOSTILE}`;
const findings = [
  finding({ resourceId: hostileId, evidence: { path: HOSTILE, actual: HOSTILE, expected: HOSTILE }, reason: HOSTILE, title: HOSTILE }),
  finding({ resourceId: tdeId("sql1", "db1"), controlId: "sql.tde", severity: "critical", stage: "at-rest", classification: "confidential" }),
  finding({ resourceId: storageId("ok"), status: "compliant" }),
  finding({ resourceId: storageId("na"), status: "not-applicable" }),
  { ...finding({ resourceId: `/subscriptions/${SUB}`, controlId: "guard.blast-radius" }) },
];

async function report(extras = {}) {
  return formatFindings(findings, "html", {
    generatedAt: now,
    extras: {
      source: `evaluate ${HOSTILE}`,
      fixes: [{ actionId: "11111111-2222-4333-8444-555555555555", resourceId: hostileId, controlId: "storage.min-tls", summary: HOSTILE, at: now.toISOString(), actor: HOSTILE }],
      tickets: [{ resourceId: hostileId, controlId: "storage.min-tls", display: HOSTILE, url: "javascript:alert(1)", severity: "high", openedAt: "2026-01-01T00:00:00Z" }],
      exemptions: [{ scope: "/subscriptions/x/", controls: ["*"], reason: HOSTILE, expires: "2026-03-15" }],
      ...extras,
    },
  });
}

describe("the HTML report", () => {
  it("escapes every value from a resource, the ledger or the policy: no markup from them reaches the page", async () => {
    const html = await report();
    expect(html).not.toContain("<img");
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(html).not.toMatch(/href="javascript:/i);
    // In the data block every < is escaped, so nothing in it can close the script element.
    const data = /<script type="application\/json" id="report-data">([\s\S]*?)<\/script>/.exec(html)![1]!;
    expect(data).not.toContain("<");
    expect(JSON.parse(data).rows.find((r: { resourceId: string }) => r.resourceId === hostileId).name).toBe(HOSTILE);
  });

  it("lets only its own scripts run and nothing leave the file (CSP with their hashes)", async () => {
    const html = await report();
    const policy = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)![1]!.replaceAll("&#39;", "'");
    expect(policy).toMatch(/default-src 'none'/);
    const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
    expect(scripts).toHaveLength(2);
    for (const script of scripts) expect(policy).toContain(`'sha256-${createHash("sha256").update(script).digest("base64")}'`);
    // No element outside the scripts carries an event handler or loads anything.
    // (Quoted attribute values are escaped text: an escaped "onerror=" inside a title is no attribute.)
    const markup = html.replace(/<script[^>]*>[\s\S]*?<\/script>/g, "").replace(/"[^"]*"/g, '""');
    expect(markup).not.toMatch(/<[a-z][^>]*\son[a-z]+\s*=/i);
    expect(markup).not.toMatch(/<[a-z][^>]*\ssrc\s*=/i);
  });

  it("counts the estate's findings, not the service's own alerts", () => {
    const model = buildModel(findings, { source: "test" }, { generatedAt: now });
    expect(model.total).toBe(4);
    expect(model.counts).toMatchObject({ noncompliant: 2, compliant: 1, "not-applicable": 1 });
    expect(model.bySeverity).toEqual({ critical: 1, high: 1, medium: 0, low: 0 });
    expect(model.rows.map((r) => r.controlId)).toEqual(["sql.tde", "storage.min-tls"]);
    expect(model.rows[0]).toMatchObject({ name: "sql1/db1", group: "rg-sql", docUrl: "docs/controls/sql.tde.md" });
    expect(model.worstControls.map((c) => c.controlId)).toEqual(["sql.tde", "storage.min-tls"]);
    expect(model.worstGroups.map((g) => g.group)).toEqual([HOSTILE, "rg-sql"]);
    expect(model.byStage.find((s) => s.stage === "at-rest")!.counts.noncompliant).toBe(1);
    expect(model.byClassification.find((c) => c.classification === "confidential")!.counts.noncompliant).toBe(1);
  });

  it("dates tickets by severity from when the finding became non-compliant, and lists exemptions near their expiry", () => {
    const model = buildModel(
      [],
      {
        source: "test",
        tickets: [
          { resourceId: storageId("a"), controlId: "storage.min-tls", display: "#1", severity: "high", openedAt: "2026-01-01T00:00:00Z" },
          { resourceId: storageId("b"), controlId: "storage.min-tls", display: "#2", severity: "low", openedAt: "2026-03-01T00:00:00Z" },
          { resourceId: storageId("c"), controlId: "storage.min-tls", display: "#3" },
          // A certificate's ticket is due before the certificate expires, sooner than its severity's 30 days.
          { resourceId: storageId("d"), controlId: "keyvault.certificate-expiry", display: "#4", severity: "high", openedAt: "2026-03-01T00:00:00Z", dueBy: "2026-03-10T00:00:00.000Z" },
          // A deadline later than the severity's: the severity's holds.
          { resourceId: storageId("e"), controlId: "keyvault.certificate-expiry", display: "#5", severity: "high", openedAt: "2026-03-01T00:00:00Z", dueBy: "2026-09-01T00:00:00.000Z" },
        ],
        exemptions: [
          { scope: "/a/", controls: ["*"], reason: "soon", expires: "2026-03-20" },
          { scope: "/b/", controls: ["*"], reason: "gone", expires: "2026-03-01" },
          { scope: "/c/", controls: ["*"], reason: "later", expires: "2026-06-01" },
          { scope: "/d/", controls: ["*"], reason: "forever" },
        ],
        exemptionWindowDays: 30,
      },
      { generatedAt: now },
    );
    expect(model.tickets!.map((t) => [t.due, t.overdue])).toEqual([
      ["2026-01-31", true],
      ["2026-08-28", false],
      [undefined, false],
      ["2026-03-10", true],
      ["2026-03-31", false],
    ]);
    expect(model.exemptions!.map((e) => [e.reason, e.expired])).toEqual([
      ["gone", true],
      ["soon", false],
    ]);
  });

  it("says where history would come from when it has none", async () => {
    const html = await formatFindings(findings, "html", { generatedAt: now });
    expect(html).toContain("No history in this report");
    expect(html).toContain("Fixes come from a scan or the ledger.");
  });
});
