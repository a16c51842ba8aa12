/**
 * The Markdown tickets are written in, as HTML for systems whose rich-text fields take HTML
 * (Azure DevOps descriptions and discussion). It covers what ticket content uses: headings,
 * paragraphs, fenced code, bullet lists, tables, inline code, bold, links and <sub>.
 */

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

function inline(text: string): string {
  const codeSpans: string[] = [];
  // Code spans first, so nothing inside them is taken for bold or a link.
  const withoutCode = text.replace(/(`+)(.+?)\1/g, (_, _fence: string, body: string) => {
    codeSpans.push(`<code>${escapeHtml(body.trim().replace(/\\\|/g, "|"))}</code>`);
    return `\u0000${codeSpans.length - 1}\u0000`;
  });
  return escapeHtml(withoutCode)
    .replace(/\\\|/g, "|")
    .replace(/\*\*(.+?)\*\*/g, "<strong>$1</strong>")
    .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, (_, label: string, href: string) => (/^(https?:|mailto:|\/|#)/i.test(href) ? `<a href="${href}">${label}</a>` : `${label} (${href})`))
    .replace(/&lt;(\/?)sub&gt;/g, "<$1sub>")
    .replace(/\u0000(\d+)\u0000/g, (_, index: string) => codeSpans[Number(index)] ?? "");
}

function tableCells(row: string): string[] {
  return row
    .trim()
    .replace(/^\||\|$/g, "")
    .split(/(?<!\\)\|/)
    .map((value) => value.trim());
}

export function markdownToHtml(markdown: string): string {
  const lines = markdown.replace(/\r\n/g, "\n").split("\n");
  const out: string[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    const fence = /^\s*(```|~~~)/.exec(line);
    if (fence) {
      const body: string[] = [];
      for (i++; i < lines.length && !lines[i]!.trim().startsWith(fence[1]!); i++) body.push(lines[i]!);
      i++;
      out.push(`<pre><code>${escapeHtml(body.join("\n"))}</code></pre>`);
      continue;
    }
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    if (heading) {
      out.push(`<h${heading[1]!.length}>${inline(heading[2]!)}</h${heading[1]!.length}>`);
      i++;
      continue;
    }
    if (/^\s*\|/.test(line)) {
      const rows: string[][] = [];
      for (; i < lines.length && /^\s*\|/.test(lines[i]!); i++) {
        if (!/^\s*\|[\s|:-]+\|\s*$/.test(lines[i]!)) rows.push(tableCells(lines[i]!));
      }
      out.push(`<table>${rows.map((cells) => `<tr>${cells.map((c) => `<td>${inline(c)}</td>`).join("")}</tr>`).join("")}</table>`);
      continue;
    }
    if (/^\s*[-*]\s+/.test(line)) {
      const items: string[] = [];
      for (; i < lines.length && /^\s*[-*]\s+/.test(lines[i]!); i++) items.push(`<li>${inline(lines[i]!.replace(/^\s*[-*]\s+/, ""))}</li>`);
      out.push(`<ul>${items.join("")}</ul>`);
      continue;
    }
    if (line.trim() === "") {
      i++;
      continue;
    }
    const paragraph: string[] = [];
    for (; i < lines.length && lines[i]!.trim() !== "" && !/^(\s*(```|~~~|\||[-*]\s)|#{1,6}\s)/.test(lines[i]!); i++) paragraph.push(lines[i]!);
    out.push(`<p>${inline(paragraph.join(" "))}</p>`);
  }
  return out.join("\n");
}
