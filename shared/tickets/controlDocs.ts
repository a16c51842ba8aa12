import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";

/** The parts of a control's page (docs/controls/<id>.md) a ticket quotes. Absent when the page lacks them. */
export interface ControlDoc {
  whatGoesWrong?: string;
  howToFixByHand?: string;
  whatTheFixCanBreak?: string;
}

/**
 * Headings are matched by meaning, not exact text, so a page that words "What goes wrong" as
 * "Why it matters" still feeds the ticket. The first matching heading wins.
 */
const SECTION_HEADINGS: readonly [keyof ControlDoc, RegExp][] = [
  ["whatTheFixCanBreak", /\bbreak|side effects?|impact of the fix|disrupt/i],
  ["howToFixByHand", /by hand|manual|how to fix|remediat/i],
  ["whatGoesWrong", /goes wrong|why it matters|\brisk|what it checks|why\b/i],
];

/** Splits a Markdown page into its `##`/`###` sections and keeps the ones a ticket needs. */
export function parseControlDoc(markdown: string): ControlDoc {
  const doc: ControlDoc = {};
  const lines = markdown.replace(/\r\n/g, "\n").split("\n");
  let current: keyof ControlDoc | undefined;
  let body: string[] = [];
  let inFence = false;
  const flush = () => {
    const text = body.join("\n").trim();
    if (current && text && doc[current] === undefined) doc[current] = text;
    body = [];
  };
  for (const line of lines) {
    if (/^\s*(```|~~~)/.test(line)) inFence = !inFence;
    const heading = inFence ? undefined : /^(#{2,3})\s+(.+?)\s*#*\s*$/.exec(line);
    if (heading) {
      flush();
      const title = heading[2]!;
      current = SECTION_HEADINGS.find(([, pattern]) => pattern.test(title))?.[0];
      continue;
    }
    body.push(line);
  }
  flush();
  return doc;
}

const DEFAULT_DOCS_DIR = fileURLToPath(new URL("../../docs/controls/", import.meta.url));

/** Reads control pages once each; a missing or unreadable page gives an empty doc, never an error. */
export class ControlDocs {
  readonly #dir: string;
  readonly #cache = new Map<string, Promise<ControlDoc>>();

  constructor(dir: string = DEFAULT_DOCS_DIR) {
    this.#dir = dir.endsWith("/") ? dir : `${dir}/`;
  }

  get(controlId: string): Promise<ControlDoc> {
    let doc = this.#cache.get(controlId);
    if (!doc) {
      // Control ids are catalog constants, but a path separator must never reach the file system.
      doc = /^[\w.-]+$/.test(controlId)
        ? readFile(`${this.#dir}${controlId}.md`, "utf8").then(parseControlDoc, () => ({}))
        : Promise.resolve({});
      this.#cache.set(controlId, doc);
    }
    return doc;
  }
}
