import type { HttpResponseInit } from "@azure/functions";
import type { z } from "zod";

/** RFC 9457 problem details, so scripts get a stable status and machine-readable errors. */
export interface FieldProblem {
  field: string;
  message: string;
}

export function problem(status: number, title: string, detail: string, errors?: FieldProblem[]): HttpResponseInit {
  return {
    status,
    headers: { "content-type": "application/problem+json" },
    jsonBody: { type: "about:blank", title, status, detail, ...(errors ? { errors } : {}) },
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
