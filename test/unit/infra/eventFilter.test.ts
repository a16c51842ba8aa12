import { describe, expect, it } from "vitest";
import { eventFilterGroups, OPERATIONS_PER_EVENT_SUBSCRIPTION, RESOURCES } from "../../../shared/resources/index.ts";
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

/** Data-plane types (a vault's certificates): ARM raises no write events for them, so the ARM filter leaves them out. */
const dataPlane = new Set(RESOURCES.filter((adapter) => adapter.plane === "data").map((adapter) => adapter.type.toLowerCase()));

/** The writes whose events must reach resourceChanged: each ARM adapter's type and child types, and each control's ARM type. */
const requiredOperations = [
  ...new Set(
    [...RESOURCES.flatMap((adapter) => [adapter.type, ...adapter.childTypes]), ...CATALOG.flatMap((control) => control.resourceTypes)]
      .filter((type) => !dataPlane.has(type.toLowerCase()))
      .map((type) => `${type}/write`),
  ),
];

/** The event subscriptions of each guarded subscription's deployment: the operations split into groups within Event Grid's limits. */
const byDeployment = () => {
  const groups = new Map<string, EventSubscription[]>();
  for (const { path, properties } of eventSubscriptions()) groups.set(path, [...(groups.get(path) ?? []), properties]);
  return [...groups];
};

describe("the Event Grid subscriptions", () => {
  it("exist in each guarded subscription: one deployment for main, one per subscription of the management-group list", () => {
    expect(byDeployment().map(([path]) => path)).toEqual([
      "encryption-guard > encryption-guard-guarded-subscription > encryption-guard-events",
      "encryption-guard > encryption-guard-guarded-subscription-0 > encryption-guard-events",
      "encryption-guard > encryption-guard-guarded-subscription-1 > encryption-guard-events",
    ]);
  });

  it.each(byDeployment())("%s delivers every covered write to resourceChanged, each operation through one subscription", (_, subscriptions) => {
    for (const subscription of subscriptions) {
      expect(subscription.filter.includedEventTypes).toEqual(["Microsoft.Resources.ResourceWriteSuccess"]);
      expect(subscription.destination.endpointType).toBe("AzureFunction");
      expect(subscription.destination.properties.resourceId).toMatch(/outputs\.functionResourceId\.value/);
      expect(operationFilter(subscription)).toHaveLength(1);
    }
    const filters = subscriptions.map((subscription) => operationFilter(subscription)[0]!);
    expect(requiredOperations.filter((operation) => !filters.some((filter) => matches(filter, operation)))).toEqual([]);
    const values = filters.flatMap((filter) => filter.values.map((v) => v.toLowerCase()));
    expect(new Set(values).size).toBe(values.length);
  });

  it.each(byDeployment())("%s lets through nothing no resource module or control needs", (_, subscriptions) => {
    for (const [filter] of subscriptions.map(operationFilter)) {
      expect(filter!.values.filter((value) => !requiredOperations.some((operation) => matches({ ...filter!, values: [value] }, operation)))).toEqual([]);
    }
  });

  it.each(byDeployment())("%s drops the service's own writes and keeps each subscription within Event Grid's limits", (_, subscriptions) => {
    for (const subscription of subscriptions) {
      const filters = subscription.filter.advancedFilters;
      expect(filters.find((f) => f.key === "data.claims.appid")).toEqual({ operatorType: "StringNotIn", key: "data.claims.appid", values: [expect.stringContaining("serviceClientId")] });
      expect(filters.length).toBeLessThanOrEqual(EVENT_GRID_LIMITS.advancedFilters);
      expect(filters.reduce((total, f) => total + f.values.length, 0)).toBeLessThanOrEqual(EVENT_GRID_LIMITS.valuesAcrossFilters);
      expect(filters.flatMap((f) => f.values).filter((v) => v.length > EVENT_GRID_LIMITS.stringValueLength)).toEqual([]);
    }
  });

  it("splits a longer list of operations into more subscriptions, none over the limit", () => {
    const operations = Array.from({ length: 50 }, (_, i) => `Microsoft.Test/type${i}/write`);
    const groups = eventFilterGroups(operations);
    expect(groups.map((g) => g.length)).toEqual([OPERATIONS_PER_EVENT_SUBSCRIPTION, OPERATIONS_PER_EVENT_SUBSCRIPTION, 2]);
    expect(groups.flat()).toEqual(operations);
    expect(OPERATIONS_PER_EVENT_SUBSCRIPTION + 1).toBeLessThanOrEqual(EVENT_GRID_LIMITS.valuesAcrossFilters);
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
