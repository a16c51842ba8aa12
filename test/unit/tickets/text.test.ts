import { describe, expect, it } from "vitest";
import {
  CUT_MARKER,
  cutText,
  htmlText,
  jsonSafe,
  markdownCode,
  markdownText,
  markdownToHtml,
  plainLine,
  plainText,
  renderHtml,
  renderMarkdown,
  renderPlain,
  replaceInMarkdown,
  safeUrl,
  untrusted,
  type TicketText,
} from "../../../shared/tickets/text/index.ts";
import { gitHubReferences, linkTargets, renderGitHubMarkdown, viewHtml } from "../../fakes/rendering.ts";

/** The joiner the renderers put after @ and #: invisible, so a reader sees the text without it. */
const seen = (text: string) => text.replace(/\u200D/g, "");
const tags = (html: string) => viewHtml(html).elements.map((element) => element.tag);
/** A one-column GFM table with `cell` as its only data cell. */
const inTable = (cell: string) => renderGitHubMarkdown(`| value |\n|---|\n| ${cell} |\n`);

/** Outside values that try to act in a ticket, and what a reader must see instead. */
const HOSTILE: readonly { name: string; value: string; reads: string }[] = [
  { name: "a user mention", value: "ping @octocat now", reads: "ping @octocat now" },
  { name: "a team mention", value: "@org/team", reads: "@org/team" },
  { name: "an e-mail address", value: "team-data@contoso.com", reads: "team-data@contoso.com" },
  { name: "an issue reference", value: "fixes #123", reads: "fixes #123" },
  { name: "GH- references", value: "GH-123 and gh-7", reads: "GH-123 and gh-7" },
  { name: "a cross-repository reference", value: "octo/repo#9", reads: "octo/repo#9" },
  { name: "a Markdown link", value: "[Approve](https://evil/login)", reads: "[Approve](hxxps://evil/login)" },
  { name: "a reference link", value: "[Approve][1]\n[1]: https://evil/login", reads: "[Approve][1] [1]: hxxps://evil/login" },
  { name: "an autolink", value: "<https://evil/login>", reads: "<hxxps://evil/login>" },
  { name: "a bare URL", value: "see HTTPS://evil.example/a?b=c", reads: "see HxxPS://evil.example/a?b=c" },
  { name: "a www. name", value: "www.evil.example", reads: "www[.]evil.example" },
  { name: "an ftp URL", value: "ftp://evil.example/x", reads: "fxp://evil.example/x" },
  { name: "an image", value: "![logo](https://evil/pixel.png)", reads: "![logo](hxxps://evil/pixel.png)" },
  { name: "raw HTML", value: "<img src=x onerror=alert(1)>", reads: "<img src=x onerror=alert(1)>" },
  { name: "a script", value: "<script>alert(1)</script>", reads: "<script>alert(1)</script>" },
  { name: "an HTML comment", value: "<!-- hidden -->shown", reads: "<!-- hidden -->shown" },
  { name: "entity references", value: "&#64;org &lt;b&gt;", reads: "&#64;org &lt;b&gt;" },
  { name: "emphasis and strikethrough", value: "**bold** _it_ ~~gone~~", reads: "**bold** _it_ ~~gone~~" },
  { name: "math", value: "$\\href{https://evil}{x}$", reads: "$\\href{hxxps://evil}{x}$" },
  { name: "a table row", value: "| a | b |", reads: "| a | b |" },
  { name: "a heading", value: "# Approved", reads: "# Approved" },
  { name: "a task list item", value: "- [x] done", reads: "- [x] done" },
  { name: "an ordered list item", value: "1. first", reads: "1. first" },
  { name: "a block quote", value: "> quoted", reads: "> quoted" },
  { name: "a backslash at the end", value: "trailing\\", reads: "trailing\\" },
  { name: "ServiceNow code tags", value: "[code]<b>x</b>[/code]", reads: "[code]<b>x</b>[/code]" },
  { name: "line breaks", value: "one\r\ntwo\nthree\rfour\u2028five\u0085six", reads: "one two three four five six" },
  { name: "control characters", value: "a\u0000b\u0007c\u001b[31md\u007fe\u009bf\tg", reads: "abc[31mdef g" },
  { name: "an RTL override", value: "invoice\u202Egnp.exe", reads: "invoicegnp.exe" },
  { name: "bidi isolates and invisible characters", value: "ad\u200Bmin\u2066x\u2069\uFEFF\u{E0041}\u{E0042}", reads: "adminx" },
  { name: "a lone surrogate", value: "a\uD800b", reads: "a\uFFFDb" },
];

