import type { FixStateStore, WriteLease } from "../store/fixes.ts";
import type { Recorder } from "../store/types.ts";
import { needsWrite, type FixGuard } from "./pipeline.ts";

/** Notes each intent in the lease before recording it, so whoever finds the lease later knows what was attempted. */
function leaseRecorder(recorder: Recorder, fixes: FixStateStore, lease: WriteLease): Recorder {
  return {
    recordFindings: (findings, at) => recorder.recordFindings(findings, at),
    async recordAction(action) {
      if (action.status === "intent") await fixes.noteIntents(lease, [action.id]);
      await recorder.recordAction(action);
    },
  };
}

/**
 * Only one run writes a document at a time: the write lease is taken (a document another run
 * is writing is left to it, its fixes due), and the document is read again from ARM under it,
 * since another run that held the lease a moment ago may have fixed it (then nothing is left to
 * do), and since the fixes may have been planned on Resource Graph's lagging copy: only the
 * fixes planned anew on that ARM read go on.
 * The lease is released once the fixes' outcomes are recorded. A run that fails on the way
 * keeps it, as a run that is killed would: the next delivery of its message (or anyone, once it
 * expires) settles the intents it notes from a fresh read (settleLeases).
 */
export const writeLease: FixGuard = {
  name: "writeLease",
  async run(pass, next) {
    const lease = pass.busy ? undefined : await pass.ledger.fixes.takeLease(pass.docId, pass.holder, pass.now);
    if (!lease) {
      pass.logger.info(`${pass.docId}: another run is writing it; leaving the fix to that run`);
      pass.result.due.push(...pass.fixes.filter(needsWrite).map((f) => f.control.id));
      return;
    }
    const wanted = new Set(pass.fixes.map((f) => f.control.id));
    const fresh = (await pass.recheck()).filter((f) => wanted.has(f.control.id));
    if (fresh.some(needsWrite)) {
      pass.fixes = fresh;
      pass.recorder = leaseRecorder(pass.recorder, pass.ledger.fixes, lease);
      await next();
    }
    await pass.ledger.fixes.releaseLease(pass.docId);
  },
};
