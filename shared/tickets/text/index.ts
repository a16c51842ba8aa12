export { CUT_MARKER, INLINE_VALUE_MAX, cleanText, cutText, untrusted } from "./clean.ts";
export type { Block, Code, Inline, Inlines, Link, Strong, Table, TicketText } from "./document.ts";
export { escapeHtml, htmlText, markdownToHtml, renderHtml } from "./html.ts";
export { inert } from "./inert.ts";
export { JSON_STRING_MAX, jsonSafe } from "./json.ts";
export { safeUrl } from "./links.ts";
export { markdownCode, markdownText, renderMarkdown, replaceInMarkdown } from "./markdown.ts";
export { plainLine, plainText, renderPlain } from "./plain.ts";
