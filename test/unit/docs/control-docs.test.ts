import { existsSync, readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { INDEX_FILE, parametersOf, POLICY_DOC, renderIndex, withParameterTable } from "../../../scripts/gen-control-docs.ts";
import { CATALOG } from "../../../shared/controls/index.ts";
import type { Control } from "../../../shared/controls/index.ts";

const DOCS = new URL("../../../docs/controls/", import.meta.url);

/** Every page has these sections, in this order (the PSRule-like format of docs/controls). */
const SECTIONS = ["## Synopsis", "## What goes wrong", "## Platform default", "## What the control checks", "## Automatic fix", "## Fix by hand", "### Azure CLI", "### Bicep", "## References"];
const REFERENCE_LINES = ["- Well-Architected Framework:", "- Microsoft cloud security benchmark:", "- Azure Policy:", "- PSRule for Azure:"];

function page(control: Control): string {
  return readFileSync(new URL(`${control.id}.md`, DOCS), "utf8");
}

function frontMatter(text: string): Record<string, string> {
  const match = /^---\n([\s\S]*?)\n---\n/.exec(text);
  if (!match?.[1]) return {};
  return Object.fromEntries(match[1].split("\n").map((line) => [line.slice(0, line.indexOf(":")), line.slice(line.indexOf(":") + 1).trim()]));
}

function section(text: string, heading: string): string {
  const start = text.indexOf(`${heading}\n`);
  const next = text.indexOf("\n## ", start + heading.length);
  return text.slice(start, next === -1 ? undefined : next);
}

describe("control documentation", () => {
  for (const control of CATALOG) {
    describe(control.id, () => {
      it("has a page", () => {
        expect(existsSync(new URL(`${control.id}.md`, DOCS)), `docs/controls/${control.id}.md`).toBe(true);
      });

      it("describes the control as the catalog declares it", () => {
        expect(frontMatter(page(control))).toEqual({
          id: control.id,
          resourceTypes: control.resourceTypes.join(", "),
          stage: control.stage,
          severity: control.severity,
          appliesFrom: control.minClassification,
          defaultDecision: control.defaultDecision,
          fix: control.fix?.safety ?? "none",
        });
        expect(page(control)).toContain(`# ${control.id}: ${control.title}\n`);
      });

      it("has every required section, in order, none empty", () => {
        const text = page(control);
        const positions = SECTIONS.map((heading) => text.indexOf(`\n${heading}\n`));
        for (const [index, heading] of SECTIONS.entries()) expect(positions[index], heading).toBeGreaterThan(0);
        expect(positions).toEqual([...positions].sort((a, b) => a - b));
        for (const heading of SECTIONS.filter((h) => h.startsWith("## ") && h !== "## Fix by hand")) {
          expect(section(text, heading).replace(heading, "").trim().length, heading).toBeGreaterThan(20);
        }
        expect(section(text, "## Fix by hand")).toMatch(/```bash\naz [\s\S]+?```/);
        expect(section(text, "## Fix by hand")).toMatch(/```bicep\nresource [\s\S]+?```/);
      });

      it("cites the control's references", () => {
        const references = section(page(control), "## References");
        for (const line of REFERENCE_LINES) expect(references, line).toContain(line);
        expect(references).toContain("SE:07");
        if (control.refs.mcsb) expect(references).toContain(control.refs.mcsb);
        if (control.refs.policy) expect(references).toContain(`policyDefinitions/${control.refs.policy}`);
        if (control.refs.psrule) expect(references).toContain(control.refs.psrule);
      });

      it("names every parameter the control takes", () => {
        const text = page(control);
        for (const { name } of parametersOf(control)) expect(text, name).toContain(`\`${name}\``);
      });

      it("says whether there is an automatic fix, and how safe it is", () => {
        const fix = section(page(control), "## Automatic fix");
        if (control.fix) expect(fix).toContain(`Fix safety: **${control.fix.safety}**.`);
        else expect(fix).toContain("None: the finding becomes a ticket.");
      });
    });
  }

  it("has no page for a control that is not in the catalog", () => {
    const ids = new Set(CATALOG.map((c) => c.id));
    const pages = readdirSync(DOCS).filter((file) => file.endsWith(".md") && file !== "README.md");
    expect(pages.filter((file) => !ids.has(file.replace(/\.md$/, "")))).toEqual([]);
  });

  it("keeps the index in step with the catalog (regenerate with `npm run docs:controls`)", () => {
    expect(readFileSync(INDEX_FILE, "utf8")).toBe(renderIndex());
  });

  it("keeps the parameter table of docs/policy.md in step with the controls' schemas (regenerate with `npm run docs:controls`)", () => {
    const policyDoc = readFileSync(POLICY_DOC, "utf8");
    expect(policyDoc).toBe(withParameterTable(policyDoc));
    for (const control of CATALOG) {
      for (const { name } of parametersOf(control)) expect(policyDoc, `${control.id} ${name}`).toContain(`| [${control.id}](controls/${control.id}.md) | \`${name}\` |`);
    }
  });
});
