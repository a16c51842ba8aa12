import { describe, expect, it } from "vitest";
import { MalformedEventError, operationResourceType, parseResourceWrite } from "../../../shared/events/index.ts";
import { resourceWriteEvent } from "../../fixtures/events.ts";

const STORAGE = "/subscriptions/1b2c3d4e-0000-4000-8000-00000000abcd/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st1";

/** The same write as a CloudEvent (Event Grid's cloudEventSchemaV1_0 delivery). */
function asCloudEvent(event: ReturnType<typeof resourceWriteEvent>, versionKey: "specversion" | "specVersion" = "specversion") {
  return { source: event.topic, subject: event.subject, type: event.eventType, time: event.eventTime, id: event.id, data: event.data, [versionKey]: "1.0" };
}

describe("parseResourceWrite", () => {
  it("reads the resource, operation and caller from an Event Grid schema event", () => {
    const event = resourceWriteEvent(STORAGE, { appid: "app-1", oid: "oid-1" });
    expect(parseResourceWrite(event)).toMatchObject({
      eventId: event.id,
      resourceId: event.data.resourceUri,
      operationName: "Microsoft.Storage/storageAccounts/write",
      subscriptionId: "1b2c3d4e-0000-4000-8000-00000000abcd",
      schema: "eventgrid",
      callerAppId: "app-1",
      callerObjectId: "oid-1",
      eventTime: event.eventTime,
    });
  });

  it.each(["specversion", "specVersion"] as const)("reads a CloudEvent, whose version key may be spelled %s", (key) => {
    const event = resourceWriteEvent(STORAGE, { appid: "app-2", oid: "oid-2" });
    expect(parseResourceWrite(asCloudEvent(event, key))).toMatchObject({
      eventId: event.id,
      resourceId: STORAGE,
      schema: "cloudevents",
      callerAppId: "app-2",
      callerObjectId: "oid-2",
      eventTime: event.eventTime,
    });
  });

  it("returns undefined for other event types, in either schema", () => {
    const event = { ...resourceWriteEvent(STORAGE), eventType: "Microsoft.Resources.ResourceDeleteSuccess" };
    expect(parseResourceWrite(event)).toBeUndefined();
    expect(parseResourceWrite(asCloudEvent(event))).toBeUndefined();
  });

  it("takes claims that are a placeholder string (old documentation samples) as an unknown caller", () => {
    const event = resourceWriteEvent(STORAGE);
    const parsed = parseResourceWrite({ ...event, data: { ...event.data, claims: "{azure_resource_manager_claims}" } });
    expect(parsed?.callerAppId).toBeUndefined();
    expect(parsed?.callerObjectId).toBeUndefined();
  });

  it.each([
    [null, "not a JSON object"],
    [[1, 2], "not a JSON object"],
    [{ data: {} }, "has no eventType"],
    [{ specversion: "1.0", data: {} }, "CloudEvent has no type"],
    [{ id: "e", eventType: "Microsoft.Resources.ResourceWriteSuccess" }, "data is missing"],
    [{ eventType: "Microsoft.Resources.ResourceWriteSuccess", data: {} }, "has no id"],
    [{ id: "e", eventType: "Microsoft.Resources.ResourceWriteSuccess", data: { operationName: "x/write" } }, "resourceUri is missing"],
    [{ id: "e", eventType: "Microsoft.Resources.ResourceWriteSuccess", data: { resourceUri: "storage-account-1", operationName: "x/write" } }, "is not an ARM resource id"],
    [{ id: "e", eventType: "Microsoft.Resources.ResourceWriteSuccess", data: { resourceUri: STORAGE } }, "operationName is missing"],
  ])("names what is wrong with %j", (event, message) => {
    expect(() => parseResourceWrite(event)).toThrow(MalformedEventError);
    expect(() => parseResourceWrite(event)).toThrow(message);
  });
});

describe("operationResourceType", () => {
  it.each([
    ["Microsoft.Storage/storageAccounts/write", "Microsoft.Storage/storageAccounts"],
    ["Microsoft.Sql/servers/databases/transparentDataEncryption/write", "Microsoft.Sql/servers/databases/transparentDataEncryption"],
    ["Microsoft.Web/sites/config/write", "Microsoft.Web/sites/config"],
  ])("%s acts on %s", (operation, type) => {
    expect(operationResourceType(operation)).toBe(type);
  });
});
