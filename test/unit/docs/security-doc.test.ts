import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const TEST_ROOT = new URL("../../", import.meta.url);
const threatModel = readFileSync(new URL("../../../docs/security.md", import.meta.url), "utf8");

interface Citation {
  file: string;
  /** The test's name; `…` ends a name cited by its beginning, `%s` stands for a parameter. */
  name?: string;
}

/** Every `file.test.ts › name` (and the `› name` that follow it in the same cell) the threat model cites. */
function citations(): Citation[] {
  const found: Citation[] = [];
  for (const line of threatModel.split("\n").filter((l) => l.startsWith("|"))) {
    for (const cell of line.split(" | ")) {
      let file: string | undefined;
      for (const [, span] of cell.matchAll(/`([^`]+)`/g)) {
        const cited = /^((?:unit|integration|e2e)\/\S+\.test\.ts)(?: › (.+))?$/.exec(span!);
        if (cited) {
          file = cited[1]!;
          found.push({ file, ...(cited[2] ? { name: cited[2] } : {}) });
        } else if (span!.startsWith("› ") && file) found.push({ file, name: span!.slice(2) });
      }
    }
  }
  return found;
}

/** Whether a test file declares a test (or suite) of this name, a cited beginning, or an it.each template. */
function declares(source: string, name: string): boolean {
  const names = [...source.matchAll(/(?:it|describe)(?:\.each\([\s\S]*?\))?\(\s*"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1]!.replace(/\\"/g, '"'));
  const wanted = name.replace(/ …$/, "").replace(/…$/, "");
  return names.some((declared) => (name.endsWith("…") ? declared.startsWith(wanted) : declared === wanted));
}

describe("docs/security.md", () => {
  const cited = citations();

  it("cites a test for every threat, and there are threats in every group the issue names", () => {
    expect(cited.length).toBeGreaterThan(30);
    for (const heading of ["### Scope", "### Who may do what", "### Rollback", "### Bounded intake", "### Ticket text", "### Role breadth"]) expect(threatModel).toContain(heading);
    for (const boundary of ["**Event Grid**", "**HTTP**", "**Queue**", "**Ledger**", "**ticket systems**", "**Log Analytics**"]) expect(threatModel).toContain(boundary);
  });

  it("names only test files that exist and tests they declare", () => {
    const missing = cited.filter(({ file, name }) => {
      const path = new URL(file, TEST_ROOT);
      if (!existsSync(path)) return true;
      return name !== undefined && !declares(readFileSync(path, "utf8"), name);
    });
    expect(missing).toEqual([]);
  });
});
