import { randomUUID } from "node:crypto";
import type { Finding } from "../controls/types.ts";
import type { ActionRecord } from "../store/types.ts";
import type { GuardRuntime } from "./runtime.ts";

/** A ticket waiting for a sink: the finding, and why no fix was made when the finding does not say. */
export function ticketIntent(runtime: GuardRuntime, finding: Finding, correlationId: string, now: Date, extra: Partial<ActionRecord> = {}): ActionRecord {
  return {
    id: randomUUID(),
    kind: "ticket",
    status: "pending",
    resourceId: finding.resourceId,
    controlId: finding.controlId,
    actor: runtime.actor,
    correlationId,
    startedAt: now.toISOString(),
    finding,
    ...extra,
  };
}
