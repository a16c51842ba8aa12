/**
 * Selects the files of the deployment package with the rules of .funcignore, which follow
 * .gitignore: `#` comments, `!` re-includes, a leading `/` anchors to the root, a trailing `/`
 * matches directories only, `*` and `?` stay within a path segment and `**` spans segments.
 * The last matching rule wins, and nothing under an excluded directory comes back.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

interface Rule {
  negated: boolean;
  directoryOnly: boolean;
  pattern: RegExp;
}

function globToRegExp(glob: string): string {
  let source = "";
  for (let i = 0; i < glob.length; i += 1) {
    const char = glob[i]!;
    if (char === "*" && glob[i + 1] === "*") {
      // "**/" matches zero or more whole segments; a trailing "**" matches everything below.
      source += glob[i + 2] === "/" ? "(?:.*/)?" : ".*";
      i += glob[i + 2] === "/" ? 2 : 1;
    } else if (char === "*") {
      source += "[^/]*";
    } else if (char === "?") {
      source += "[^/]";
    } else {
      source += char.replace(/[.+^${}()|[\]\\]/g, "\\$&");
    }
  }
  return source;
}

export function parseIgnoreRules(text: string): Rule[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"))
    .map((line) => {
      const negated = line.startsWith("!");
      let body = negated ? line.slice(1) : line;
      const directoryOnly = body.endsWith("/");
      if (directoryOnly) body = body.slice(0, -1);
      // A pattern with a slash before its end is relative to the root; one without matches at any depth.
      const anchored = body.includes("/");
      if (body.startsWith("/")) body = body.slice(1);
      const prefix = anchored ? "^" : "^(?:.*/)?";
      return { negated, directoryOnly, pattern: new RegExp(`${prefix}${globToRegExp(body)}$`) };
    });
}

/** True when the rules exclude this path (relative, `/`-separated); `isDirectory` says what it is. */
export function isIgnored(rules: readonly Rule[], path: string, isDirectory: boolean): boolean {
  let ignored = false;
  for (const rule of rules) {
    if (rule.directoryOnly && !isDirectory) continue;
    if (rule.pattern.test(path)) ignored = !rule.negated;
  }
  return ignored;
}

/** Every file under `root` the rules keep, as sorted `/`-separated relative paths. */
export function selectFiles(root: string, rules: readonly Rule[]): string[] {
  const walk = (relativeDir: string): string[] =>
    readdirSync(join(root, relativeDir), { withFileTypes: true }).flatMap((entry) => {
      const path = relativeDir === "" ? entry.name : `${relativeDir}/${entry.name}`;
      if (entry.isDirectory()) return isIgnored(rules, path, true) ? [] : walk(path);
      return entry.isFile() && !isIgnored(rules, path, false) ? [path] : [];
    });
  return walk("").sort();
}

export function readIgnoreRules(root: string): Rule[] {
  return parseIgnoreRules(readFileSync(join(root, ".funcignore"), "utf8"));
}
