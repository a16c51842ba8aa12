import { randomUUID } from "node:crypto";
import { isDeepStrictEqual } from "node:util";
import { valueAt } from "../controls/evidence.ts";
import type { SubscriptionClients } from "../azure/index.ts";
import type { FixToApply } from "../guards/index.ts";
import type { DocumentWriter } from "../resources/index.ts";
import type { ActionRecord, Recorder } from "../store/types.ts";
import { type ArmDocument, resourceKey } from "../core/index.ts";
import { OutOfScopeWrite, type ServiceScope } from "../guards/scope.ts";
import { writeInScope } from "./write.ts";

export interface RemediationRequest {
  /** Every fix planned for one document: they go out as one write, so the resource changes (and raises an event) once. */
  fixes: readonly FixToApply[];
  writer: DocumentWriter;
  clients: SubscriptionClients;
  /** Where the service may write, and the resource this work is for: checked again right before the write. */
  scope: ServiceScope;
  targetId: string;
  recorder: Recorder;
  actor: string;
  correlationId: string;
  dryRun: boolean;
  /** Reads the document again after the write. */
  reread(): Promise<ArmDocument>;
}

/**
 * Applies the planned fixes of one document: checks the desired state, records each intent with
 * its before-state, writes once, re-reads, and records each outcome as its control judges the
 * re-read document. A replay finds the desired state already there and writes nothing, which
 * keeps duplicate events and the events of our own writes harmless.
 */
export async function remediate(request: RemediationRequest): Promise<ActionRecord[]> {
  const { recorder } = request;
  const startedAt = new Date().toISOString();
  const actions = request.fixes.map(({ fix, finding }) => ({
    record: {
      id: randomUUID(),
      kind: "remediation",
      status: "intent",
      resourceId: fix.resourceId,
      controlId: fix.controlId,
      actor: request.actor,
      correlationId: request.correlationId,
      startedAt,
      fix,
      finding,
    } satisfies ActionRecord as ActionRecord,
    needed: !fix.changes.every((c) => isDeepStrictEqual(c.before, c.after)),
  }));
  const finish = async (record: ActionRecord, status: ActionRecord["status"], extra: Partial<ActionRecord> = {}) => {
    Object.assign(record, { status, finishedAt: new Date().toISOString(), ...extra });
    await recorder.recordAction(record);
  };

  const toWrite = actions.filter((a) => a.needed);
  for (const a of actions.filter((a) => !a.needed)) await finish(a.record, "already-compliant");
  if (toWrite.length === 0) return actions.map((a) => a.record);
  if (request.dryRun) {
    for (const a of toWrite) await finish(a.record, "planned");
    return actions.map((a) => a.record);
  }

  for (const a of toWrite) await recorder.recordAction(a.record);
  const changes = toWrite.flatMap((a) => a.record.fix!.changes);
  const documentIds = new Set(toWrite.map((a) => resourceKey(a.record.resourceId)));
  try {
    if (documentIds.size !== 1) throw new OutOfScopeWrite(`one write carries fixes planned on ${documentIds.size} documents`);
    await writeInScope({ writer: request.writer, clients: request.clients, scope: request.scope, targetId: request.targetId, documentId: toWrite[0]!.record.resourceId, changes, direction: "after" });
  } catch (error) {
    for (const a of toWrite) await finish(a.record, "failed", { error: describe(error) });
    return actions.map((a) => a.record);
  }

  let doc: ArmDocument;
  try {
    doc = await request.reread();
  } catch (error) {
    for (const a of toWrite) await finish(a.record, "not-confirmed", { error: `written, but the re-read failed: ${describe(error)}` });
    return actions.map((a) => a.record);
  }
  for (const a of toWrite) {
    const { fix } = a.record as Required<Pick<ActionRecord, "fix">>;
    const { control, context } = request.fixes.find((f) => f.fix === fix)!;
    const verdict = control.evaluate(doc, context);
    const after = Object.fromEntries(fix.changes.map((c) => [c.path, valueAt(doc, c.path) ?? null]));
    await finish(a.record, verdict.status === "compliant" ? "applied" : "not-confirmed", { after });
  }
  return actions.map((a) => a.record);
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
