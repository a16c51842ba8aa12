import { micromark } from "micromark";
import { gfmTable, gfmTableHtml } from "micromark-extension-gfm-table";
import { cleanText, untrusted } from "./clean.ts";
import type { TicketText } from "./document.ts";
import { inert } from "./inert.ts";
import { renderText, type Format } from "./render.ts";

/** HTML for rich-text fields (Azure DevOps descriptions and discussion): every value is escaped, markup comes only from the structure. */
function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

export function htmlText(value: unknown): string {
  return escapeHtml(inert(untrusted(value)));
}

/**
 * Markdown the product ships (a control page's section), as HTML. micromark follows CommonMark
 * and GFM tables to the letter, escapes raw HTML and drops unsafe link protocols, so an escaped
 * character stays a character and nothing that reached the Markdown as a value becomes markup.
 */
export function markdownToHtml(markdown: string): string {
  return micromark(cleanText(markdown, { multiline: true }), { extensions: [gfmTable()], htmlExtensions: [gfmTableHtml()] }).trim();
}

const row = (cells: readonly string[], tag: "th" | "td") => `<tr>${cells.map((cell) => `<${tag}>${cell}</${tag}>`).join("")}</tr>`;

const HTML: Format = {
  text: (value) => htmlText(value),
  code: (value) => `<code>${escapeHtml(untrusted(value))}</code>`,
  strong: (inner) => `<strong>${inner}</strong>`,
  link: (label, href) => `<a href="${escapeHtml(href)}">${label}</a>`,
  heading: (inner) => `<h2>${inner}</h2>`,
  paragraph: (inner) => `<p>${inner}</p>`,
  table: (header, rows) => `<table>${header ? row(header, "th") : ""}${rows.map((cells) => row(cells, "td")).join("")}</table>`,
  list: (items) => `<ul>${items.map((item) => `<li>${item}</li>`).join("")}</ul>`,
  codeBlock: (content) => `<pre><code>${escapeHtml(content)}</code></pre>`,
  markdown: markdownToHtml,
  note: (inner) => `<p><sub>${inner}</sub></p>`,
  separator: "\n",
};

/** The text as HTML of at most `maxLength` characters, cut between blocks, never inside a tag or an entity. */
export function renderHtml(text: TicketText, maxLength: number): string {
  return renderText(text, HTML, maxLength);
}
