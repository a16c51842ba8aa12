import type { TicketText } from "../../../shared/tickets/text/index.ts";
import type { RecordedFinding } from "../../../shared/store/types.ts";

export const SUBSCRIPTION = "00000000-0000-0000-0000-0000000000a1";
export const STORAGE_ID = `/subscriptions/${SUBSCRIPTION}/resourceGroups/app/providers/Microsoft.Storage/storageAccounts/appdata01`;

/** A storage account that still accepts TLS 1.0, as the storage.min-tls control reports it. */
export function tlsFinding(changes: Partial<RecordedFinding> = {}): RecordedFinding {
  return {
    resourceId: STORAGE_ID,
    resourceType: "Microsoft.Storage/storageAccounts",
    controlId: "storage.min-tls",
    title: "Storage account requires TLS 1.2 or newer",
    status: "noncompliant",
    severity: "high",
    stage: "in-transit",
    classification: "confidential",
    evidence: { path: "properties.minimumTlsVersion", actual: "TLS1_0", expected: "TLS1_2 or TLS1_3" },
    decision: "ticket",
    reason: "the policy asks for a ticket (mode ticket)",
    ...changes,
  };
}

/** A comment or closing note of one sentence, as the lifecycle writes them. */
export function says(sentence: string): TicketText {
  return [{ paragraph: sentence }];
}
