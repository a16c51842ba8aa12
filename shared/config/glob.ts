/**
 * Case-insensitive globs over resource ids and names: `*` matches within one `/`-separated
 * segment, `**` across segments. Every other character is literal.
 */
const compiled = new Map<string, RegExp>();

export function globToRegExp(pattern: string): RegExp {
  const cached = compiled.get(pattern);
  if (cached) return cached;
  const source = pattern
    .split("**")
    .map((part) => part.split("*").map(escapeRegExp).join("[^/]*"))
    .join(".*");
  const regexp = new RegExp(`^${source}$`, "i");
  compiled.set(pattern, regexp);
  return regexp;
}

export function matchesGlob(pattern: string, value: string): boolean {
  return globToRegExp(pattern).test(value);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
