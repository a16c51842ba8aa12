/**
 * A parser for the expression language of ARM template strings ("[concat('a', parameters('b'))]"):
 * function calls, single-quoted strings with '' escapes, integers, and property / index access.
 * Strings that start with "[[" are literals whose first "[" is an escape.
 */

export type Expression =
  | { kind: "call"; name: string; args: Expression[] }
  | { kind: "string"; value: string }
  | { kind: "number"; value: number }
  | { kind: "property"; target: Expression; name: string }
  | { kind: "index"; target: Expression; index: Expression };

export class ExpressionSyntaxError extends Error {}

/** True when the string is an expression rather than a literal. */
export function isExpression(text: string): boolean {
  return text.startsWith("[") && !text.startsWith("[[") && text.endsWith("]");
}

/** A literal string as ARM stores it: "[[x]" means "[x]". */
export function literalValue(text: string): string {
  return text.startsWith("[[") ? text.slice(1) : text;
}

class Parser {
  readonly #text: string;
  #at = 0;

  constructor(text: string) {
    this.#text = text;
  }

  parseAll(): Expression {
    const expression = this.#expression();
    this.#skipSpace();
    if (this.#at < this.#text.length) this.#fail(`unexpected "${this.#text.slice(this.#at, this.#at + 10)}"`);
    return expression;
  }

  #fail(message: string): never {
    throw new ExpressionSyntaxError(`${message} at ${this.#at} in [${this.#text}]`);
  }

  #skipSpace(): void {
    while (this.#at < this.#text.length && /\s/.test(this.#text[this.#at]!)) this.#at += 1;
  }

  #peek(): string {
    this.#skipSpace();
    return this.#text[this.#at] ?? "";
  }

  #expect(char: string): void {
    if (this.#peek() !== char) this.#fail(`expected "${char}"`);
    this.#at += 1;
  }

  #identifier(): string {
    this.#skipSpace();
    const match = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.#text.slice(this.#at));
    if (!match) this.#fail("expected a name");
    this.#at += match[0].length;
    return match[0];
  }

  #expression(): Expression {
    let expression = this.#primary();
    for (;;) {
      const next = this.#peek();
      if (next === ".") {
        this.#at += 1;
        expression = { kind: "property", target: expression, name: this.#identifier() };
      } else if (next === "[") {
        this.#at += 1;
        const index = this.#expression();
        this.#expect("]");
        expression = { kind: "index", target: expression, index };
      } else {
        return expression;
      }
    }
  }

  #primary(): Expression {
    const next = this.#peek();
    if (next === "'") return this.#string();
    if (/[-0-9]/.test(next)) return this.#number();
    const name = this.#identifier();
    this.#expect("(");
    const args: Expression[] = [];
    if (this.#peek() !== ")") {
      args.push(this.#expression());
      while (this.#peek() === ",") {
        this.#at += 1;
        args.push(this.#expression());
      }
    }
    this.#expect(")");
    return { kind: "call", name, args };
  }

  #string(): Expression {
    this.#at += 1;
    let value = "";
    for (;;) {
      const quote = this.#text.indexOf("'", this.#at);
      if (quote < 0) this.#fail("unterminated string");
      value += this.#text.slice(this.#at, quote);
      this.#at = quote + 1;
      if (this.#text[this.#at] !== "'") return { kind: "string", value };
      value += "'";
      this.#at += 1;
    }
  }

  #number(): Expression {
    const match = /^-?[0-9]+/.exec(this.#text.slice(this.#at));
    if (!match) this.#fail("expected a number");
    this.#at += match[0].length;
    return { kind: "number", value: Number(match[0]) };
  }
}

/** Parses the expression of a template string such as "[parameters('x')]". */
export function parseExpression(text: string): Expression {
  if (!isExpression(text)) throw new ExpressionSyntaxError(`not an expression: ${text}`);
  return new Parser(text.slice(1, -1)).parseAll();
}

/** Every function call in the expression, outermost first. */
export function calls(expression: Expression): Extract<Expression, { kind: "call" }>[] {
  switch (expression.kind) {
    case "call":
      return [expression, ...expression.args.flatMap(calls)];
    case "property":
      return calls(expression.target);
    case "index":
      return [...calls(expression.target), ...calls(expression.index)];
    default:
      return [];
  }
}

/** Every string in a JSON value that is an expression, keys included, with its JSON path. */
export function expressionStrings(value: unknown, path = "$"): { path: string; text: string }[] {
  if (typeof value === "string") return isExpression(value) ? [{ path, text: value }] : [];
  if (Array.isArray(value)) return value.flatMap((item, index) => expressionStrings(item, `${path}[${index}]`));
  if (value === null || typeof value !== "object") return [];
  return Object.entries(value).flatMap(([key, item]) => [
    ...(isExpression(key) ? [{ path: `${path}{key}`, text: key }] : []),
    ...expressionStrings(item, `${path}.${key}`),
  ]);
}
