/** Building blocks of the policy schema that word their own errors the way a reader needs them. */
import { z } from "zod";

export function show(input: unknown): string {
  if (input === undefined) return "nothing";
  const text = JSON.stringify(input) ?? String(input);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** Messages for the cases the schema does not word itself: a value of the wrong type. */
export function fallbackMessage(issue: z.core.$ZodRawIssue): string | undefined {
  if (issue.code !== "invalid_type") return undefined;
  return issue.input === undefined ? `missing required field (expected ${issue.expected})` : `expected ${issue.expected}, got ${show(issue.input)}`;
}

export function oneOf<const T extends readonly string[]>(values: T) {
  return z.enum(values, { error: (issue) => `expected one of ${values.join("|")}, got ${show(issue.input)}` });
}

/** A strict object whose unknown-field message names the fields it does know. */
export function fields<const Shape extends z.ZodRawShape>(shape: Shape, unknownKeyMessage = `unknown field; expected one of ${Object.keys(shape).join(", ")}`) {
  return z.strictObject(shape, { error: (issue) => (issue.code === "unrecognized_keys" ? unknownKeyMessage : undefined) });
}

export const text = (what: string) =>
  z
    .string({ error: (issue) => `expected ${what}, got ${show(issue.input)}` })
    .trim()
    .min(1, `expected ${what}, got an empty string`);

export const guid = (what: string) => z.guid({ error: (issue) => `expected ${what} (a GUID such as 00000000-0000-0000-0000-000000000000), got ${show(issue.input)}` });

export function positiveInt(max: number) {
  const expected = `expected a whole number from 1 to ${max}`;
  return z
    .number({ error: (issue) => `${expected}, got ${show(issue.input)}` })
    .int(expected)
    .min(1, expected)
    .max(max, expected);
}

export const settingName = (what: string) =>
  z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, `expected the name of the app setting that holds ${what} (letters, digits, _), never the value itself`)
    .describe(`Name of the app setting (or Key Vault reference setting) that holds ${what}.`);

function isHttpsOrLoopback(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const url = new URL(value);
  // Plain http only reaches a local fake or the emulator; anything else would send tickets in clear text.
  return url.protocol === "https:" || (url.protocol === "http:" && ["localhost", "127.0.0.1", "[::1]"].includes(url.hostname));
}

export const serviceUrl = (what: string) => z.string().refine(isHttpsOrLoopback, `expected ${what} as an https URL (plain http only for localhost)`);
