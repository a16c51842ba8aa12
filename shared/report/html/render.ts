import { CLASSIFICATION_LEVELS } from "../../controls/index.ts";
import type { Severity, Status } from "../../controls/types.ts";
import { placeOf, SEVERITIES } from "../cells.ts";
import { isWebUrl } from "../context.ts";
import { reportAssets, scriptHash } from "./assets.ts";
import { html, jsonScriptText, Markup, type Interpolation } from "./markup.ts";
import { STAGES, STATUSES, type Counts, type ReportModel } from "./model.ts";

const STATUS_LABEL: Record<Status, string> = { noncompliant: "non-compliant", unknown: "unknown", exempt: "exempt", compliant: "compliant", "not-applicable": "not applicable" };
/** The statuses a posture bar shows: not-applicable findings are no part of a posture. */
const POSTURE_STATUSES: readonly Status[] = ["noncompliant", "unknown", "exempt", "compliant"];

const number = (n: number) => n.toLocaleString("en-US");

/**
 * A link only to our own docs: under the configured base (http(s), or file: for a checkout's
 * docs) or the repository's docs/controls/. Links from ledger data (tickets) take http(s) only.
 */
export function isDocLink(href: string): boolean {
  return isWebUrl(href) || /^file:\/\//i.test(href) || href.startsWith("docs/controls/");
}

function docLink(href: string, text: string): Markup {
  return isDocLink(href) ? html`<a href="${href}">${text}</a>` : html`${text}`;
}

function dataTable(caption: string, headers: readonly string[], rows: readonly Interpolation[][]): Markup {
  return html`<table>
    <caption>
      ${caption}
    </caption>
    <thead>
      <tr>
        ${headers.map((h) => html`<th scope="col">${h}</th>`)}
      </tr>
    </thead>
    <tbody>
      ${rows.map(
        (row) =>
          html`<tr>
            ${row.map((c, i) => (i === 0 ? html`<th scope="row">${c}</th>` : html`<td>${c}</td>`))}
          </tr>`,
      )}
    </tbody>
  </table>`;
}

/** A chart with its caption, a one-sentence summary for screen readers, and its numbers as a table. */
function figure(id: string, caption: string, summary: string, table: Markup): Markup {
  return html`<figure>
    <figcaption>${caption}</figcaption>
    <div class="chart" id="${id}" role="img" aria-label="${summary}"></div>
    <details>
      <summary>Chart data</summary>
      ${table}
    </details>
  </figure>`;
}

function postureSummary(what: string, rows: readonly { label: string; counts: Counts }[]): string {
  const parts = rows.filter((r) => POSTURE_STATUSES.some((s) => r.counts[s] > 0)).map((r) => `${r.label}: ${POSTURE_STATUSES.map((s) => `${r.counts[s]} ${STATUS_LABEL[s]}`).join(", ")}`);
  return `${what}. ${parts.join("; ") || "no findings"}.`;
}

function postureFigure(id: string, caption: string, rows: readonly { label: string; counts: Counts }[]): Markup {
  return figure(
    id,
    caption,
    postureSummary(caption, rows),
    dataTable(
      caption,
      ["", ...POSTURE_STATUSES.map((s) => STATUS_LABEL[s])],
      rows.map((r) => [r.label, ...POSTURE_STATUSES.map((s) => number(r.counts[s]))]),
    ),
  );
}

function chartData(model: ReportModel) {
  const posture = (rows: readonly { label: string; counts: Counts }[]) => ({
    labels: rows.map((r) => r.label),
    series: POSTURE_STATUSES.map((status) => ({ name: STATUS_LABEL[status], className: `ct-series status-${status}`, data: rows.map((r) => r.counts[status]) })),
  });
  return {
    severity: { labels: [...SEVERITIES], values: SEVERITIES.map((s) => model.bySeverity[s]) },
    stage: posture(model.byStage.map((s) => ({ label: s.stage, counts: s.counts }))),
    classification: posture(model.byClassification.map((c) => ({ label: c.classification, counts: c.counts }))),
    ...(model.trend && model.trend.length > 0
      ? { trend: { labels: model.trend.map((t) => t.day.slice(5)), series: [{ name: "compliant %", className: "ct-series trend-line", data: model.trend.map((t) => t.compliantPercent) }] } }
      : {}),
  };
}

