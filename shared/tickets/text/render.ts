import { CUT_MARKER, cleanText, fitBlocks } from "./clean.ts";
import { CUT_NOTICE, type Block, type Inline, type Inlines, type TicketText } from "./document.ts";
import { safeUrl } from "./links.ts";

/**
 * What a sink kind makes of each part of a ticket's text. `text` and `code` receive outside
 * values as they are and must render them inert; the rest wrap what is already rendered.
 */
export interface Format {
  text(value: string, inTable: boolean): string;
  code(value: string, inTable: boolean): string;
  strong(inner: string): string;
  /** `href` is already checked and encoded by `safeUrl`. */
  link(label: string, href: string): string;
  heading(inner: string): string;
  paragraph(inner: string): string;
  table(header: readonly string[] | undefined, rows: readonly (readonly string[])[]): string;
  list(items: readonly string[]): string;
  /** Cleaned and bounded, line breaks kept. */
  codeBlock(content: string, language: string): string;
  /** Shipped Markdown, cleaned. */
  markdown(source: string): string;
  note(inner: string): string;
  /** Between blocks. */
  separator: string;
}

/** The longest preformatted block: long enough for any command or template a ticket carries. */
const CODE_BLOCK_MAX = 20_000;

/** Cuts a preformatted block after its last whole line that fits, so no command is pasted half. */
function cutLines(text: string, maxLength: number): string {
  if (text.length <= maxLength) return text;
  const end = text.lastIndexOf("\n", maxLength - CUT_MARKER.length - 1);
  return end > 0 ? `${text.slice(0, end)}\n${CUT_MARKER}` : CUT_MARKER;
}

function inlineList(parts: Inlines): readonly Inline[] {
  return Array.isArray(parts) ? parts : [parts as Inline];
}

/** The text in `format`, at most `maxLength` characters: cut between blocks, never inside one, with a notice. */
export function renderText(text: TicketText, format: Format, maxLength: number): string {
  const inlines = (parts: Inlines, inTable = false): string =>
    inlineList(parts)
      .map((part) => {
        if (typeof part === "string") return format.text(part, inTable);
        if ("code" in part) return format.code(part.code, inTable);
        if ("strong" in part) return format.strong(inlines(part.strong, inTable));
        const label = inlines(part.label, inTable);
        const href = safeUrl(part.link);
        return href ? format.link(label, href) : `${label} (${format.code(part.link, inTable)})`;
      })
      .join("");
  const block = (part: Block): string => {
    if ("heading" in part) return format.heading(inlines(part.heading));
    if ("paragraph" in part) return format.paragraph(inlines(part.paragraph));
    if ("table" in part) {
      const { header, rows } = part.table;
      return format.table(
        header?.map((cell) => inlines(cell, true)),
        rows.map((row) => row.map((cell) => inlines(cell, true))),
      );
    }
    if ("list" in part) return format.list(part.list.map((item) => inlines(item)));
    if ("codeBlock" in part) return format.codeBlock(cutLines(cleanText(part.codeBlock, { multiline: true }), CODE_BLOCK_MAX), part.language?.replace(/[^\w-]/g, "") ?? "");
    if ("markdown" in part) return format.markdown(cleanText(part.markdown, { multiline: true }));
    return format.note(inlines(part.note));
  };
  return fitBlocks(text.map(block), format.separator, maxLength, block(CUT_NOTICE));
}
