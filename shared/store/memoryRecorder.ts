import type { ActionRecord, RecordedFinding, Recorder } from "./types.ts";

/** Keeps the last state of each finding and action in memory: for one CLI run or one demo. */
export class MemoryRecorder implements Recorder {
  readonly findings = new Map<string, RecordedFinding>();
  readonly actions = new Map<string, ActionRecord>();

  async recordFindings(findings: readonly RecordedFinding[]): Promise<void> {
    for (const f of findings) this.findings.set(`${f.resourceId.toLowerCase()}|${f.controlId}`, f);
  }

  async recordAction(action: ActionRecord): Promise<void> {
    this.actions.set(action.id, structuredClone(action));
  }
}
