/**
 * HTML built from a tagged template that escapes every interpolated value unless it is markup
 * built the same way: untrusted text (resource names, tags, evidence) can only ever be text.
 */
export class Markup {
  readonly html: string;
  constructor(html: string) {
    this.html = html;
  }
}

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

export type Interpolation = Markup | string | number | undefined | null | false | readonly Interpolation[];

function render(value: Interpolation): string {
  if (value === undefined || value === null || value === false) return "";
  if (value instanceof Markup) return value.html;
  if (Array.isArray(value)) return value.map(render).join("");
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: Interpolation[]): Markup {
  let out = strings[0]!;
  values.forEach((value, i) => (out += render(value) + strings[i + 1]!));
  return new Markup(out);
}

/**
 * Text for a <script> element: `</script` becomes `<\/script` (the same JavaScript in a string,
 * a regular expression or a comment), and a `<!--`, which could switch the parser into a state
 * no rewrite makes safe, is refused.
 */
export function scriptText(source: string): string {
  if (source.includes("<!--")) throw new Error("a script with <!-- cannot be inlined safely");
  return source.replace(/<\/(script)/gi, "<\\/$1");
}

/** JSON inside <script type="application/json">: every `<` escaped, so no text in it can close the element. */
export function jsonScriptText(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}