function headline(model: ReportModel): Markup {
  const card = (key: string, label: string, value: number, extra = "") =>
    html`<div class="card ${extra}" data-count="${key}"><span class="value">${number(value)}</span><span class="label">${label}</span></div>`;
  const severityRows = SEVERITIES.map((s) => [s, number(model.bySeverity[s])]);
  return html`<section id="headline" aria-labelledby="headline-title">
    <h2 id="headline-title">Headline</h2>
    <div class="cards">
      ${card("resources", "resources", model.resources)} ${card("findings", "findings", model.total)} ${STATUSES.map((s) => card(s, STATUS_LABEL[s], model.counts[s], `status-${s}`))}
    </div>
    <div class="cards severities">${SEVERITIES.map((s) => card(`noncompliant-${s}`, `${s} non-compliant`, model.bySeverity[s], `severity ${s}`))}</div>
    ${figure(
      "chart-severity",
      "Non-compliant findings by severity",
      `Non-compliant findings by severity: ${SEVERITIES.map((s) => `${model.bySeverity[s]} ${s}`).join(", ")}.`,
      dataTable("Non-compliant findings by severity", ["severity", "non-compliant"], severityRows),
    )}
  </section>`;
}

function worst(model: ReportModel): Markup {
  return html`<section id="worst" aria-labelledby="worst-title">
    <h2 id="worst-title">Where the problems are</h2>
    ${dataTable(
      "Controls with the most non-compliant findings",
      ["control", "severity", "non-compliant", "of applicable"],
      model.worstControls.map((c) => [
        html`${docLink(c.docUrl, c.controlId)}
          <div class="place">${c.title}</div>`,
        html`<span class="severity ${c.severity}">${c.severity}</span>`,
        number(c.noncompliant),
        number(c.applicable),
      ]),
    )}
    <div class="columns">
      ${dataTable(
        "Resource groups with the most non-compliant findings",
        ["resource group", "non-compliant", ...SEVERITIES],
        model.worstGroups.map((g) => [
          html`${g.group || "(none)"}
            <div class="place">${g.subscription}</div>`,
          number(g.noncompliant),
          ...SEVERITIES.map((s) => number(g.bySeverity[s])),
        ]),
      )}
      ${dataTable(
        "Subscriptions with the most non-compliant findings",
        ["subscription", "non-compliant"],
        model.worstSubscriptions.map((s) => [s.subscription || "(none)", number(s.noncompliant)]),
      )}
    </div>
  </section>`;
}

function options(name: string, label: string, values: readonly string[]): Markup {
  return html`<label
    >${label}
    <select data-filter="${name}">
      <option value="">all</option>
      ${values.map((v) => html`<option value="${v}">${v}</option>`)}
    </select></label
  >`;
}

function findingsSection(model: ReportModel): Markup {
  const decisions = [...new Set(model.rows.map((r) => r.decision))].sort();
  const sortable = (key: string, label: string) => html`<th scope="col" data-sort="${key}" aria-sort="none"><button type="button">${label}</button></th>`;
  return html`<section id="findings" aria-labelledby="findings-title">
    <h2 id="findings-title">Non-compliant findings</h2>
    <div class="filters" role="search">
      <label>Filter <input id="filter-text" type="search" placeholder="resource, control, evidence…" /></label>
      ${options("severity", "Severity", SEVERITIES)} ${options("classification", "Classification", CLASSIFICATION_LEVELS)} ${options("stage", "Stage", STAGES)}
      ${options("decision", "Decision", decisions)}
    </div>
    <p id="findings-shown" aria-live="polite"></p>
    <noscript><p>The findings table needs JavaScript; the JSON output (--format json) carries the same findings.</p></noscript>
    <table>
      <thead>
        <tr>
          ${sortable("resource", "Resource")} ${sortable("control", "Control")} ${sortable("severity", "Severity")} ${sortable("classification", "Classification")} ${sortable("decision", "Decision")}
          ${sortable("evidence", "Evidence")}
        </tr>
      </thead>
      <tbody id="findings-body"></tbody>
    </table>
    <button type="button" id="findings-more" hidden>Show more</button>
  </section>`;
}

function trendSection(model: ReportModel): Markup {
  if (!model.trend || model.trend.length === 0) {
    return html`<section id="trend" aria-labelledby="trend-title">
      <h2 id="trend-title">Compliance per day</h2>
      <p class="empty">No history in this report: <code>encryption-guard report</code> draws the trend from the ledger.</p>
    </section>`;
  }
  const first = model.trend[0]!;
  const last = model.trend[model.trend.length - 1]!;
  return html`<section id="trend" aria-labelledby="trend-title">
    <h2 id="trend-title">Compliance per day</h2>
    ${figure(
      "chart-trend",
      "Compliant share of evaluated findings per day (%)",
      `Compliant share per day, from ${first.compliantPercent}% on ${first.day} to ${last.compliantPercent}% on ${last.day}.`,
      dataTable(
        "Compliance per day",
        ["day", "compliant %", "non-compliant", "evaluated"],
        model.trend.map((t) => [t.day, `${t.compliantPercent}`, number(t.noncompliant), number(t.evaluated)]),
      ),
    )}
  </section>`;
}

