import { isDeepStrictEqual } from "node:util";
import { valueAt } from "../controls/evidence.ts";
import type { Finding, PlannedFix, Verdict } from "../controls/types.ts";
import type { SubscriptionClients } from "../azure/clients.ts";
import type { FixWriter } from "../azure/adapters/index.ts";
import { parseResourceId } from "../azure/resourceId.ts";
import type { ActionRecord, Recorder } from "../store/types.ts";
import { randomUUID } from "node:crypto";

export interface RemediationRequest {
  fix: PlannedFix;
  finding: Finding;
  writer: FixWriter;
  clients: SubscriptionClients;
  recorder: Recorder;
  actor: string;
  correlationId: string;
  dryRun: boolean;
  /** Reads the resource again and judges it with the same control, to confirm the write. */
  verify(): Promise<{ verdict: Verdict; doc: unknown }>;
}

/**
 * Applies one planned fix: checks the desired state, records the intent with the before-state,
 * writes, re-reads and records the outcome. A replay of the same event finds the desired state
 * already there and writes nothing, which is what keeps duplicates and our own write events harmless.
 */
export async function remediate(request: RemediationRequest): Promise<ActionRecord> {
  const { fix, recorder } = request;
  const action: ActionRecord = {
    id: randomUUID(),
    kind: "remediation",
    status: "intent",
    resourceId: fix.resourceId,
    controlId: fix.controlId,
    actor: request.actor,
    correlationId: request.correlationId,
    startedAt: new Date().toISOString(),
    fix,
    finding: request.finding,
  };
  const finish = async (status: ActionRecord["status"], extra: Partial<ActionRecord> = {}) => {
    Object.assign(action, { status, finishedAt: new Date().toISOString(), ...extra });
    await recorder.recordAction(action);
    return action;
  };

  if (fix.changes.every((c) => isDeepStrictEqual(c.before, c.after))) return finish("already-compliant");
  if (request.dryRun) return finish("planned");

  await recorder.recordAction(action);
  try {
    await request.writer.apply(request.clients, parseResourceId(fix.resourceId), fix.changes, "after");
  } catch (error) {
    return finish("failed", { error: describe(error) });
  }
  try {
    const { verdict, doc } = await request.verify();
    const after = Object.fromEntries(fix.changes.map((c) => [c.path, valueAt(doc, c.path) ?? null]));
    return finish(verdict.status === "compliant" ? "applied" : "not-confirmed", { after });
  } catch (error) {
    return finish("not-confirmed", { error: `written, but the re-read failed: ${describe(error)}` });
  }
}

export function describe(error: unknown): string {
  if (error && typeof error === "object") {
    const e = error as { code?: unknown; statusCode?: unknown; message?: unknown };
    const parts = [e.statusCode, e.code].filter((p) => p !== undefined && p !== null).join(" ");
    const message = typeof e.message === "string" ? e.message : String(error);
    return parts ? `${parts}: ${message}` : message;
  }
  return String(error);
}
