import type { Finding } from "../controls/types.ts";
import type { TextOutput } from "./output.ts";

/** Takes findings one at a time and writes the report as it goes (or at the end, for sorted formats). */
export interface FindingWriter {
  add(finding: Finding): Promise<void>;
  /** Writes what was held back and the closing part; the output is flushed after it. */
  end(): Promise<void>;
}

/** A writer for formats people read sorted: it keeps the findings and writes them all at the end. */
export function sortedWriter(render: (findings: Finding[]) => Promise<void>): FindingWriter {
  const findings: Finding[] = [];
  return {
    async add(finding) {
      findings.push(finding);
    },
    end: () => render(findings),
  };
}

/** Writes `items` through `out`, one piece each, so that no report text is held whole. */
export async function writeEach<T>(out: TextOutput, items: Iterable<T>, piece: (item: T) => string): Promise<void> {
  for (const item of items) await out.write(piece(item));
}
