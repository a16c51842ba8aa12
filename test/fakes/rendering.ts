import { micromark } from "micromark";
import { gfm, gfmHtml } from "micromark-extension-gfm";
import { parseFragment, type DefaultTreeAdapterMap } from "parse5";

type Node = DefaultTreeAdapterMap["node"];
type Element = DefaultTreeAdapterMap["element"];

/**
 * Markdown as GitHub renders an issue body: CommonMark with GFM's tables, autolinks,
 * strikethrough, footnotes and task lists. Raw HTML and every link protocol are let through, so
 * anything a value slipped past the escaping shows up as an element instead of being hidden by
 * a sanitiser.
 */
export function renderGitHubMarkdown(markdown: string): string {
  return micromark(markdown, { extensions: [gfm()], htmlExtensions: [gfmHtml()], allowDangerousHtml: true, allowDangerousProtocol: true });
}

/** Rendered HTML as a reader's browser gets it. */
export interface HtmlView {
  /** Every element, in document order. */
  elements: { tag: string; attributes: Record<string, string> }[];
  /** The text of every `<code>` element. */
  code: string[];
  /** Text nodes that are not inside code, pre or a link: where GitHub looks for mentions and references, one node at a time. */
  prose: string[];
  /** All the text a reader sees. */
  text: string;
}

/** Parses HTML with parse5, the HTML5 parser (a browser's view, not a regex's). */
export function viewHtml(html: string): HtmlView {
  const view: HtmlView = { elements: [], code: [], prose: [], text: "" };
  const walk = (node: Node, sheltered: boolean): string => {
    if (node.nodeName === "#text") {
      const value = (node as DefaultTreeAdapterMap["textNode"]).value;
      view.text += value;
      if (!sheltered) view.prose.push(value);
      return value;
    }
    if (!("childNodes" in node)) return "";
    const element = node as Element;
    if (element.tagName) view.elements.push({ tag: element.tagName, attributes: Object.fromEntries(element.attrs.map((a) => [a.name, a.value])) });
    const inner = element.childNodes.map((child) => walk(child, sheltered || ["code", "pre", "a"].includes(element.tagName))).join("");
    if (element.tagName === "code") view.code.push(inner);
    return inner;
  };
  walk(parseFragment(html), false);
  return view;
}

/**
 * What GitHub would turn into mentions and issue links in rendered prose: @user, @org/team,
 * #123, GH-123, owner/repo#123 (the patterns of GitHub's mention and reference filters,
 * slightly wider). Empty means nobody is notified and no issue is linked.
 */
export function gitHubReferences(view: HtmlView): string[] {
  return view.prose.flatMap((text) => [...(text.match(/(?<![\w`])@[a-z0-9][a-z0-9-]*(?:\/[a-z0-9][\w-]*)?/gi) ?? []), ...(text.match(/(?<!\w)(?:[\w.-]+\/[\w.-]+)?#\d+|(?<!\w)gh-\d+/gi) ?? [])]);
}

/** Links and images a reader could follow or load. */
export function linkTargets(view: HtmlView): string[] {
  return view.elements.flatMap(({ tag, attributes }) => (tag === "a" ? [attributes.href ?? ""] : tag === "img" ? [attributes.src ?? ""] : []));
}
