// The page callbacks below run in the browser: they need the DOM's types, which the Node project does not load.
/// <reference lib="dom" />
import { spawnSync } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser, Page } from "puppeteer-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { generateEstate } from "../../emulator/index.ts";
import { DEFAULT_POLICY } from "../../shared/config/index.ts";
import type { Finding } from "../../shared/controls/types.ts";
import type { ArmDocument } from "../../shared/core/index.ts";
import { findingsOf } from "../../shared/engine/index.ts";
import { AzureTables, Ledger, LedgerSeal, type ActionRecord } from "../../shared/store/index.ts";
import { TicketStore } from "../../shared/tickets/store.ts";
import { launchChromium } from "./browser.ts";

const ROOT = join(import.meta.dirname, "../..");
const BIN = join(ROOT, "bin/encryption-guard.js");
/** Where the screenshot goes: a gitignored artifact, or (REPORT_SCREENSHOT=docs/images/report.png) the one README shows. */
const SCREENSHOT = process.env.REPORT_SCREENSHOT ? join(ROOT, process.env.REPORT_SCREENSHOT) : join(ROOT, "test/artifacts/report.png");

const SUBSCRIPTIONS = ["6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b", "7a2b3c4d-5e6f-4a70-8b8c-9d0e1f2a3b4c"];
const HOSTILE = "<img src=x onerror=alert(1)>";
const HOSTILE_GROUP = "<img src=x onerror=alert(2)>";
const DAY_MS = 86_400_000;
const DAYS = 7;

/** A generated estate plus resources whose name, group and evidence are markup, as an attacker with tag or name rights could set. */
function estate(): ArmDocument[] {
  const hostileId = `/subscriptions/${SUBSCRIPTIONS[0]}/resourceGroups/${HOSTILE_GROUP}/providers/Microsoft.Storage/storageAccounts/${HOSTILE}`;
  const hostile: ArmDocument = {
    id: hostileId,
    name: HOSTILE,
    type: "Microsoft.Storage/storageAccounts",
    location: "westeurope",
    tags: { "data-classification": "confidential", owner: HOSTILE },
    properties: { minimumTlsVersion: HOSTILE, supportsHttpsTrafficOnly: false },
  };
  return [...generateEstate(140, SUBSCRIPTIONS, 1), hostile];
}

/**
 * A week of history in the ledger: each day a sweep records every finding, and some of the
 * non-compliant ones are fixed (an applied remediation, then compliant). Open tickets for some
 * of the rest, one of them with a link that must not become one.
 */
async function seedLedger(ledger: Ledger, tables: AzureTables, findings: readonly Finding[], now: Date): Promise<void> {
  const broken = findings.filter((f) => f.status === "noncompliant" && f.decision === "remediate");
  const fixedBy = (day: number) => broken.slice(0, Math.floor((broken.length * day) / (DAYS + 2)));
  for (let day = 0; day < DAYS; day++) {
    const at = new Date(now.getTime() - (DAYS - 1 - day) * DAY_MS);
    const fixed = new Set(fixedBy(day));
    await ledger.recordFindings(
      findings.map((f) => (fixed.has(f) ? { ...f, status: "compliant" as const, decision: "none" as const } : f)),
      at,
    );
    for (const f of fixedBy(day).filter((f) => !fixedBy(day - 1).includes(f))) {
      const action: ActionRecord = {
        id: randomUUID(),
        kind: "remediation",
        status: "applied",
        resourceId: f.resourceId,
        controlId: f.controlId,
        actor: "encryption-guard",
        correlationId: randomUUID(),
        startedAt: at.toISOString(),
        finishedAt: at.toISOString(),
        finding: f,
        fix: { resourceId: f.resourceId, resourceType: f.resourceType, controlId: f.controlId, safety: "safe", changes: [], summary: `Set ${f.evidence.path}` },
      };
      await ledger.recordAction(action);
    }
  }
  const tickets = new TicketStore(tables);
  const ticketed = findings.filter((f) => f.status === "noncompliant" && f.decision === "ticket").slice(0, 4);
  for (const [i, f] of ticketed.entries()) {
    await tickets.putTicket({
      sinkId: "github:contoso/estate",
      fingerprint: `fp${i}`,
      resourceId: f.resourceId,
      controlId: f.controlId,
      ref: { key: `${40 + i}`, display: `#${40 + i}`, url: i === 0 ? "javascript:alert(3)" : `https://github.com/contoso/estate/issues/${40 + i}`, state: "open" },
      updatedAt: now.toISOString(),
    });
  }
}

function cli(args: string[], env: Record<string, string>) {
  const run = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", env: { ...process.env, ...env }, timeout: 120_000 });
  if (run.status !== 0) throw new Error(`encryption-guard ${args.join(" ")} exited ${run.status}: ${run.stderr}`);
  return run.stdout;
}

