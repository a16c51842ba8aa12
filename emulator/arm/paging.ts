import { queryParam } from "../server/http.ts";
import { ArmError } from "../server/errors.ts";
import type { ArmCall, ArmState } from "./context.ts";

/**
 * One page of a list: `{value, nextLink}`. The nextLink is absolute on the emulator's own
 * origin and already carries the api-version (classic clients send it verbatim). The
 * skiptoken is the last key served, so pages stay consistent when resources come and go
 * between requests, and it does not depend on `$top`.
 */
export function pageOf<T>(state: ArmState, call: ArmCall, sortedKeys: readonly string[], load: (key: string) => T | undefined, options: { singlePage?: boolean } = {}) {
  const token = queryParam(call.request.query, "$skiptoken");
  let start = 0;
  if (token !== undefined) {
    const after = decodeToken(token);
    start = firstAfter(sortedKeys, after);
  }
  const top = Number(queryParam(call.request.query, "$top"));
  const size = options.singlePage ? Number.POSITIVE_INFINITY : Number.isInteger(top) && top > 0 ? Math.min(top, state.pageSize) : state.pageSize;
  const keys = sortedKeys.slice(start, start + size);
  const value = keys.map(load).filter((item): item is T => item !== undefined);
  const more = start + keys.length < sortedKeys.length;
  if (!more || keys.length === 0) return { value };
  const query = new URLSearchParams();
  for (const [key, val] of call.request.query) if (key.toLowerCase() !== "$skiptoken") query.append(key, val);
  if (!queryParam(query, "api-version") && call.apiVersion) query.set("api-version", call.apiVersion);
  query.set("$skiptoken", Buffer.from(keys[keys.length - 1]!, "utf8").toString("base64url"));
  return { value, nextLink: `${state.origin}${call.request.path}?${query.toString()}` };
}

function decodeToken(token: string): string {
  const decoded = Buffer.from(token, "base64url").toString("utf8");
  if (!decoded.startsWith("/")) throw new ArmError(400, "InvalidSkipToken", `The skip token '${token}' is not valid.`);
  return decoded;
}

function firstAfter(keys: readonly string[], after: string): number {
  let low = 0;
  let high = keys.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (keys[mid]! <= after) low = mid + 1;
    else high = mid;
  }
  return low;
}
