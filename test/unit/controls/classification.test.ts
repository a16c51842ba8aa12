import { describe, expect, it } from "vitest";
import { classificationOf, isAtLeast } from "../../../shared/controls/index.ts";

describe("classificationOf", () => {
  it("reads the tag case-insensitively in name and value", () => {
    expect(classificationOf({ "Data-Classification": "Highly-Confidential" })).toBe("highly-confidential");
  });
  it("falls back to general for missing tags, unknown values and non-string values", () => {
    expect(classificationOf(undefined)).toBe("general");
    expect(classificationOf(null)).toBe("general");
    expect(classificationOf({ "data-classification": "secret" })).toBe("general");
    expect(classificationOf({ "data-classification": 3 as unknown as string })).toBe("general");
  });
  it("orders the levels", () => {
    expect(isAtLeast("confidential", "general")).toBe(true);
    expect(isAtLeast("public", "general")).toBe(false);
  });
});
