import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../../../scripts/build.ts";
import { isIgnored, parseIgnoreRules, readIgnoreRules, selectFiles } from "../../../scripts/packageFiles.ts";

describe(".funcignore rules", () => {
  it("follow .gitignore: anchoring, directory-only patterns, globs, negation, last rule wins", () => {
    const rules = parseIgnoreRules(["# comment", "", "*.map", "/build", "cache/", "docs/**/*.md", "!docs/keep/**", "*.log", "!important.log"].join("\n"));
    const cases: [string, boolean, boolean][] = [
      ["a/b/index.js.map", false, true],
      ["build", true, true],
      ["src/build", true, false],
      ["cache", true, true],
      ["cache", false, false],
      ["deep/cache", true, true],
      ["docs/a/b/c.md", false, true],
      ["docs/c.md", false, true],
      ["docs/keep/c.md", false, false],
      ["x.log", false, true],
      ["important.log", false, false],
      ["src/index.ts", false, false],
    ];
    expect(cases.map(([path, directory]) => [path, isIgnored(rules, path, directory)])).toEqual(cases.map(([path, , ignored]) => [path, ignored]));
  });

  it("never bring back a file under an excluded directory", () => {
    const root = mkdtempSync(join(tmpdir(), "funcignore-"));
    for (const file of ["keep.txt", "out/a.txt", "out/inner/b.txt"]) {
      mkdirSync(join(root, file, ".."), { recursive: true });
      writeFileSync(join(root, file), file);
    }
    expect(selectFiles(root, parseIgnoreRules("out/\n!out/inner/b.txt"))).toEqual(["keep.txt"]);
  });

  it("keep the project's package to host.json, package.json and dist/functions, whatever else the checkout holds", () => {
    const rules = readIgnoreRules(ROOT);
    const kept = ["host.json", "package.json", "dist/functions/index.js", "dist/functions/THIRD-PARTY-NOTICES.txt"];
    const left = [
      "functions/index.ts", "shared/engine/evaluate.ts", "test/unit/infra/zip.test.ts", "test/fixtures/arm/storage/account.json", "emulator/index.ts",
      "bench/package/coldStart.ts", "infra/main.json", "node_modules/@azure/functions/package.json", "local.settings.json", "local.settings.sample.json",
      "dist/released-package.zip", "dist/functions/index.js.map", "README.md", "a-folder-added-later/file.ts",
    ];
    expect(kept.filter((path) => isIgnored(rules, path, false))).toEqual([]);
    const directoryOf = (path: string) => path.split("/").slice(0, -1).map((_, i, parts) => parts.slice(0, i + 1).join("/"));
    const leaks = left.filter((path) => !isIgnored(rules, path, false) && !directoryOf(path).some((dir) => isIgnored(rules, dir, true)));
    expect(leaks).toEqual([]);
  });
});
