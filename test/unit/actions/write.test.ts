import { describe, expect, it } from "vitest";
import { writeInScope } from "../../../shared/actions/index.ts";
import type { SubscriptionClients } from "../../../shared/azure/index.ts";
import { parsePolicy } from "../../../shared/config/policy.ts";
import type { ResourceId } from "../../../shared/core/index.ts";
import { OutOfScopeWrite, serviceScope } from "../../../shared/guards/index.ts";
import type { DocumentWriter } from "../../../shared/resources/index.ts";

const SUB = "1b2c3d4e-0000-4000-8000-00000000abcd";
const OTHER = "2b2c3d4e-0000-4000-8000-00000000abcd";
const account = (rg: string, sub = SUB) => `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.Storage/storageAccounts/st1`;
const scope = serviceScope(parsePolicy("scopes:\n  excludeResourceGroups: [rg-legacy]\n", "p.yaml"), [SUB]);

/** A writer that only records where it was asked to write: the door in front of it is what is tested. */
function recordingWriter() {
  const written: ResourceId[] = [];
  const writer: DocumentWriter = { documentType: "Microsoft.Storage/storageAccounts", actions: [], apply: async (_clients, id) => void written.push(id) };
  return { writer, written };
}

const clients = (subscriptionId = SUB) => ({ subscriptionId }) as SubscriptionClients;
const changes = [{ path: "properties.minimumTlsVersion", before: "TLS1_0", after: "TLS1_2" }];

describe("writeInScope, the one door every ARM write goes through", () => {
  it("writes a document that is the target, in scope, through clients of its own subscription", async () => {
    const { writer, written } = recordingWriter();
    await writeInScope({ writer, clients: clients(), scope, targetId: account("rg-app"), documentId: account("RG-App"), changes, direction: "after" });
    expect(written.map((id) => id.canonical)).toEqual([account("rg-app").toLowerCase()]);
  });

  it.each([
    ["a target in an excluded group", account("rg-legacy"), account("rg-legacy"), clients(), /excluded by scopes.excludeResourceGroups/],
    ["a document that is not the target", account("rg-app"), account("rg-app").replace("st1", "st2"), clients(), /not \/subscriptions\/.* or a child of it/],
    ["an encoded group", account("rg%2Dlegacy"), account("rg%2Dlegacy"), clients(), /percent sign/],
    ["another subscription than the guarded ones", account("rg-app", OTHER), account("rg-app", OTHER), clients(OTHER), /not one this service guards/],
    ["clients of another subscription", account("rg-app"), account("rg-app"), clients(OTHER), /which these clients write to/],
  ])("refuses %s before anything reaches the writer", async (_what, targetId, documentId, using, reason) => {
    const { writer, written } = recordingWriter();
    const write = writeInScope({ writer, clients: using, scope, targetId, documentId, changes, direction: "after" });
    await expect(write).rejects.toBeInstanceOf(OutOfScopeWrite);
    await expect(write).rejects.toThrow(reason);
    expect(written).toEqual([]);
  });
});
