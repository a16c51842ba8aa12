import type { TicketSubject } from "../../../shared/tickets/content.ts";
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

/** The owner tag of the security review: a team mention, a phishing link and an image that runs script. */
export const HOSTILE_OWNER = "@org/team [Approve](https://evil/login) <img src=x onerror=alert(1)>";

/** An evidence value that closes code spans and table cells if it can, turns around with an RTL override and ends in a NUL. */
export const HOSTILE_ACTUAL = "x``` | `y` done\u202Egnp.exe\u0000";

/** What a reader must see of them: the owner tag as written, its link defanged; the evidence exactly, as JSON, less the RTL override. */
export const HOSTILE_OWNER_READS = HOSTILE_OWNER.replace("https", "hxxps");
export const HOSTILE_ACTUAL_SHOWN = JSON.stringify(HOSTILE_ACTUAL).replace("\u202E", "");

/** A finding whose every outside value attacks the ticket: owner tag, evidence, reason, exception reason. */
export function hostileSubject(): TicketSubject {
  return {
    finding: tlsFinding({
      evidence: { path: "properties.minimumTlsVersion", actual: HOSTILE_ACTUAL, expected: "TLS1_2 or TLS1_3" },
      reason: "see #1, GH-2 and octo/repo#3 <script>alert(1)</script>",
    }),
    owner: HOSTILE_OWNER,
    exception: { kind: "drift", reason: "@admin reverted it, details at https://evil/why", since: "2026-02-01T00:00:00Z" },
  };
}
