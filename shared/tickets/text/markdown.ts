import { untrusted } from "./clean.ts";
import type { TicketText } from "./document.ts";
import { inert } from "./inert.ts";
import { renderText, type Format } from "./render.ts";

/**
 * Markdown (CommonMark with GitHub's extensions) for GitHub issues and webhook bodies.
 *
 * Text is escaped where Markdown or GFM reads markup anywhere in a line: code spans, emphasis,
 * strikethrough, links, images and footnotes, raw HTML and autolinks, table pipes, math (`$`),
 * entity references (`&#64;` would make an @) and `#`; a value that could open a line is also
 * kept from starting a list or heading. GitHub links mentions and issue references on the
 * rendered text, after escapes are gone, so `inert` breaks those with a joiner first.
 */
const MARKUP = /[\\`*_[\]<>|~&$#]/g;

export function markdownText(value: unknown): string {
  return inert(untrusted(value))
    .replace(MARKUP, "\\$&")
    .replace(/^[-+=]/, "\\$&")
    .replace(/^(\d+)([.)])/, "$1\\$2");
}

function longestBacktickRun(text: string): number {
  return Math.max(0, ...Array.from(text.matchAll(/`+/g), (run) => run[0].length));
}

/**
 * A code span that shows the value exactly and cannot be closed by it: the fence is one backtick
 * longer than the longest run in the value, padded with a space when the value starts or ends
 * with a backtick (or with spaces on both sides, which CommonMark would otherwise strip).
 *
 * In a table cell every `|` must be escaped, even in code. GitHub's row splitter (cmark-gfm)
 * takes any `|` after a backslash as escaped; CommonMark-style parsers take it as escaped only
 * after an odd run of backslashes. Doubling the backslashes before a pipe, then escaping it,
 * satisfies both, so no parser ends the cell inside the value.
 */
export function markdownCode(value: unknown, options: { inTable?: boolean } = {}): string {
  const text = untrusted(value);
  if (text === "") return "(empty)";
  const fence = "`".repeat(longestBacktickRun(text) + 1);
  const pad = /^`|`$/.test(text) || (text.startsWith(" ") && text.endsWith(" ") && text.trim() !== "") ? " " : "";
  const body = options.inTable ? text.replace(/(\\*)\|/g, "$1$1\\|") : text;
  return `${fence}${pad}${body}${pad}${fence}`;
}

const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/** Whether `line` closes a fence opened with `fence`: the same character, at least as many, nothing else. */
function closes(line: string, fence: string): boolean {
  const marker = FENCE.exec(line)?.[1];
  return marker !== undefined && marker[0] === fence[0] && marker.length >= fence.length && line.trim() === marker;
}

/** A shipped section that ends inside a fence would turn the rest of the ticket into code: the fence is closed. */
function closeOpenFence(markdown: string): string {
  let open: string | undefined;
  for (const line of markdown.split("\n")) {
    if (open) {
      if (closes(line, open)) open = undefined;
    } else {
      open = FENCE.exec(line)?.[1];
    }
  }
  return open ? `${markdown}\n${open}` : markdown;
}

const MARKDOWN: Format = {
  text: (value) => markdownText(value),
  code: (value, inTable) => markdownCode(value, { inTable }),
  strong: (inner) => `**${inner}**`,
  link: (label, href) => `[${label}](<${href}>)`,
  heading: (inner) => `## ${inner}`,
  paragraph: (inner) => inner,
  table(header, rows) {
    const columns = Math.max(header?.length ?? 0, ...rows.map((row) => row.length));
    const row = (cells: readonly string[]) => `| ${Array.from({ length: columns }, (_, i) => cells[i] ?? "").join(" | ")} |`;
    return [row(header ?? []), `|${"---|".repeat(columns)}`, ...rows.map(row)].join("\n");
  },
  list: (items) => items.map((item) => `- ${item}`).join("\n"),
  codeBlock(content, language) {
    const fence = "`".repeat(Math.max(3, longestBacktickRun(content) + 1));
    return `${fence}${language}\n${content}\n${fence}`;
  },
  markdown: closeOpenFence,
  note: (inner) => `<sub>${inner}</sub>`,
  separator: "\n\n",
};

/** The text as Markdown of at most `maxLength` characters. */
export function renderMarkdown(text: TicketText, maxLength: number): string {
  return renderText(text, MARKDOWN, maxLength);
}

interface Segment {
  text: string;
  code: boolean;
}

/** A line outside fences, split into code spans and the prose around them. */
function segments(line: string): Segment[] {
  const parts: Segment[] = [];
  let rest = line;
  for (let open = /`+/.exec(rest); open; open = /`+/.exec(rest)) {
    const afterOpen = open.index + open[0].length;
    const close = new RegExp(`(?<!\`)${open[0]}(?!\`)`, "g");
    close.lastIndex = afterOpen;
    const end = close.exec(rest);
    if (!end) {
      parts.push({ text: rest.slice(0, afterOpen), code: false });
      rest = rest.slice(afterOpen);
      continue;
    }
    parts.push({ text: rest.slice(0, open.index), code: false }, { text: rest.slice(open.index, end.index + end[0].length), code: true });
    rest = rest.slice(end.index + end[0].length);
  }
  parts.push({ text: rest, code: false });
  return parts;
}

/**
 * Replaces `pattern` (global) in Markdown the product ships, telling `replace` whether each
 * match stands in code (a fenced block or a code span) or in prose, where a value must be
 * written differently: a word pasted into a command is plain, the same word in a sentence is
 * a code span, so it can neither format nor link.
 */
export function replaceInMarkdown(markdown: string, pattern: RegExp, replace: (match: string, inCode: boolean) => string): string {
  let fence: string | undefined;
  return markdown
    .split("\n")
    .map((line) => {
      if (fence) {
        if (closes(line, fence)) fence = undefined;
        else return line.replace(pattern, (match) => replace(match, true));
        return line;
      }
      fence = FENCE.exec(line)?.[1];
      if (fence) return line;
      return segments(line)
        .map((segment) => segment.text.replace(pattern, (match) => replace(match, segment.code)))
        .join("");
    })
    .join("\n");
}
