import type { SubscriptionClients } from "../azure/index.ts";
import { parseResourceId, type PropertyChange } from "../core/index.ts";
import { assertWriteInScope, OutOfScopeWrite, type ServiceScope } from "../guards/scope.ts";
import type { Direction, DocumentWriter } from "../resources/index.ts";

export interface ScopedWrite {
  writer: DocumentWriter;
  clients: SubscriptionClients;
  scope: ServiceScope;
  /** The resource the work is for (the scan's target, the fix's resource). */
  targetId: string;
  /** The id of the document the changes were planned on, as ARM returned it. */
  documentId: string;
  changes: readonly PropertyChange[];
  direction: Direction;
}

/**
 * The one door every ARM write goes through, fixes and rollbacks alike. Right before the write
 * the target is checked again: the document's own id (from ARM, not from a request, an event or
 * a ledger row) must name the target or a child of it, lie in scope, and belong to the
 * subscription the clients write to (the typed clients address a resource by its group and
 * name within their own subscription). Throws OutOfScopeWrite, having sent nothing, otherwise.
 */
export async function writeInScope(write: ScopedWrite): Promise<void> {
  assertWriteInScope(write.scope, write.targetId, write.documentId);
  const document = parseResourceId(write.documentId);
  if (document.subscriptionId.toLowerCase() !== write.clients.subscriptionId.toLowerCase()) {
    throw new OutOfScopeWrite(`${document.id} is not in subscription ${write.clients.subscriptionId}, which these clients write to`);
  }
  await write.writer.apply(write.clients, document, write.changes, write.direction);
}
