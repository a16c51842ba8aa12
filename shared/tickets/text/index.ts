export { CUT_MARKER, cleanText, cutText, untrusted } from "./clean.ts";
export type { Block, Code, Inline, Inlines, Link, Strong, Table, TicketText } from "./document.ts";
export { htmlText, markdownToHtml, renderHtml } from "./html.ts";
export { JSON_STRING_MAX, jsonSafe } from "./json.ts";
export { safeUrl } from "./links.ts";
export { markdownCode, markdownText, renderMarkdown, replaceInMarkdown } from "./markdown.ts";
export { plainLine, plainText, renderPlain } from "./plain.ts";