describe("outside text as Markdown, as GitHub renders it", () => {
  it.each(HOSTILE)("shows $name as text in a paragraph: no element, link, mention or reference", ({ value, reads }) => {
    const html = renderGitHubMarkdown(markdownText(value));
    const view = viewHtml(html);
    expect(tags(html)).toEqual(["p"]);
    expect(linkTargets(view)).toEqual([]);
    expect(gitHubReferences(view)).toEqual([]);
    expect(seen(view.text).trim()).toBe(reads);
  });

  it.each(HOSTILE)("keeps $name inside one table cell", ({ value, reads }) => {
    const html = inTable(markdownText(value));
    expect(tags(html)).toEqual(["table", "thead", "tr", "th", "tbody", "tr", "td"]);
    expect(gitHubReferences(viewHtml(html))).toEqual([]);
    expect(seen(viewHtml(html).text).replace(/\s+/g, " ").trim()).toBe(`value ${reads}`);
  });

  it.each(HOSTILE)("shows $name exactly, once cleaned, in a code span, in a paragraph and in a table cell", ({ value }) => {
    for (const html of [renderGitHubMarkdown(markdownCode(value)), inTable(markdownCode(value, { inTable: true }))]) {
      const view = viewHtml(html);
      expect(view.code).toEqual([untrusted(value)]);
      expect(tags(html).filter((tag) => !["p", "code", "table", "thead", "tbody", "tr", "th", "td"].includes(tag))).toEqual([]);
      expect(gitHubReferences(view)).toEqual([]);
    }
  });

  const runs = Array.from({ length: 12 }, (_, i) => "`".repeat(i + 1));
  const backtickValues = runs.flatMap((run) => [run, `a${run}b`, `${run}lead`, `trail${run}`, ` ${run} `, `x${run}y${run.slice(1)}z`]);
  it.each(backtickValues.map((value) => ({ value })))("fences a code span around $value so the value cannot close it", ({ value }) => {
    expect(viewHtml(renderGitHubMarkdown(`before ${markdownCode(value)} after`)).code).toEqual([value]);
    expect(viewHtml(inTable(markdownCode(value, { inTable: true }))).code).toEqual([value]);
  });

  it("keeps code spans that are only spaces, or spaces around a value, as they are", () => {
    for (const value of ["  ", " x ", " `x` "]) expect(viewHtml(renderGitHubMarkdown(markdownCode(value))).code).toEqual([value]);
    expect(markdownCode("")).toBe("(empty)");
  });

  it.each(["a|b", "a\\|b", "a\\\\|b", "\\|[x](https://evil)|", "|||", "\\"])("never lets a pipe in %j end a table cell, in code or in text", (value) => {
    for (const cell of [markdownCode(value, { inTable: true }), markdownText(value)]) {
      const view = viewHtml(inTable(cell));
      expect(view.elements.filter((element) => element.tag === "td")).toHaveLength(1);
      expect(linkTargets(view)).toEqual([]);
    }
  });

  it("escapes a pipe in a code span only inside a table, where the parser needs it", () => {
    expect(markdownCode("a|b")).toBe("`a|b`");
    expect(markdownCode("a|b", { inTable: true })).toBe("`a\\|b`");
    expect(markdownCode("a\\|b", { inTable: true })).toBe("`a\\\\\\|b`");
  });
});

