import type { HttpResponseInit } from "@azure/functions";
import { parseResourceId, ResourceIdError, type ResourceId } from "../../shared/core/index.ts";
import { problem } from "./problem.ts";

/** A resource id from a request field, parsed canonically; a 400 naming the field and the reason otherwise. */
export function resourceIdField(value: string, field: string, title: string): { id: ResourceId } | { response: HttpResponseInit } {
  try {
    return { id: parseResourceId(value) };
  } catch (error) {
    if (!(error instanceof ResourceIdError)) throw error;
    return { response: problem(400, title, error.message, [{ field, message: error.message }]) };
  }
}
