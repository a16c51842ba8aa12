import type { Policy } from "../config/policy.ts";
import type { TableSource } from "../store/rows.ts";
import { createSinks } from "./sinks/index.ts";
import { TicketStore } from "./store.ts";
import { Ticketing, type TicketingOptions } from "./ticketing.ts";
import type { Logger } from "../core/index.ts";

type Environment = Readonly<Record<string, string | undefined>>;

/** Where docs/controls/ is published (e.g. the repository's blob URL); every ticket links its control's page there. */
export const DOCS_BASE_URL_SETTING = "GUARD_DOCS_BASE_URL";

/**
 * Ticketing as the policy's `tickets.sinks` and the app settings describe it, its outbox in the
 * ledger's tables; undefined when the policy names no sink.
 */
export function ticketingFromPolicy(policy: Policy, options: { env?: Environment; tables: TableSource; logger: Logger } & Pick<TicketingOptions, "now" | "random" | "backoff">): Ticketing | undefined {
  const env = options.env ?? process.env;
  if (policy.tickets.sinks.length === 0) return undefined;
  const docsBaseUrl = env[DOCS_BASE_URL_SETTING]?.trim();
  return new Ticketing({
    sinks: createSinks(policy.tickets.sinks, env),
    store: new TicketStore(options.tables),
    logger: options.logger,
    ...(docsBaseUrl ? { docsBaseUrl } : {}),
    ...(options.now ? { now: options.now } : {}),
    ...(options.random ? { random: options.random } : {}),
    ...(options.backoff ? { backoff: options.backoff } : {}),
  });
}
