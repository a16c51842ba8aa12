import { z } from "zod";

/**
 * What travels on the work queue. A queue message is input from outside like any other
 * (a person can put one there, an older version may have written it), so it is validated.
 */
const resourceItem = z.strictObject({
  kind: z.literal("resource"),
  /** Work with the same key is done once (an Event Grid event id; a sweep and resource). */
  key: z.string().min(1).max(1000),
  /** The resource to evaluate (a child's event already mapped to its parent). */
  resourceId: z.string().min(1).max(2048),
  /** The id the event named, when it was a child (`…/transparentDataEncryption/current`). */
  changedId: z.string().min(1).max(2048).optional(),
  origin: z.enum(["event", "sweep", "api", "flagged"]),
  /** Only these controls: a sweep's fix item carries the controls its first pass found due. */
  controls: z.array(z.string().min(1).max(100)).min(1).max(100).optional(),
  /** The event of our own write: check the outcome, never act on it a second time. */
  verifyOnly: z.boolean().optional(),
  dryRun: z.boolean().optional(),
  correlationId: z.string().min(1).max(200),
  eventTime: z.string().max(100).optional(),
  /** A key's own event (near expiry, expired, new version): the resources that use the key are judged again too. */
  keyUsers: z.boolean().optional(),
});

const shardItem = z.strictObject({
  kind: z.literal("shard"),
  key: z.string().min(1).max(1000),
  sweepId: z.string().regex(/^[A-Za-z0-9-]{1,100}$/),
  /** This shard's number among the sweep's, from 0. */
  shard: z.number().int().min(0),
  subscriptionId: z.string().min(1).max(64),
  resourceType: z.string().min(3).max(300),
  /** Only this resource group (a scan of one group); the whole subscription when absent. */
  resourceGroup: z.string().min(1).max(90).optional(),
  dryRun: z.boolean().optional(),
  correlationId: z.string().min(1).max(200),
});

/**
 * A page of a Resource Graph shard: one type's query over some scopes. The worker that reads a
 * page queues the next (with its skip token) before it evaluates its own, so the pages of a large
 * estate spread over the host's instances.
 */
const graphShardItem = z.strictObject({
  kind: z.literal("graph-shard"),
  key: z.string().min(1).max(1000),
  sweepId: z.string().regex(/^[A-Za-z0-9-]{1,100}$/),
  shard: z.number().int().min(0),
  page: z.number().int().min(0).max(1_000_000),
  resourceType: z.string().min(3).max(300),
  scope: z.strictObject({
    subscriptions: z
      .array(z.string().regex(/^[0-9a-fA-F-]{36}$/))
      .min(1)
      .max(1000)
      .optional(),
    managementGroups: z
      .array(z.string().regex(/^[A-Za-z0-9_().-]{1,90}$/))
      .min(1)
      .max(100)
      .optional(),
  }),
  resourceGroup: z.string().min(1).max(90).optional(),
  skipToken: z.string().min(1).max(8192).optional(),
  dryRun: z.boolean().optional(),
  correlationId: z.string().min(1).max(200),
});

export const workItemSchema = z.discriminatedUnion("kind", [resourceItem, shardItem, graphShardItem]);

export type WorkItem = z.infer<typeof workItemSchema>;
export type ResourceWorkItem = z.infer<typeof resourceItem>;
export type ShardWorkItem = z.infer<typeof shardItem>;
export type GraphShardWorkItem = z.infer<typeof graphShardItem>;

export type ParsedWorkItem = { ok: true; item: WorkItem } | { ok: false; reason: string };

/**
 * Reads a message body as the Functions host hands it over: already parsed when it was JSON,
 * a string otherwise.
 */
export function parseWorkItem(body: unknown): ParsedWorkItem {
  let value = body;
  if (typeof body === "string") {
    try {
      value = JSON.parse(body);
    } catch {
      return { ok: false, reason: "the message is not JSON" };
    }
  }
  const result = workItemSchema.safeParse(value);
  if (result.success) return { ok: true, item: result.data };
  return { ok: false, reason: result.error.issues.map((i) => `${i.path.join(".") || "(message)"}: ${i.message}`).join("; ") };
}

/** A message given up on, as it is kept in the poison queue: what it was and why. */
export interface PoisonRecord {
  /** The work item, or the raw text when it could not be read. */
  message: WorkItem | string;
  reason: string;
  dequeueCount: number;
  messageId: string;
  failedAt: string;
}
