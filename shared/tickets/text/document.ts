/**
 * A ticket's text as structure and values instead of markup. The product writes the structure
 * (headings, tables, bold, its own links); every string in it is a value, rendered inert by the
 * sink's renderer (Markdown, HTML or plain text), whoever wrote it. Markup can therefore only
 * come from the structure, never from a value: a resource name, a tag, an evidence value or a
 * reason read from a ledger row cannot open a link, mention a team or close a code span.
 */

/** A value shown verbatim in a monospace font: ids, property paths, evidence values. */
export interface Code {
  code: string;
}

export interface Strong {
  strong: Inlines;
}

/** A link the product makes: its own documentation, the ticket a new one follows. Only http(s) URLs become links. */
export interface Link {
  link: string;
  label: Inlines;
}

/** A string is text, escaped for the sink. */
export type Inline = string | Code | Strong | Link;
export type Inlines = Inline | readonly Inline[];

export interface Table {
  /** Column headings; a table without them is a list of label/value rows. */
  header?: readonly Inlines[];
  rows: readonly (readonly Inlines[])[];
}

export type Block =
  | { heading: Inlines }
  | { paragraph: Inlines }
  | { table: Table }
  | { list: readonly Inlines[] }
  /** Preformatted text, such as commands to paste; the language is the product's own word (`sh`, `json`). */
  | { codeBlock: string; language?: string }
  /**
   * Markdown the product ships (a section of a control's page in docs/controls), with the
   * placeholders filled through `replaceInMarkdown`. It is the only markup that does not come from the structure.
   */
  | { markdown: string }
  /** Small print at the end. */
  | { note: Inlines };

export type TicketText = readonly Block[];

/** The one block that tells a reader the text was cut to fit the field it went into. */
export const CUT_NOTICE: Block = { paragraph: "…[cut]: the rest did not fit in this field. The control's page has the full guidance." };