/** A section's table, or a sentence: why there is nothing (none yet) or where it would come from (not in this report). */
function listSection<T>(id: string, title: string, items: readonly T[] | undefined, say: { absent: string; empty: string }, table: (items: readonly T[]) => Markup): Markup {
  const body = !items ? html`<p class="empty">${say.absent}</p>` : items.length === 0 ? html`<p class="empty">${say.empty}</p>` : table(items);
  return html`<section id="${id}" aria-labelledby="${id}-title">
    <h2 id="${id}-title">${title}</h2>
    ${body}
  </section>`;
}

function ledgerSections(model: ReportModel): Markup {
  const windowDays = model.exemptionWindowDays;
  return html`${listSection("fixes", "Fixes made", model.fixes, { absent: "Fixes come from a scan or the ledger.", empty: "No fixes were made." }, (fixes) =>
    dataTable(
      "Fixes made (undo one with encryption-guard rollback <action id>)",
      ["resource", "control", "change", "when", "action id (for rollback)"],
      fixes.map((f) => [
        html`<span title="${f.resourceId}">${f.name}</span>
          <div class="place">${placeOf(f.resourceId).resourceGroup}</div>`,
        f.controlId,
        f.summary,
        f.at.slice(0, 16).replace("T", " "),
        html`<code class="action-id">${f.actionId}</code>${f.rolledBackBy ? html`<div class="place">rolled back by ${f.rolledBackBy}</div>` : ""}`,
      ]),
    ),
  )}
  ${listSection("tickets", "Open tickets", model.tickets, { absent: "Tickets come from the ledger.", empty: "No open tickets." }, (tickets) =>
    dataTable(
      "Open tickets",
      ["resource", "control", "ticket", "severity", "due"],
      tickets.map((t) => [
        t.name,
        t.controlId,
        t.url && isWebUrl(t.url) ? html`<a href="${t.url}">${t.display}</a>` : t.display,
        t.severity ?? "",
        html`${t.due ?? "(unknown)"}${t.overdue ? html` <strong class="overdue">overdue</strong>` : ""}`,
      ]),
    ),
  )}
  ${listSection("exemptions", "Exemptions expiring soon", model.exemptions, { absent: "Exemptions come from the policy.", empty: `No exemption expires within ${windowDays} days.` }, (exemptions) =>
    dataTable(
      `Exemptions expiring within ${windowDays} days (or expired in the last ${windowDays})`,
      ["scope", "controls", "reason", "expires"],
      exemptions.map((e) => [html`<code>${e.scope}</code>`, e.controls, e.reason, html`${e.expires} ${e.expired ? html`<strong class="overdue">expired</strong>` : `(${e.daysLeft} days)`}`]),
    ),
  )}`;
}

const SEVERITY_COLOURS: Record<Severity, string> = { critical: "#8b0000", high: "#c2410c", medium: "#a16207", low: "#4b5563" };

