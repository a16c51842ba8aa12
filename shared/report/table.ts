import { visible } from "./cells.ts";

/**
 * The lines of an aligned text table, header and rule first. Cells are worked out twice (once
 * for the widths, once for the line) rather than kept, so a large table costs its items only;
 * the widths come from a plain loop, as a spread into Math.max overflows the stack at about
 * 130,000 rows. Cells are made visible: no control character reaches the terminal.
 */
export function* tableLines<T>(items: readonly T[], headers: readonly string[], cellsOf: (item: T) => readonly string[]): Generator<string> {
  const widths = headers.map((h) => h.length);
  for (const item of items) {
    const cells = cellsOf(item);
    for (let i = 0; i < widths.length; i++) widths[i] = Math.max(widths[i]!, visible(cells[i] ?? "").length);
  }
  const line = (cells: readonly string[]) =>
    widths
      .map((w, i) => visible(cells[i] ?? "").padEnd(w))
      .join("  ")
      .trimEnd();
  yield line(headers);
  yield line(widths.map((w) => "-".repeat(w)));
  for (const item of items) yield line(cellsOf(item));
}

export function renderTable(rows: readonly (readonly string[])[], headers: readonly string[]): string {
  return [...tableLines(rows, headers, (row) => row)].join("\n") + "\n";
}
