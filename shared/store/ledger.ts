import { ActionStore } from "./actions.ts";
import { WindowCounters } from "./counters.ts";
import { FindingStore } from "./findings.ts";
import { FixStateStore } from "./fixes.ts";
import { SweepFlags } from "./flags.ts";
import { IdempotencyKeys } from "./idempotency.ts";
import { MemoryTables } from "./memoryRows.ts";
import { PostureLedger } from "./posture.ts";
import type { TableSource } from "./rows.ts";
import { LedgerSeal } from "./seal.ts";
import { SweepLedger } from "./sweeps.ts";
import type { ActionRecord, RecordedFinding, Recorder } from "./types.ts";

/**
 * How long a claim on work (an idempotency key, a write lease) protects it. Longer than a
 * function may run (host.json functionTimeout, 10 minutes), so a claim this old belongs to
 * an invocation that is gone; the same queue message coming back takes its claim over at once.
 */
export const WORK_LEASE_MS = 11 * 60_000;

/**
 * The ledger: findings, actions, idempotency keys and the guards' state, each in its own table
 * of one TableSource (Azure Table Storage in Azure, Azurite locally, memory for one CLI run).
 * A new concern joins by opening its own table from `tables` (the ticket outbox does so).
 */
export class Ledger implements Recorder {
  readonly tables: TableSource;
  readonly findings: FindingStore;
  readonly actions: ActionStore;
  readonly keys: IdempotencyKeys;
  readonly fixes: FixStateStore;
  readonly counters: WindowCounters;
  readonly sweeps: SweepLedger;
  readonly flags: SweepFlags;
  readonly posture: PostureLedger;

  /**
   * `seal` protects the rows the service acts on (actions, the guards' exception marks); a ledger
   * read by more than one process needs the deployment's keys (GUARD_LEDGER_KEYS). Without one,
   * a key of this process's own: rows it did not write are refused.
   */
  constructor(tables: TableSource, options: { seal?: LedgerSeal } = {}) {
    const seal = options.seal ?? LedgerSeal.ephemeral();
    this.tables = tables;
    this.findings = new FindingStore(tables.open("findings"));
    this.actions = new ActionStore(tables.open("actions"), seal);
    this.keys = new IdempotencyKeys(tables.open("keys"), WORK_LEASE_MS);
    this.fixes = new FixStateStore(tables.open("fixes"), seal);
    this.counters = new WindowCounters(tables.open("counters"));
    this.sweeps = new SweepLedger(tables.open("sweeps"));
    this.flags = new SweepFlags(tables.open("flags"));
    this.posture = new PostureLedger(tables.open("posture"));
  }

  /** A ledger that lives as long as the process: for one CLI run. */
  static inMemory(): Ledger {
    return new Ledger(new MemoryTables());
  }

  /** Findings, and the day's posture for those that changed (or were first seen today): an unchanged estate writes nothing more. */
  async recordFindings(findings: readonly RecordedFinding[], at: Date): Promise<void> {
    await this.posture.record(await this.findings.record(findings, at), at);
  }

  recordAction(action: ActionRecord): Promise<void> {
    return this.actions.put(action);
  }
}
