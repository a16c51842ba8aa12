import { describe, expect, it } from "vitest";
import { KEY_VAULT_EVENTS } from "../../../shared/events/index.ts";
import { managementGroupDeployment, ofType, subscriptionDeployment } from "./support/deployments.ts";

const VAULT = "/subscriptions/22222222-2222-4222-8222-222222222222/resourceGroups/rg-central-keys/providers/Microsoft.KeyVault/vaults/kv-central-keys";

describe("keyVaultEventVaultIds: a vault's own events to the intake (an option)", () => {
  it("deploys nothing by default", () => {
    expect(ofType(subscriptionDeployment(), "Microsoft.EventGrid/systemTopics").filter((t) => (t.resource.properties as { topicType: string }).topicType === "Microsoft.KeyVault.vaults")).toEqual([]);
  });

  it.each([
    ["the subscription deployment", () => subscriptionDeployment({ keyVaultEventVaultIds: [VAULT] })],
    ["the management-group deployment", () => managementGroupDeployment({ keyVaultEventVaultIds: [VAULT] })],
  ])("%s: a system topic on the vault, in its resource group, subscribed to exactly the events the intake takes", (_name, deploy) => {
    const resources = deploy();
    const topics = ofType(resources, "Microsoft.EventGrid/systemTopics").filter((t) => (t.resource.properties as { topicType: string }).topicType === "Microsoft.KeyVault.vaults");
    expect(topics.map((t) => [t.scope.subscriptionId, t.scope.resourceGroup, (t.resource.properties as { source: string }).source])).toEqual([["22222222-2222-4222-8222-222222222222", "rg-central-keys", VAULT]]);
    const subscription = ofType(resources, "Microsoft.EventGrid/systemTopics/eventSubscriptions").find((s) => s.name.endsWith("/encryption-guard-key-lifecycle"))!;
    const properties = subscription.resource.properties as { filter: { includedEventTypes: string[] }; destination: { endpointType: string } };
    expect([...properties.filter.includedEventTypes].sort()).toEqual(Object.keys(KEY_VAULT_EVENTS).sort());
    expect(properties.destination.endpointType).toBe("AzureFunction");
  });
});