describe("the HTML report in a real browser", () => {
  let browser: Browser;
  let page: Page;
  let findings: { status: string; severity: string; controlId: string; resourceId: string }[];
  const problems: string[] = [];
  const requests: string[] = [];
  const dialogs: string[] = [];
  let reportUrl: string;

  beforeAll(async () => {
    const now = new Date();
    const prefix = `r${randomBytes(4).toString("hex")}`;
    const tables = new AzureTables({ connectionString: inject("azuriteConnectionString") }, { prefix });
    // The deployment's ledger key: the report trusts only the actions sealed with it.
    const ledgerKey = randomBytes(32);
    const docs = estate();
    await seedLedger(
      new Ledger(tables, { seal: new LedgerSeal([ledgerKey]) }),
      tables,
      docs.flatMap((doc) => findingsOf({ doc }, { policy: DEFAULT_POLICY, now })),
      now,
    );

    const dir = mkdtempSync(join(tmpdir(), "eg-report-"));
    const policyFile = join(dir, "policy.json");
    const day = (offset: number) => new Date(now.getTime() + offset * DAY_MS).toISOString().slice(0, 10);
    writeFileSync(
      policyFile,
      JSON.stringify({
        exemptions: [
          { scope: `/subscriptions/${SUBSCRIPTIONS[0]}/resourceGroups/rg-legacy/`, controls: ["storage.min-tls"], reason: "legacy clients until the migration", expires: day(10) },
          { scope: `/subscriptions/${SUBSCRIPTIONS[1]}/resourceGroups/rg-iot-test/`, controls: ["*"], reason: HOSTILE, expires: day(-5) },
          { scope: `/subscriptions/${SUBSCRIPTIONS[1]}/resourceGroups/rg-web-prod/`, controls: ["*"], reason: "far away", expires: day(200) },
        ],
      }),
    );
    const env = {
      GUARD_STORAGE: inject("azuriteConnectionString"),
      GUARD_LEDGER_KEYS: ledgerKey.toString("base64"),
      GUARD_TABLE_PREFIX: prefix,
      GUARD_DOCS_BASE_URL: "https://github.com/contoso/encryption-guard/blob/main/docs/controls",
    };
    const file = join(dir, "report.html");
    cli(["report", "--format", "html", "--output", file, "--days", String(DAYS), "--policy", policyFile], env);
    findings = JSON.parse(cli(["report", "--format", "json"], env)).findings;
    reportUrl = pathToFileURL(file).href;

    browser = await launchChromium();
    page = await browser.newPage();
    await page.setViewport({ width: 1280, height: 1600 });
    page.on("console", (message) => {
      if (message.type() === "error" || message.type() === "warn") problems.push(`console ${message.type()}: ${message.text()}`);
    });
    page.on("pageerror", (error) => problems.push(`page error: ${(error as Error).message}`));
    page.on("dialog", async (dialog) => {
      dialogs.push(dialog.message());
      await dialog.dismiss();
    });
    // Every request is seen here: the report file itself may load, nothing else may leave it.
    await page.setRequestInterception(true);
    page.on("request", (request) => {
      if (request.url() === reportUrl) return void request.continue();
      requests.push(request.url());
      void request.abort();
    });
    await page.goto(reportUrl, { waitUntil: "load" });
    await page.waitForSelector("#chart-trend svg .ct-line");
  });

  afterAll(async () => {
    await browser?.close();
  });

  it("loads with no console or page errors and no request leaving the file", () => {
    expect(problems).toEqual([]);
    expect(requests).toEqual([]);
  });

  it("draws every chart", async () => {
    const drawn = await page.evaluate(() => ({
      severity: document.querySelectorAll("#chart-severity svg .ct-bar").length,
      stage: document.querySelectorAll("#chart-stage svg .ct-bar").length,
      classification: document.querySelectorAll("#chart-classification svg .ct-bar").length,
      trendPoints: document.querySelectorAll("#chart-trend svg .ct-point").length,
      labels: document.querySelector("#chart-stage svg")?.textContent ?? "",
    }));
    expect(drawn.severity).toBe(4);
    // One bar per status (non-compliant, unknown, exempt, compliant) for each stage and classification.
    expect(drawn.stage).toBe(4 * 4);
    expect(drawn.classification).toBe(4 * 4);
    expect(drawn.trendPoints).toBe(DAYS);
    // Labels are text in the DOM, for screen readers and search.
    expect(drawn.labels).toContain("key-management");
  });

  it("shows the counts of the JSON findings", async () => {
    const count = (status: string) => findings.filter((f) => f.status === status).length;
    const shown = await page.evaluate(() =>
      Object.fromEntries(Array.from(document.querySelectorAll("[data-count]")).map((card) => [card.getAttribute("data-count"), Number(card.querySelector(".value")!.textContent!.replace(/,/g, ""))])),
    );
    expect(shown.findings).toBe(findings.length);
    for (const status of ["noncompliant", "unknown", "exempt", "compliant", "not-applicable"]) expect(shown[status]).toBe(count(status));
    for (const severity of ["critical", "high", "medium", "low"]) {
      expect(shown[`noncompliant-${severity}`]).toBe(findings.filter((f) => f.status === "noncompliant" && f.severity === severity).length);
    }
    expect(shown.resources).toBe(new Set(findings.map((f) => f.resourceId.toLowerCase())).size);
    const rows = await page.$$eval("#findings-body tr", (trs) => trs.length);
    expect(rows).toBe(Math.min(500, count("noncompliant")));
    expect(await page.$eval("#findings-shown", (p) => p.textContent)).toContain(`of ${count("noncompliant")} matching`);
  });

  it("narrows the table with the filters and sorts it", async () => {
    const noncompliant = findings.filter((f) => f.status === "noncompliant");
    const all = await page.$$eval("#findings-body tr", (trs) => trs.length);
    const medium = noncompliant.filter((f) => f.severity === "medium").length;
    await page.select('select[data-filter="severity"]', "medium");
    expect(await page.$$eval("#findings-body tr", (trs) => trs.length)).toBe(medium);
    await page.select('select[data-filter="severity"]', "");
    // A control id is in no other field of another control's rows: the text filter keeps exactly that control's.
    const control = "storage.https-only";
    const ofControl = noncompliant.filter((f) => f.controlId === control).length;
    await page.type("#filter-text", control);
    const narrowed = await page.$$eval("#findings-body tr", (trs) => trs.length);
    expect(narrowed).toBe(ofControl);
    expect(narrowed).toBeGreaterThan(0);
    expect(narrowed).toBeLessThan(all);
    await page.$eval("#filter-text", (input) => ((input as HTMLInputElement).value = ""));
    await page.type("#filter-text", " ");
    await page.click('th[data-sort="resource"] button');
    const names = await page.$$eval("#findings-body td.resource", (tds) => tds.map((td) => td.firstChild!.textContent!.toLowerCase()));
    expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    expect(await page.$eval('th[data-sort="resource"]', (th) => th.getAttribute("aria-sort"))).toBe("ascending");
  });

  it("shows hostile names, groups, evidence and links as inert text", async () => {
    const inert = await page.evaluate(() => ({
      images: document.querySelectorAll("img").length,
      scripts: document.querySelectorAll("script").length,
      text: document.body.textContent ?? "",
      javascriptLinks: Array.from(document.querySelectorAll("a")).filter((a) => !/^https?:/.test(a.href)).length,
    }));
    expect(inert.images).toBe(0);
    // The data block, Chartist and the report's own script: nothing else.
    expect(inert.scripts).toBe(3);
    expect(inert.text.includes(HOSTILE)).toBe(true);
    expect(inert.text.includes(HOSTILE_GROUP)).toBe(true);
    expect(inert.javascriptLinks).toBe(0);
    expect(dialogs).toEqual([]);
  });

  it("lists fixes with their rollback ids, open tickets with due dates, and exemptions expiring soon", async () => {
    const sections = await page.evaluate(() => ({
      fixes: document.querySelectorAll("#fixes tbody tr").length,
      actionIds: Array.from(document.querySelectorAll("#fixes tbody code")).map((c) => c.textContent),
      tickets: Array.from(document.querySelectorAll("#tickets tbody tr")).map((tr) => tr.textContent),
      exemptions: Array.from(document.querySelectorAll("#exemptions tbody tr")).map((tr) => tr.textContent),
    }));
    expect(sections.fixes).toBeGreaterThan(0);
    expect(sections.actionIds.every((id) => /^[0-9a-f-]{36}$/.test(id ?? ""))).toBe(true);
    expect(sections.tickets).toHaveLength(4);
    expect(sections.tickets.every((row) => /\d{4}-\d{2}-\d{2}/.test(row ?? ""))).toBe(true);
    expect(sections.exemptions).toHaveLength(2);
    expect(sections.exemptions[0]).toContain("expired");
    expect(sections.exemptions[1]).toContain("legacy clients until the migration");
  });

  it("saves a screenshot", async () => {
    mkdirSync(dirname(SCREENSHOT), { recursive: true });
    await page.goto(reportUrl, { waitUntil: "load" });
    await page.waitForSelector("#chart-trend svg .ct-line");
    const png = await page.screenshot({ path: SCREENSHOT as `${string}.png` });
    expect(png.byteLength).toBeGreaterThan(10_000);
    expect(problems).toEqual([]);
  });
});
