import { cleanText, cutText, untrusted } from "./clean.ts";
import type { TicketText } from "./document.ts";
import { inert, withoutCodeTags } from "./inert.ts";
import { renderText, type Format } from "./render.ts";

/**
 * Plain text for fields shown as typed (ServiceNow descriptions, work and close notes; titles;
 * the webhook's one-line summary). Nothing is escaped, because nothing is interpreted; values
 * are still cleaned, defanged and kept from mentioning or linking.
 */
export function plainText(value: unknown): string {
  return inert(untrusted(value));
}

/** One line of at most `maxLength` characters: a ticket title, a summary. The cut comes last, so the limit holds. */
export function plainLine(value: unknown, maxLength: number): string {
  return cutText(inert(cleanText(typeof value === "string" ? value : String(value))), maxLength);
}

const PLAIN: Format = {
  text: (value) => plainText(value),
  code: (value) => plainText(value),
  strong: (inner) => inner,
  link: (label, href) => `${label} (${href})`,
  heading: (inner) => `${inner}\n${"-".repeat(Math.min(inner.length, 72))}`,
  paragraph: (inner) => inner,
  // A table without headings is label/value rows (`Owner: team-data`); one with headings keeps its columns.
  table: (header, rows) =>
    header ? [header, ...rows].map((cells) => cells.join(" | ")).join("\n") : rows.map(([label = "", ...values]) => (values.length > 0 ? `${label}: ${values.join(" | ")}` : label)).join("\n"),
  list: (items) => items.map((item) => `- ${item}`).join("\n"),
  codeBlock: (content) =>
    withoutCodeTags(content)
      .split("\n")
      .map((line) => `    ${line}`)
      .join("\n"),
  markdown: withoutCodeTags,
  note: (inner) => inner,
  separator: "\n\n",
};

/** The text as plain text of at most `maxLength` characters. */
export function renderPlain(text: TicketText, maxLength: number): string {
  return renderText(text, PLAIN, maxLength);
}
