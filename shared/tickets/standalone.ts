import type { TicketSink as TicketSinkConfig } from "../config/policy.ts";
import { MemoryTables } from "../store/memoryRows.ts";
import type { Environment } from "./commandLine.ts";
import type { ScanResult } from "./observations.ts";
import type { DeliveryReport } from "./outbox.ts";
import { createSinks } from "./sinks/index.ts";
import { TicketStore } from "./store.ts";
import { Ticketing } from "./ticketing.ts";
import type { Logger } from "../core/index.ts";

export interface CommandLineTickets {
  report: DeliveryReport;
  /** One line per sink: what was done, and what could not be. */
  summary: string[];
}

/**
 * Files the tickets of one CLI scan. The run has no ledger: the sinks' open tickets are read
 * back by their fingerprints first, so a second run updates or closes them instead of opening
 * duplicates. Transient failures are retried within `maxWaitMs`.
 */
export async function fileTicketsForScan(configs: readonly TicketSinkConfig[], scan: ScanResult, options: { env: Environment; logger: Logger; maxWaitMs: number }): Promise<CommandLineTickets> {
  const ticketing = new Ticketing({ sinks: createSinks(configs, options.env), store: new TicketStore(new MemoryTables()), logger: options.logger });
  await ticketing.reconcile();
  await ticketing.recordScan(scan);
  const report = await ticketing.deliverAll({ maxWaitMs: options.maxWaitMs });
  const summary = ticketing.sinks.map((sink) => {
    const steps = new Map<string, number>();
    for (const { step } of report.delivered.filter((d) => d.sinkId === sink.id)) steps.set(step, (steps.get(step) ?? 0) + 1);
    const done = [...steps].map(([step, count]) => `${count} ${step}`).join(", ") || "nothing to do";
    const failures = report.failed.filter((f) => f.sinkId === sink.id).map((f) => `not delivered: ${f.error}`);
    return [`${sink.id}: ${done}`, ...failures].join("; ");
  });
  return { report, summary };
}
