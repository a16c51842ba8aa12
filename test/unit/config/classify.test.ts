import { describe, expect, it } from "vitest";
import { classify, parsePolicy } from "../../../shared/config/index.ts";

const policy = parsePolicy("classification:\n  tagName: Sensitivity\n  defaultLevel: confidential\n  aliases:\n    Restricted: highly-confidential\n    Open: public\n", "classification.yaml");

describe("classify", () => {
  it("reads the policy's tag, name and value case-insensitively", () => {
    expect(classify({ sensitivity: " Public " }, policy)).toBe("public");
    expect(classify({ SENSITIVITY: "General" }, policy)).toBe("general");
  });

  it("maps the organisation's aliases onto the four levels", () => {
    expect(classify({ Sensitivity: "RESTRICTED" }, policy)).toBe("highly-confidential");
    expect(classify({ Sensitivity: "open" }, policy)).toBe("public");
  });

  it("falls back to the policy's default level for a missing tag or an unknown value", () => {
    expect(classify(undefined, policy)).toBe("confidential");
    expect(classify(null, policy)).toBe("confidential");
    expect(classify({ Sensitivity: "top-secret" }, policy)).toBe("confidential");
    expect(classify({ "data-classification": "public" }, policy)).toBe("confidential");
  });
});
