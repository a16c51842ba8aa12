import type { HttpRequest, HttpResponseInit } from "@azure/functions";
import type { z } from "zod";

/** RFC 9457 problem details, so scripts get a stable status and machine-readable errors. */
export interface FieldProblem {
  field: string;
  message: string;
}

/** `extensions` are extra members (RFC 9457 section 3.2), e.g. the action a failed write recorded. */
export function problem(status: number, title: string, detail: string, errors?: FieldProblem[], extensions: Record<string, unknown> = {}): HttpResponseInit {
  return {
    status,
    headers: { "content-type": "application/problem+json" },
    jsonBody: { type: "about:blank", title, status, detail, ...(errors ? { errors } : {}), ...extensions },
  };
}

export function fieldProblems(error: z.ZodError): FieldProblem[] {
  return error.issues.map((issue) => ({ field: issue.path.join(".") || "(body)", message: issue.message }));
}

/** The largest body an API route reads: its bodies are a few hundred bytes. */
export const API_BODY_LIMIT = 64 * 1024;

/** What a request must offer for its body to be read within a limit. */
export type BodySource = Pick<HttpRequest, "headers" | "body">;

function tooLarge(limit: number, detail: string): { response: HttpResponseInit } {
  return { response: problem(413, "Body too large", `${detail}; this route reads at most ${limit} bytes.`, [{ field: "(body)", message: `at most ${limit} bytes` }], { limit }) };
}

/**
 * The body as text, read no further than `limit` bytes: a declared Content-Length above it is
 * refused before anything is read, and a body that runs past it (chunked) is cut off there.
 */
export async function readBoundedText(request: BodySource, limit: number): Promise<{ text: string } | { response: HttpResponseInit }> {
  const declared = Number(request.headers.get("content-length") ?? Number.NaN);
  if (Number.isFinite(declared) && declared > limit) return tooLarge(limit, `The body is ${declared} bytes`);
  if (!request.body) return { text: "" };
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return tooLarge(limit, `The body runs past ${limit} bytes`);
    }
    chunks.push(value);
  }
  return { text: Buffer.concat(chunks).toString("utf8") };
}

/** Reads a JSON body of at most `limit` bytes; a 413 or 400 problem response otherwise. */
export async function readJson(request: BodySource, limit = API_BODY_LIMIT): Promise<{ body: unknown } | { response: HttpResponseInit }> {
  const read = await readBoundedText(request, limit);
  if ("response" in read) return read;
  const text = read.text;
  if (text.trim() === "") return { body: {} };
  try {
    return { body: JSON.parse(text) };
  } catch (error) {
    return { response: problem(400, "Body is not JSON", `The request body could not be parsed as JSON: ${(error as Error).message}`, [{ field: "(body)", message: "not JSON" }]) };
  }
}

/** Reads (within API_BODY_LIMIT) and validates a JSON body with a schema; the 400 names every field that is wrong. */
export async function readBody<T extends z.ZodType>(request: BodySource, schema: T, what: string): Promise<{ body: z.output<T> } | { response: HttpResponseInit }> {
  const read = await readJson(request);
  if ("response" in read) return read;
  const parsed = schema.safeParse(read.body);
  if (!parsed.success) return { response: problem(400, `Invalid ${what}`, `The body does not match the ${what} schema.`, fieldProblems(parsed.error)) };
  return { body: parsed.data };
}

/** Validates the query string with a schema (a parameter given twice counts as the last one). */
export function readQuery<T extends z.ZodType>(request: Pick<HttpRequest, "query">, schema: T): { query: z.output<T> } | { response: HttpResponseInit } {
  const parsed = schema.safeParse(Object.fromEntries(request.query.entries()));
  if (!parsed.success) return { response: problem(400, "Invalid query", "The query string has parameters that are unknown or wrong.", fieldProblems(parsed.error)) };
  return { query: parsed.data };
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): HttpResponseInit {
  return { status, jsonBody: body, headers: { "content-type": "application/json", ...headers } };
}
