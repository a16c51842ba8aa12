import { describe, expect, it } from "vitest";
import { MalformedEventError, parseResourceWrite } from "../../../shared/events/index.ts";
import { resourceWriteEvent } from "../../fixtures/events.ts";

describe("parseResourceWrite", () => {
  it("reads the resource, operation and caller from an Event Grid schema event", () => {
    const event = resourceWriteEvent("/subscriptions/1b2c3d4e-0000-4000-8000-00000000abcd/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st1", {
      appid: "app-1",
      oid: "oid-1",
    });
    expect(parseResourceWrite(event)).toMatchObject({
      resourceId: event.data.resourceUri,
      operationName: "Microsoft.Storage/storageAccounts/write",
      subscriptionId: "1b2c3d4e-0000-4000-8000-00000000abcd",
      callerAppId: "app-1",
      callerObjectId: "oid-1",
    });
  });

  it("returns undefined for other event types", () => {
    expect(parseResourceWrite({ ...resourceWriteEvent("/subscriptions/s/resourceGroups/r/providers/P/t/n"), eventType: "Microsoft.Resources.ResourceDeleteSuccess" })).toBeUndefined();
  });

  it.each([
    [null, "not an object"],
    [{ data: {} }, "neither eventType nor type"],
    [{ eventType: "Microsoft.Resources.ResourceWriteSuccess" }, "event.data is missing"],
    [{ eventType: "Microsoft.Resources.ResourceWriteSuccess", data: { operationName: "x/write" } }, "resourceUri"],
  ])("names what is wrong with %j", (event, message) => {
    expect(() => parseResourceWrite(event)).toThrow(MalformedEventError);
    expect(() => parseResourceWrite(event)).toThrow(message);
  });
});
