import { isDeepStrictEqual } from "node:util";
import type { Limits } from "../config/policy.ts";
import type { Control, EvalContext, Finding, PlannedFix } from "../controls/types.ts";
import type { Logger } from "../core/index.ts";
import type { TargetFixState } from "../store/fixes.ts";
import type { Ledger } from "../store/ledger.ts";
import type { ActionRecord, ExceptionMark, Recorder } from "../store/types.ts";

/** A planned fix with the finding and the control behind it. */
export interface FixToApply {
  fix: PlannedFix;
  finding: Finding;
  control: Control;
  /** What the control judged the document with; the re-read after the write is judged the same way. */
  context: EvalContext;
  /** Where the judged document was read. Only a fix planned on an ARM read is ever written. */
  plannedOn?: "arm" | "resource-graph";
}

export interface GuardedFixResult {
  actions: ActionRecord[];
  /** Controls whose fix was decided on but not applied: plan-only, or another run is writing. */
  due: string[];
  /** Exception marks by control id, for the findings. */
  exceptions: Map<string, ExceptionMark>;
  /** An alert to record (the breaker opened). */
  alert?: Finding;
}

/** One document's fixes on their way to ARM, and what the guards have decided about them so far. */
export interface FixPass {
  readonly docId: string;
  readonly subscriptionId: string;
  readonly ledger: Ledger;
  readonly limits: Limits;
  readonly logger: Logger;
  /** The fix state (counts, exception marks) of the target's documents. */
  readonly state: TargetFixState;
  /** Another live run holds this document's write lease. */
  readonly busy: boolean;
  /** Who does the work (a queue message id): the write lease is taken in its name. */
  readonly holder: string;
  readonly now: Date;
  readonly dryRun: boolean;
  /** A person asked for this fix. */
  readonly manual: boolean;
  /** Report what is due, apply nothing (a sweep's first pass). */
  readonly planOnly: boolean;
  /** The fixes still going ahead: a guard holds some back, or replaces them with a fresh plan. */
  fixes: FixToApply[];
  /** Where the write's actions are recorded. */
  recorder: Recorder;
  readonly result: GuardedFixResult;
  /** Records a ticket instead of the fix. */
  ticket(fix: FixToApply, extra: Partial<ActionRecord>): void;
  /** Reads the document again from ARM and plans its fixes anew on that read. */
  recheck(): Promise<FixToApply[]>;
  /** Records each intent, writes once, re-reads and records each outcome (or plans, in a dry run). */
  apply(fixes: readonly FixToApply[], recorder: Recorder): Promise<ActionRecord[]>;
}

/**
 * One check around a fix. Like a core-rest-pipeline policy it calls `next` to let the fixes go
 * on (and can act after they went: count them, release a lease), or returns without calling it
 * to stop them, having said why (tickets, due controls).
 */
export interface FixGuard {
  readonly name: string;
  run(pass: FixPass, next: () => Promise<void>): Promise<void>;
}

/** Whether a fix changes anything: a replay plans `before` equal to `after`. */
export function needsWrite(fix: FixToApply): boolean {
  return !fix.fix.changes.every((c) => isDeepStrictEqual(c.before, c.after));
}

/** Runs the guards in order, then `write` if every guard let the fixes through. */
export async function runFixGuards(guards: readonly FixGuard[], pass: FixPass, write: (pass: FixPass) => Promise<void>): Promise<void> {
  const dispatch = (index: number): Promise<void> => (index < guards.length ? guards[index]!.run(pass, () => dispatch(index + 1)) : write(pass));
  await dispatch(0);
}

/** A fix planned on Resource Graph's copy of a document, which lags ARM: it is planned again on an ARM read (the write lease's) or not at all. */
export class GraphPlannedFixError extends Error {
  constructor(docId: string) {
    super(`${docId}: a fix was planned on a Resource Graph document; fixes are only written after an ARM read`);
    this.name = "GraphPlannedFixError";
  }
}

/** The last step: the fixes that passed every guard are written (or planned, in a dry run), and their actions kept. */
export async function writeFixes(pass: FixPass): Promise<void> {
  if (pass.fixes.some((f) => f.plannedOn === "resource-graph")) throw new GraphPlannedFixError(pass.docId);
  pass.result.actions.push(...(await pass.apply(pass.fixes, pass.recorder)));
}
