import { AsyncLocalStorage } from "node:async_hooks";
import type { PipelinePolicy } from "@azure/core-rest-pipeline";

/**
 * The typed SDK clients hand back flattened, renamed models (storage's `enableHttpsTrafficOnly`
 * is `supportsHttpsTrafficOnly` on the wire) and drop properties their model does not know.
 * Controls judge the ARM document as ARM returns it, so reads keep the typed clients for
 * paths, paging and retries, and this policy hands the wire bodies of successful responses
 * to whoever is capturing in the current async context.
 */
const captures = new AsyncLocalStorage<unknown[]>();

export const RAW_BODY_POLICY_NAME = "encryptionGuardRawBodies";

export const rawBodyPolicy: PipelinePolicy = {
  name: RAW_BODY_POLICY_NAME,
  async sendRequest(request, next) {
    const response = await next(request);
    const sink = captures.getStore();
    if (sink && request.method === "GET" && response.status >= 200 && response.status < 300 && response.bodyAsText) {
      sink.push(JSON.parse(response.bodyAsText));
    }
    return response;
  },
};

/** Runs a read through a typed client and returns the wire bodies it received, in order. */
export async function captureBodies(read: () => Promise<unknown>): Promise<unknown[]> {
  const bodies: unknown[] = [];
  await captures.run(bodies, read);
  return bodies;
}
