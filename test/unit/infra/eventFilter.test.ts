import { describe, expect, it } from "vitest";
import { RESOURCES } from "../../../shared/resources/index.ts";
import { CATALOG } from "../../../shared/controls/index.ts";
import { managementGroupDeployment, ofType, subscriptionDeployment } from "./support/deployments.ts";

/** Event Grid's documented limits for the advanced filters of one event subscription. */
const EVENT_GRID_LIMITS = { advancedFilters: 25, valuesAcrossFilters: 25, stringValueLength: 512 };

interface AdvancedFilter {
  operatorType: string;
  key: string;
  values: string[];
}

interface EventSubscription {
  destination: { endpointType: string; properties: { resourceId: string; maxEventsPerBatch: number } };
  eventDeliverySchema: string;
  filter: { includedEventTypes: string[]; advancedFilters: AdvancedFilter[] };
  retryPolicy: { maxDeliveryAttempts: number; eventTimeToLiveInMinutes: number };
  deadLetterWithResourceIdentity: { identity: { type: string; userAssignedIdentity: string }; deadLetterDestination: { endpointType: string; properties: { resourceId: string; blobContainerName: string } } };
}

const eventSubscriptions = () =>
  [...subscriptionDeployment(), ...managementGroupDeployment()]
    .filter((resource) => resource.type === "Microsoft.EventGrid/systemTopics/eventSubscriptions")
    .map((resource) => ({ path: resource.path, properties: resource.resource.properties as EventSubscription }));

/** Event Grid compares strings case-insensitively; these model the operators the template may use. */
function matches(filter: AdvancedFilter, value: string): boolean {
  const lowered = value.toLowerCase();
  const values = filter.values.map((v) => v.toLowerCase());
  switch (filter.operatorType) {
    case "StringIn":
      return values.includes(lowered);
    case "StringBeginsWith":
      return values.some((prefix) => lowered.startsWith(prefix));
    default:
      throw new Error(`the operation filter uses ${filter.operatorType}, which this test does not model`);
  }
}

const operationFilter = (subscription: EventSubscription) => subscription.filter.advancedFilters.filter((f) => f.key === "data.operationName");

/** The writes whose events must reach resourceChanged: each adapter's type and child types, and each control's type. */
const requiredOperations = [
  ...new Set([...RESOURCES.flatMap((adapter) => [adapter.type, ...adapter.childTypes]), ...CATALOG.flatMap((control) => control.resourceTypes)].map((type) => `${type}/write`)),
];

describe("the Event Grid subscription", () => {
  it("exists once per guarded subscription: one for main, one per subscription of the management-group list", () => {
    expect(eventSubscriptions().map((s) => s.path)).toEqual([
      "encryption-guard > encryption-guard-guarded-subscription > encryption-guard-events",
      "encryption-guard > encryption-guard-guarded-subscription-0 > encryption-guard-events",
      "encryption-guard > encryption-guard-guarded-subscription-1 > encryption-guard-events",
    ]);
  });

  it.each(eventSubscriptions().map((s) => [s.path, s.properties] as const))("%s delivers every covered write to resourceChanged", (_, subscription) => {
    expect(subscription.filter.includedEventTypes).toEqual(["Microsoft.Resources.ResourceWriteSuccess"]);
    expect(subscription.destination.endpointType).toBe("AzureFunction");
    expect(subscription.destination.properties.resourceId).toMatch(/outputs\.functionResourceId\.value/);
    const filters = operationFilter(subscription);
    expect(filters).toHaveLength(1);
    const uncovered = requiredOperations.filter((operation) => !matches(filters[0]!, operation));
    expect(uncovered).toEqual([]);
  });

  it.each(eventSubscriptions().map((s) => [s.path, s.properties] as const))("%s lets through nothing no adapter or control needs", (_, subscription) => {
    const [filter] = operationFilter(subscription);
    expect(filter!.values.filter((value) => !requiredOperations.some((operation) => matches({ ...filter!, values: [value] }, operation)))).toEqual([]);
  });

  it.each(eventSubscriptions().map((s) => [s.path, s.properties] as const))("%s drops the service's own writes and stays within Event Grid's limits", (_, subscription) => {
    const filters = subscription.filter.advancedFilters;
    expect(filters.find((f) => f.key === "data.claims.appid")).toEqual({ operatorType: "StringNotIn", key: "data.claims.appid", values: [expect.stringContaining("serviceClientId")] });
    expect(filters.length).toBeLessThanOrEqual(EVENT_GRID_LIMITS.advancedFilters);
    expect(filters.reduce((total, f) => total + f.values.length, 0)).toBeLessThanOrEqual(EVENT_GRID_LIMITS.valuesAcrossFilters);
    expect(filters.flatMap((f) => f.values).filter((v) => v.length > EVENT_GRID_LIMITS.stringValueLength)).toEqual([]);
  });

  it("states its retry policy and dead-letters to a container only the delivery identity can write", () => {
    const resources = subscriptionDeployment();
    const { properties } = eventSubscriptions()[0]!;
    expect(properties.retryPolicy).toEqual({ maxDeliveryAttempts: 30, eventTimeToLiveInMinutes: 1440 });
    expect(properties.eventDeliverySchema).toBe("EventGridSchema");
    expect(properties.deadLetterWithResourceIdentity.identity.type).toBe("UserAssigned");
    const container = properties.deadLetterWithResourceIdentity.deadLetterDestination.properties.blobContainerName;
    expect(container).toMatch(/deadLetterContainerName/);
    const deadLetterContainers = ofType(resources, "Microsoft.Storage/storageAccounts/blobServices/containers").filter((c) => c.name.endsWith("/event-dead-letters"));
    expect(deadLetterContainers).toHaveLength(1);
    const containerGrants = ofType(resources, "Microsoft.Authorization/roleAssignments").filter((a) => a.extends?.endsWith("/containers/event-dead-letters"));
    expect(containerGrants.map((a) => (a.resource.properties as { description: string }).description)).toEqual(["Event Grid dead-lettering, this container only"]);
  });
});
