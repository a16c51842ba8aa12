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

/** Reads a JSON body; undefined with a 400 response when it is not JSON. */
export async function readJson(request: { text(): Promise<string> }): Promise<{ body: unknown } | { response: HttpResponseInit }> {
  const text = await request.text();
  if (text.trim() === "") return { body: {} };
  try {
    return { body: JSON.parse(text) };
  } catch (error) {
    return { response: problem(400, "Body is not JSON", `The request body could not be parsed as JSON: ${(error as Error).message}`, [{ field: "(body)", message: "not JSON" }]) };
  }
}

/** Reads and validates a JSON body with a schema; the 400 names every field that is wrong. */
export async function readBody<T extends z.ZodType>(request: { text(): Promise<string> }, schema: T, what: string): Promise<{ body: z.output<T> } | { response: HttpResponseInit }> {
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

/**
 * Who called: the signed-in user when App Service authentication is on (the platform sets this
 * header and strips it from outside requests), otherwise the holder of a function key.
 */
export function callerOf(request: Pick<HttpRequest, "headers">): string {
  const principal = request.headers.get("x-ms-client-principal-name");
  return principal ? `user:${principal}` : "api:function-key";
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): HttpResponseInit {
  return { status, jsonBody: body, headers: { "content-type": "application/json", ...headers } };
}
