/**
 * A URL the product may turn into a link (its documentation, the ticket a new one follows):
 * absolute http(s) only, no user name before the host (`https://github.com@evil.example/`), and
 * the characters that end a Markdown link destination, an HTML attribute or a table cell
 * percent-encoded. Anything else is shown as text, never as a link.
 */
export function safeUrl(url: string): string | undefined {
  if (!URL.canParse(url)) return undefined;
  const parsed = new URL(url);
  if ((parsed.protocol !== "https:" && parsed.protocol !== "http:") || parsed.username || parsed.password) return undefined;
  return parsed.href.replace(/[\s"'<>\\`|]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`);
}
