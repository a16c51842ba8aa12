import { randomUUID } from "node:crypto";

interface Operation {
  pollsLeft: number;
  startTime: string;
  /** Extra fields of the final status body (the result of a POST action). */
  result: Record<string, unknown>;
}

/**
 * Long-running operations. The write itself is applied when the request is accepted (so a
 * retried or faulted poll can never apply it twice); the operation only reports progress:
 * InProgress for the configured number of polls, then Succeeded.
 */
export class Operations {
  readonly #operations = new Map<string, Operation>();
  #inProgressPolls: number;

  constructor(inProgressPolls: number) {
    this.#inProgressPolls = inProgressPolls;
  }

  /** Starts an operation and returns the absolute `Azure-AsyncOperation` URL to poll. */
  start(input: { origin: string; subscriptionId: string; provider: string; location: string | undefined; apiVersion: string | undefined; result?: Record<string, unknown> }): string {
    const id = randomUUID();
    this.#operations.set(id, { pollsLeft: this.#inProgressPolls, startTime: new Date().toISOString(), result: input.result ?? {} });
    const location = (input.location ?? "global").toLowerCase().replace(/\s+/g, "");
    const query = new URLSearchParams({ "api-version": input.apiVersion ?? "2024-01-01" });
    return `${input.origin}/subscriptions/${input.subscriptionId}/providers/${input.provider}/locations/${location}/operationStatuses/${id}?${query}`;
  }

  /** The status body of one poll, or undefined for an unknown operation. */
  poll(id: string, path: string): Record<string, unknown> | undefined {
    const operation = this.#operations.get(id.toLowerCase()) ?? this.#operations.get(id);
    if (!operation) return undefined;
    if (operation.pollsLeft > 0) {
      operation.pollsLeft -= 1;
      return { id: path, name: id, status: "InProgress", startTime: operation.startTime };
    }
    return { ...operation.result, id: path, name: id, status: "Succeeded", startTime: operation.startTime, endTime: new Date().toISOString() };
  }
}