/** Colours chosen for at least 4.5:1 contrast on white; the severity chart's bars follow the same order. */
const STYLES = `
:root { color-scheme: light; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1f2937; }
body { margin: 0 auto; max-width: 1200px; padding: 1rem 1.5rem 3rem; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; } h2 { font-size: 1.25rem; margin-top: 2rem; border-bottom: 1px solid #e5e7eb; padding-bottom: .3rem; }
.meta { color: #4b5563; margin-top: 0; }
.cards { display: flex; flex-wrap: wrap; gap: .6rem; margin: .6rem 0; }
.card { border: 1px solid #d1d5db; border-radius: 6px; padding: .5rem .8rem; min-width: 7rem; }
.card .value { display: block; font-size: 1.5rem; font-weight: 600; } .card .label { color: #4b5563; font-size: .85rem; }
.status-noncompliant .value { color: #b91c1c; } .status-compliant .value { color: #15803d; }
${SEVERITIES.map((s) => `.severity.${s} { color: ${SEVERITY_COLOURS[s]}; font-weight: 600; }`).join("\n")}
figure { margin: 1rem 0; } figcaption { font-weight: 600; }
.chart { min-height: 240px; }
.columns { display: grid; grid-template-columns: repeat(auto-fit, minmax(320px, 1fr)); gap: 1rem; align-items: start; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; margin: .5rem 0; }
caption { text-align: left; font-weight: 600; padding: .3rem 0; }
th, td { text-align: left; vertical-align: top; padding: .35rem .5rem; border-bottom: 1px solid #e5e7eb; overflow-wrap: break-word; }
td.resource, td.evidence { word-break: break-word; }
thead th { background: #f3f4f6; }
th button { font: inherit; font-weight: 600; background: none; border: 0; padding: 0; cursor: pointer; color: inherit; }
th[aria-sort="ascending"] button::after { content: " ▲"; } th[aria-sort="descending"] button::after { content: " ▼"; }
.place, .expected { color: #4b5563; font-size: .8rem; }
.filters { display: flex; flex-wrap: wrap; gap: .8rem; align-items: end; margin: .6rem 0; }
.filters label { display: flex; flex-direction: column; font-size: .85rem; gap: .2rem; }
input, select, #findings-more { font: inherit; padding: .25rem .4rem; }
.empty { color: #4b5563; font-style: italic; } .overdue { color: #b91c1c; }
code { font-size: .85em; word-break: break-all; } code.action-id { white-space: nowrap; word-break: normal; }
.ct-label { color: #374151; fill: #374151; font-size: .8rem; }
${SEVERITIES.map((s, i) => `#chart-severity .ct-series-${String.fromCharCode(97 + i)} .ct-bar { stroke: ${SEVERITY_COLOURS[s]}; stroke-width: 48px; }`).join("\n")}
.ct-horizontal-bars .ct-bar { stroke-width: 22px; }
.status-noncompliant .ct-bar { stroke: #b91c1c; } .status-unknown .ct-bar { stroke: #7c3aed; }
.status-exempt .ct-bar { stroke: #9ca3af; } .status-compliant .ct-bar { stroke: #15803d; }
.trend-line .ct-line, .trend-line .ct-point { stroke: #1d4ed8; } .trend-line .ct-area { fill: #1d4ed8; }
.legend { display: flex; gap: 1rem; font-size: .85rem; margin: .2rem 0; }
.legend span::before { content: ""; display: inline-block; width: .8rem; height: .8rem; margin-right: .3rem; vertical-align: -1px; }
.legend .status-noncompliant::before { background: #b91c1c; } .legend .status-unknown::before { background: #7c3aed; }
.legend .status-exempt::before { background: #9ca3af; } .legend .status-compliant::before { background: #15803d; }
@media print { .filters, #findings-more { display: none; } }
`;

function legend(): Markup {
  return html`<div class="legend" aria-hidden="true">${POSTURE_STATUSES.map((s) => html`<span class="status-${s}">${STATUS_LABEL[s]}</span>`)}</div>`;
}

/** Built outside any template: its text must be exactly what the CSP hash was taken of. */
function scriptElement(script: string): Markup {
  return new Markup(`<script>${script}</script>`);
}

/**
 * One self-contained HTML file: styles, scripts and data inline, and a Content Security Policy
 * that lets only those exact scripts run and no request leave the file, so it opens the same
 * from disk or an e-mail attachment, and a value that slipped past escaping still could not act.
 */
export function renderHtml(model: ReportModel): string {
  const { scripts, styles } = reportAssets();
  const policy = `default-src 'none'; script-src ${scripts.map(scriptHash).join(" ")}; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'`;
  const data = { charts: chartData(model), rows: model.rows };
  const page = html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta http-equiv="Content-Security-Policy" content="${policy}" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <title>Encryption posture: ${model.source}</title>
        <style>
          ${new Markup(styles)}
          ${new Markup(STYLES)}
        </style>
      </head>
      <body>
        <header>
          <h1>Encryption posture</h1>
          <p class="meta">
            From ${model.source}, generated ${model.generatedAt.slice(0, 16).replace("T", " ")} UTC. Well-Architected SE:07: encryption at rest, in transit, in use, and key management.
          </p>
        </header>
        <main>
          ${headline(model)}
          <section id="posture" aria-labelledby="posture-title">
            <h2 id="posture-title">Posture</h2>
            ${legend()}
            <div class="columns">
              ${postureFigure(
                "chart-stage",
                "By SE:07 stage",
                model.byStage.map((s) => ({ label: s.stage, counts: s.counts })),
              )}
              ${postureFigure(
                "chart-classification",
                "By data classification",
                model.byClassification.map((c) => ({ label: c.classification, counts: c.counts })),
              )}
            </div>
          </section>
          ${trendSection(model)} ${worst(model)} ${findingsSection(model)} ${ledgerSections(model)}
        </main>
        <footer><p class="meta">Charts drawn with Chartist (MIT), inlined in this file.</p></footer>
        <script type="application/json" id="report-data">
          ${new Markup(jsonScriptText(data))}
        </script>
        ${scripts.map(scriptElement)}
      </body>
    </html>`;
  return page.html;
}