describe("outside text as HTML", () => {
  it.each(HOSTILE)("escapes $name into text: no element", ({ value, reads }) => {
    const html = htmlText(value);
    const view = viewHtml(html);
    expect(view.elements).toEqual([]);
    expect(html).not.toMatch(/[<>"']/);
    expect(seen(view.text)).toBe(reads);
  });

  it("turns shipped Markdown into HTML with micromark, escaping raw HTML and dropping unsafe links", () => {
    const html = markdownToHtml(
      "## Evidence\n\n| property | actual |\n|---|---|\n| `a\\|b` | **bold** <script>x</script> |\n\n- item [doc](https://x.example/d?a=1&b=2)\n- [bad](javascript:alert(1))\n\n```sh\naz x --ids '<id>'\n```",
    );
    expect(html).toContain("<h2>Evidence</h2>");
    expect(html).toContain("<td><code>a|b</code></td>");
    expect(html).toContain("<strong>bold</strong> &lt;script&gt;x&lt;/script&gt;");
    expect(html).toContain('<a href="https://x.example/d?a=1&amp;b=2">doc</a>');
    expect(html).toContain('<a href="">bad</a>');
    expect(html).toContain("<pre><code class=\"language-sh\">az x --ids '&lt;id&gt;'\n</code></pre>");
    expect(tags(html)).not.toContain("script");
  });
});

describe("outside text as plain text", () => {
  it.each(HOSTILE)("writes $name readable, with no control, bidi or invisible character but the joiner", ({ value, reads }) => {
    const text = plainText(value);
    expect(seen(text)).toBe(reads);
    expect(text).not.toMatch(/[[\p{Cc}\p{Cf}]--[\u200D]]/v);
    expect(text).not.toMatch(/https?:|www\.|\[code\]|@\w|#\d|gh-\d/i);
  });

  it("writes a title as one inert line within the limit", () => {
    const title = plainLine(`[encryption-guard] TLS: @org/team https://evil/${"x".repeat(400)}\n#1`, 256);
    expect(title.length).toBeLessThanOrEqual(256);
    expect(title.endsWith(CUT_MARKER)).toBe(true);
    expect(title).not.toMatch(/\n|https:|@\w/);
  });
});

describe("long outside values", () => {
  it("are cut with a marker, counted in UTF-16 code units, never inside a surrogate pair", () => {
    const cut = untrusted("x".repeat(100_000));
    expect(cut).toHaveLength(1_000);
    expect(cut.endsWith(CUT_MARKER)).toBe(true);
    const emoji = untrusted("😀".repeat(1_000));
    expect(emoji.length).toBeLessThanOrEqual(1_000);
    expect(emoji.isWellFormed()).toBe(true);
    expect(cutText("short", 10)).toBe("short");
  });

  it("are cut before they are escaped, so no escape is split", () => {
    const value = "`|*".repeat(5_000);
    const view = viewHtml(inTable(markdownText(value)));
    expect(seen(view.text).replace(/\s+/g, " ").trim()).toBe(`value ${untrusted(value)}`);
    expect(viewHtml(renderGitHubMarkdown(markdownCode(value))).code).toEqual([untrusted(value)]);
  });
});

describe("a ticket's text cut to a field's limit", () => {
  const text: TicketText = [
    { heading: "Evidence" },
    ...Array.from({ length: 40 }, (_, i) => ({ paragraph: [`paragraph ${i} `, { code: "`".repeat(3) + "x".repeat(900) }] })),
    { codeBlock: "az x\n".repeat(10), language: "sh" },
  ];

  it.each([
    ["Markdown", renderMarkdown, "\n\n"],
    ["HTML", renderHtml, "\n"],
    ["plain text", renderPlain, "\n\n"],
  ] as const)("as %s: within the limit, cut between blocks, with a notice", (_, render, separator) => {
    const whole = render(text, 1_000_000);
    const cut = render(text, 4_000);
    expect(cut.length).toBeLessThanOrEqual(4_000);
    const blocks = cut.split(separator);
    expect(blocks.at(-1)).toContain("the rest did not fit in this field");
    expect(whole.startsWith(blocks.slice(0, -1).join(separator))).toBe(true);
    expect(whole.split(separator)).toContain(blocks.at(-2));
  });

  it("cuts a code block after its last whole line", () => {
    const lines = Array.from({ length: 5_000 }, (_, i) => `az resource update --ids '/subscriptions/x/r${i}'`).join("\n");
    const [code] = viewHtml(renderHtml([{ codeBlock: lines }], 1_000_000)).code;
    expect(code!.length).toBeLessThanOrEqual(20_000);
    expect(code!.endsWith(`'\n${CUT_MARKER}`)).toBe(true);
  });

  it("closes a shipped section's open fence, so the rest of the ticket is not code", () => {
    const markdown = renderMarkdown([{ markdown: "```sh\naz x" }, { paragraph: "after" }], 10_000);
    expect(tags(renderGitHubMarkdown(markdown))).toEqual(["pre", "code", "p"]);
  });

  it("fences a code block longer than any backtick run in it", () => {
    const markdown = renderMarkdown([{ codeBlock: "a\n````\nb\n```", language: "s`h" }], 10_000);
    expect(markdown.startsWith("`````sh\n")).toBe(true);
    expect(viewHtml(renderGitHubMarkdown(markdown)).code).toEqual(["a\n````\nb\n```\n"]);
  });
});

describe("links the product makes", () => {
  it("are absolute http(s) URLs without user names, with the characters that end a destination encoded", () => {
    expect(safeUrl("https://github.com/contoso/guard/blob/main/docs/controls/x.md")).toBe("https://github.com/contoso/guard/blob/main/docs/controls/x.md");
    expect(safeUrl("https://x.example/a b<c>|`d")).toBe("https://x.example/a%20b%3Cc%3E%7C%60d");
    for (const url of ["javascript:alert(1)", "data:text/html,x", "docs/controls/x.md", "https://github.com@evil.example/", "//evil.example/x"]) expect(safeUrl(url)).toBeUndefined();
  });

  it("render as links only when safe, and otherwise as the URL in code", () => {
    const text: TicketText = [{ paragraph: [{ link: "https://x.example/d", label: "doc" }, " ", { link: "javascript:alert(1)", label: "@org" }] }];
    const view = viewHtml(renderGitHubMarkdown(renderMarkdown(text, 1_000)));
    expect(linkTargets(view)).toEqual(["https://x.example/d"]);
    expect(view.code).toEqual(["javascript:alert(1)"]);
    expect(gitHubReferences(view)).toEqual([]);
    expect(linkTargets(viewHtml(renderHtml(text, 1_000)))).toEqual(["https://x.example/d"]);
    expect(renderPlain(text, 1_000)).toBe("doc (https://x.example/d) @\u200Dorg (javascript:alert(1))");
  });
});

describe("placeholders in shipped Markdown", () => {
  it("are told whether they stand in a fence, a code span or prose", () => {
    const seenAs: string[] = [];
    replaceInMarkdown("a <x> `b <x>` ``c ` <x>``\n```sh\n<x>\n```\n~~~\n<x>\n~~~\n<x>", /<x>/g, (match, inCode) => {
      seenAs.push(inCode ? "code" : "prose");
      return match;
    });
    expect(seenAs).toEqual(["prose", "code", "code", "code", "code", "prose"]);
  });
});

describe("payload data", () => {
  it("keeps values and types, removes control and format characters, and bounds strings, arrays and nesting", () => {
    let deep: unknown = "bottom";
    for (let i = 0; i < 100; i++) deep = { next: deep };
    const safe = jsonSafe({
      owner: "@org/team\u202E\u0000\nnext line\tcol",
      count: 3,
      ratio: Number.NaN,
      big: 10n,
      ok: true,
      none: null,
      at: new Date("2026-03-01T00:00:00Z"),
      list: Array.from({ length: 1_500 }, (_, i) => i),
      ["ke\u202Ey"]: "v",
      long: "y".repeat(100_000),
      deep,
    }) as Record<string, unknown>;
    expect(safe).toMatchObject({ owner: "@org/team\nnext line\tcol", count: 3, ratio: null, big: "10", ok: true, none: null, at: "2026-03-01T00:00:00.000Z", key: "v" });
    expect((safe.list as unknown[]).length).toBe(1_001);
    expect((safe.list as unknown[]).at(-1)).toBe(`${CUT_MARKER} 500 more`);
    expect((safe.long as string).length).toBe(65_536);
    expect(JSON.stringify(safe)).toContain(`"next":"${CUT_MARKER}"`);
  });

  it("keeps a key named __proto__ as a key, reaching no prototype", () => {
    const safe = jsonSafe(JSON.parse('{"__proto__": {"polluted": true}, "a": 1}')) as Record<string, unknown>;
    expect(Object.keys(safe)).toEqual(["__proto__", "a"]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(JSON.parse(JSON.stringify(safe))).toEqual(JSON.parse('{"__proto__": {"polluted": true}, "a": 1}'));
  });
});
