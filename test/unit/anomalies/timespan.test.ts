import { describe, expect, it } from "vitest";
import { parseTimespan } from "../../../emulator/logAnalytics/index.ts";

const NOW = Date.parse("2024-06-17T12:00:00Z");

describe("the query API's timespan (emulator)", () => {
  it("reads the forms the logs client sends", () => {
    expect(parseTimespan("2024-06-01T00:00:00.000Z/2024-06-02T00:00:00.000Z")).toEqual({ from: Date.parse("2024-06-01T00:00:00Z"), to: Date.parse("2024-06-02T00:00:00Z") });
    expect(parseTimespan("2024-06-01T00:00:00Z/PT12H")).toEqual({ from: Date.parse("2024-06-01T00:00:00Z"), to: Date.parse("2024-06-01T12:00:00Z") });
    expect(parseTimespan("P1DT6H/2024-06-02T00:00:00Z")).toEqual({ from: Date.parse("2024-05-31T18:00:00Z"), to: Date.parse("2024-06-02T00:00:00Z") });
    expect(parseTimespan("PT30M", NOW)).toEqual({ from: NOW - 30 * 60_000, to: NOW });
  });

  it.each([
    ["yesterday", /is not an ISO 8601 duration/],
    ["P", /is not an ISO 8601 duration/],
    ["2024-06-02T00:00:00Z/2024-06-01T00:00:00Z", /ends before it starts/],
    ["2024-06-01/x/y", /expected start\/end/],
    ["someday/PT1H", /"someday" is not an ISO 8601 date-time/],
  ])("rejects %s", (value, message) => {
    expect(() => parseTimespan(value, NOW)).toThrow(message);
  });
});
