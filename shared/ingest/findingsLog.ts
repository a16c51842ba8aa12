import type { TokenCredential } from "@azure/core-auth";
import { isAggregateLogsUploadError, LogsIngestionClient } from "@azure/monitor-ingestion";
import type { Logger } from "../core/index.ts";
import type { FindingsLogRow } from "./schema.ts";

/** Where rows go: a data collection endpoint, a rule and the stream it declares. */
export interface FindingsLogTarget {
  /** The endpoint's logs ingestion URL, `https://<dce>.<region>-1.ingest.monitor.azure.com`. */
  endpoint: string;
  /** The rule's immutable id, `dcr-…`. */
  ruleId: string;
  stream: string;
  /** The service's identity, holding Monitoring Metrics Publisher on the rule. */
  credential: TokenCredential;
  /** PEM of a CA to trust for this endpoint only (the local emulator). */
  ca?: string;
}

export interface SendResult {
  sent: number;
  failed: number;
}

/** Requests in flight per call; the client splits rows into 1 MB requests itself. */
const MAX_CONCURRENCY = 2;

/**
 * Sends rows through the Logs Ingestion API with @azure/monitor-ingestion: the client gzips
 * each request and splits the rows into the API's 1 MB requests, and its pipeline retries
 * throttling and server errors. What still fails is logged and counted, never thrown: the
 * ledger is the record, the log table a copy for dashboards, so it cannot fail a scan.
 */
export class FindingsLog {
  readonly #client: LogsIngestionClient;
  readonly #target: Omit<FindingsLogTarget, "credential" | "ca">;
  readonly #logger: Logger;

  constructor(target: FindingsLogTarget, logger: Logger) {
    this.#client = new LogsIngestionClient(target.endpoint, target.credential, {
      ...(target.ca ? { tlsOptions: { ca: target.ca } } : {}),
      retryOptions: { maxRetries: 4, retryDelayInMs: 1_000, maxRetryDelayInMs: 30_000 },
      userAgentOptions: { userAgentPrefix: "azure-encryption-guard" },
    });
    this.#target = { endpoint: target.endpoint, ruleId: target.ruleId, stream: target.stream };
    this.#logger = logger;
  }

  async send(rows: readonly FindingsLogRow[]): Promise<SendResult> {
    if (rows.length === 0) return { sent: 0, failed: 0 };
    try {
      await this.#client.upload(this.#target.ruleId, this.#target.stream, [...rows], { maxConcurrency: MAX_CONCURRENCY });
      return { sent: rows.length, failed: 0 };
    } catch (error) {
      const failures = isAggregateLogsUploadError(error) ? error.errors : [{ failedLogs: rows, cause: error as Error }];
      const failed = failures.reduce((sum, failure) => sum + failure.failedLogs.length, 0);
      const causes = [...new Set(failures.map((failure) => failure.cause.message))].join("; ");
      this.#logger.error(`could not send ${failed} of ${rows.length} row(s) to ${this.#target.stream} (rule ${this.#target.ruleId} at ${this.#target.endpoint}): ${causes}`);
      return { sent: rows.length - failed, failed };
    }
  }
}
