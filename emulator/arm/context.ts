import type { CallerIdentity } from "../constants.ts";
import type { Catalog } from "../resources/index.ts";
import type { ArmRequest } from "../server/http.ts";
import type { ResourceStore } from "../store/store.ts";
import type { Operations } from "./operations.ts";

export type LroMode = "sync" | "async";

/** What the ARM routes share for the life of the emulator. */
export interface ArmState {
  store: ResourceStore;
  catalog: Catalog;
  operations: Operations;
  /** `https://127.0.0.1:PORT`: nextLinks and operation URLs are absolute on it. */
  origin: string;
  lroMode: LroMode;
  pageSize: number;
  /** Raises the Event Grid event of a successful operation on a resource. */
  notify(change: { operation: "write" | "delete"; id: string; type: string; caller: CallerIdentity; correlationId: string }): void;
}

/** One request, with what the pipeline learned about it. */
export interface ArmCall {
  request: ArmRequest;
  apiVersion: string | undefined;
  caller: CallerIdentity;
  correlationId: string;
}

export interface ArmAnswer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}
