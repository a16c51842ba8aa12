/* global document, Chartist */
// The HTML report's only script of its own: it draws the charts and makes the findings table
// filterable, sortable and paged. Everything it writes goes through textContent or a checked
// href, so no value from a resource can become markup.
"use strict";

(() => {
  const data = JSON.parse(document.getElementById("report-data").textContent);
  const PAGE = 500;

  function drawCharts(charts) {
    const bars = (id, chart, options) => {
      const element = document.getElementById(id);
      if (element) new Chartist.BarChart(element, chart, { height: "240px", ...options });
    };
    bars("chart-severity", { labels: charts.severity.labels, series: charts.severity.values }, { distributeSeries: true, axisY: { onlyInteger: true } });
    const stacked = { stackBars: true, horizontalBars: true, axisX: { onlyInteger: true }, axisY: { offset: 130 }, chartPadding: { right: 30 } };
    bars("chart-stage", charts.stage, stacked);
    bars("chart-classification", charts.classification, stacked);
    const trend = document.getElementById("chart-trend");
    if (trend && charts.trend) {
      new Chartist.LineChart(trend, charts.trend, { height: "240px", low: 0, high: 100, axisY: { onlyInteger: true }, showArea: true, fullWidth: true, chartPadding: { right: 40 } });
    }
  }

  /** Only our own doc links (as render.ts's isDocLink allows them) become links. */
  const safeHref = (href) => /^(https?:\/\/|file:\/\/|docs\/controls\/)/i.test(href);

  function cell(row, text, className) {
    const td = document.createElement("td");
    td.textContent = text;
    if (className) td.className = className;
    row.appendChild(td);
    return td;
  }

  function renderRow(finding) {
    const tr = document.createElement("tr");
    const resource = cell(tr, finding.name, "resource");
    resource.title = finding.resourceId;
    const place = document.createElement("div");
    place.className = "place";
    place.textContent = finding.group;
    resource.appendChild(place);
    const control = cell(tr, "");
    if (safeHref(finding.docUrl)) {
      const link = document.createElement("a");
      link.href = finding.docUrl;
      link.textContent = finding.controlId;
      control.appendChild(link);
    } else control.textContent = finding.controlId;
    control.title = finding.title;
    cell(tr, finding.severity, `severity ${finding.severity}`);
    cell(tr, finding.classification);
    cell(tr, finding.decision);
    const evidence = cell(tr, `${finding.path} = ${finding.actual}`, "evidence");
    const expected = document.createElement("div");
    expected.className = "expected";
    expected.textContent = `expected ${finding.expected}${finding.reason ? ` (${finding.reason})` : ""}`;
    evidence.appendChild(expected);
    return tr;
  }

  const SEVERITY_ORDER = { critical: 0, high: 1, medium: 2, low: 3 };
  const sortValue = {
    resource: (f) => f.name.toLowerCase(),
    control: (f) => f.controlId,
    severity: (f) => SEVERITY_ORDER[f.severity] ?? 9,
    classification: (f) => f.classification,
    decision: (f) => f.decision,
    evidence: (f) => f.path,
  };

  function findingsTable(rows) {
    const body = document.getElementById("findings-body");
    const shownCount = document.getElementById("findings-shown");
    const more = document.getElementById("findings-more");
    const text = document.getElementById("filter-text");
    const selects = Array.from(document.querySelectorAll("select[data-filter]"));
    const headers = Array.from(document.querySelectorAll("#findings th[data-sort] button"));
    let sort = { key: "severity", direction: 1 };
    let matching = rows;
    let limit = PAGE;

    function matches(finding) {
      const needle = text.value.trim().toLowerCase();
      if (needle) {
        const haystack = [finding.name, finding.resourceId, finding.controlId, finding.title, finding.path, finding.actual, finding.expected, finding.reason].join("\n").toLowerCase();
        if (!haystack.includes(needle)) return false;
      }
      return selects.every((select) => select.value === "" || finding[select.dataset.filter] === select.value);
    }

    function render() {
      body.replaceChildren(...matching.slice(0, limit).map(renderRow));
      const shown = Math.min(limit, matching.length);
      shownCount.textContent = `Showing ${shown} of ${matching.length} matching (${rows.length} non-compliant findings in all)`;
      more.hidden = matching.length <= limit;
    }

    function update() {
      const value = sortValue[sort.key];
      matching = rows.filter(matches).sort((a, b) => {
        const x = value(a);
        const y = value(b);
        return (x < y ? -1 : x > y ? 1 : 0) * sort.direction;
      });
      limit = PAGE;
      for (const button of headers) {
        const th = button.parentElement;
        th.setAttribute("aria-sort", th.dataset.sort === sort.key ? (sort.direction === 1 ? "ascending" : "descending") : "none");
      }
      render();
    }

    text.addEventListener("input", update);
    for (const select of selects) select.addEventListener("change", update);
    for (const button of headers) {
      button.addEventListener("click", () => {
        const key = button.parentElement.dataset.sort;
        sort = { key, direction: sort.key === key ? -sort.direction : 1 };
        update();
      });
    }
    more.addEventListener("click", () => {
      limit += PAGE;
      render();
    });
    update();
  }

  drawCharts(data.charts);
  findingsTable(data.rows);
})();
