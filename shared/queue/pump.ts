import { ConcurrencyLimit } from "../core/index.ts";
import type { Delivery, ReceivedMessage, WorkQueue } from "./workQueue.ts";

export type MessageHandler = (body: unknown, delivery: Delivery) => Promise<void>;

export interface PumpOptions {
  /** Messages handled at once (the host's batchSize, 16 by default). */
  concurrency?: number;
  /** How long a received message stays hidden while it is handled. */
  visibilityTimeoutSeconds?: number;
  /** When a failed message shows again (the host's visibilityTimeout). */
  retryDelaySeconds?: number;
  /** The host's maxDequeueCount: a message dequeued more often goes to the poison queue unhandled. */
  maxDequeueCount?: number;
  /** Pause between polls while only hidden messages are left. */
  idleMs?: number;
}

export interface PumpStats {
  handled: number;
  /** Invocations that threw (each one is retried, or poisoned by the handler on its last try). */
  failed: number;
  /** Messages past maxDequeueCount that the pump moved to the poison queue itself. */
  poisonedUnhandled: number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs a queue handler the way the Functions host runs a queue trigger (receive, hide, hand
 * over with the dequeue count, delete on success, show again on failure, poison past the
 * maximum) until the queue is empty: the demo, the tests and the benchmarks use it where
 * there is no Functions host.
 */
export async function drainQueue(queue: WorkQueue, handler: MessageHandler, options: PumpOptions = {}): Promise<PumpStats> {
  const concurrency = options.concurrency ?? 16;
  const visibility = options.visibilityTimeoutSeconds ?? 30;
  const retryDelay = options.retryDelaySeconds ?? 1;
  const maxDequeueCount = options.maxDequeueCount ?? 5;
  const stats: PumpStats = { handled: 0, failed: 0, poisonedUnhandled: 0 };
  const running = new ConcurrencyLimit(concurrency);

  const run = async (message: ReceivedMessage) => {
    if (message.dequeueCount > maxDequeueCount) {
      await queue.poison({
        message: message.body as string,
        reason: `dequeued ${message.dequeueCount} times (more than ${maxDequeueCount})`,
        dequeueCount: message.dequeueCount,
        messageId: message.messageId,
        failedAt: new Date().toISOString(),
      });
      await queue.delete(message);
      stats.poisonedUnhandled += 1;
      return;
    }
    try {
      await handler(message.body, { messageId: message.messageId, dequeueCount: message.dequeueCount });
    } catch {
      // The handler's failure is the host's to log; here it only counts.
      stats.failed += 1;
      // The host logs the failure; the message shows again for the retry.
      await queue.retryLater(message, retryDelay).catch(() => undefined);
      return;
    }
    stats.handled += 1;
    await queue.delete(message);
  };

  for (;;) {
    // The pump's own steps (delete, poison, show again) failing means the queue is unwell: stop.
    if (running.failed) await running.drain();
    const received = running.free > 0 ? await queue.receive(running.free, visibility) : [];
    for (const message of received) await running.start(() => run(message));
    if (received.length > 0) continue;
    if (running.running > 0) {
      await running.oneSettled();
      continue;
    }
    if ((await queue.depth()) === 0) {
      await running.drain();
      return stats;
    }
    await sleep(options.idleMs ?? 200);
  }
}

/**
 * Drains the queue again and again until it stays empty after `quiet()` resolves: for local runs
 * where the service's own writes raise events (delivered to the intake by the emulator, which
 * queues more work) while the queue is being worked.
 */
export async function drainUntilQuiet(queue: WorkQueue, handler: MessageHandler, quiet: () => Promise<void>, options: PumpOptions = {}): Promise<PumpStats> {
  const total: PumpStats = { handled: 0, failed: 0, poisonedUnhandled: 0 };
  for (;;) {
    const stats = await drainQueue(queue, handler, options);
    total.handled += stats.handled;
    total.failed += stats.failed;
    total.poisonedUnhandled += stats.poisonedUnhandled;
    await quiet();
    if ((await queue.depth()) === 0) return total;
  }
}
