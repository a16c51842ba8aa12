import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";

/** The parts of a control's page (docs/controls/<id>.md) a ticket quotes. Absent when the page lacks them. */
export interface ControlDoc {
  synopsis?: string;
  whatGoesWrong?: string;
  howToFixByHand?: string;
  /** What the fix changes and disturbs: the page's "Automatic fix" section, or one about what it breaks. */
  whatTheFixCanBreak?: string;
}

/**
 * Headings are matched by meaning, not exact text, so a page that words "What goes wrong" as
 * "Why it matters" still feeds the ticket. The first heading that matches a part wins.
 */
const SECTION_HEADINGS: readonly [keyof ControlDoc, RegExp][] = [
  ["synopsis", /^(synopsis|summary)$/i],
  ["whatTheFixCanBreak", /break|side effects?|impact of the fix|disrupt|automatic fix/i],
  ["howToFixByHand", /by hand|manual|how to fix/i],
  ["whatGoesWrong", /goes wrong|why it matters|risks?/i],
];

/**
 * Splits a Markdown page into its sections and keeps the ones a ticket needs. A section runs to
 * the next heading of its own level or higher, so its subsections (### Azure CLI, ### Bicep)
 * stay in it; headings inside code fences are code.
 */
export function parseControlDoc(markdown: string): ControlDoc {
  const doc: ControlDoc = {};
  let section: { part: keyof ControlDoc | undefined; level: number } | undefined;
  let body: string[] = [];
  let inFence = false;
  const flush = () => {
    const text = body.join("\n").trim();
    if (section?.part && text && doc[section.part] === undefined) doc[section.part] = text;
    body = [];
  };
  for (const line of markdown.replace(/\r\n/g, "\n").split("\n")) {
    if (/^\s*(```|~~~)/.test(line)) inFence = !inFence;
    const heading = inFence ? undefined : /^(#{2,6})\s+(.+?)\s*#*\s*$/.exec(line);
    if (heading && !(section && heading[1]!.length > section.level)) {
      flush();
      const title = heading[2]!;
      section = { part: SECTION_HEADINGS.find(([, pattern]) => pattern.test(title))?.[0], level: heading[1]!.length };
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
      doc = /^[\w.-]+$/.test(controlId) ? readFile(`${this.#dir}${controlId}.md`, "utf8").then(parseControlDoc, () => ({})) : Promise.resolve({});
      this.#cache.set(controlId, doc);
    }
    return doc;
  }
}
