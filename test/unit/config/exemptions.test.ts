import { describe, expect, it } from "vitest";
import { exemptionFor, expiryInstant, parsePolicy, scopeCovers } from "../../../shared/config/index.ts";

const SUB = "/subscriptions/00000000-0000-0000-0000-000000000001";
const ACCOUNT = `${SUB}/resourceGroups/Legacy-Billing/providers/Microsoft.Storage/storageAccounts/tfstate01`;

describe("scopeCovers", () => {
  it("matches an exact id case-insensitively", () => {
    expect(scopeCovers(ACCOUNT.toLowerCase(), ACCOUNT)).toBe(true);
    expect(scopeCovers(ACCOUNT, `${ACCOUNT}/`)).toBe(true);
    expect(scopeCovers(ACCOUNT, `${ACCOUNT}2`)).toBe(false);
  });

  it("matches an id prefix that ends with / on segment boundaries only", () => {
    expect(scopeCovers(`${SUB}/resourceGroups/legacy-billing/`, ACCOUNT)).toBe(true);
    expect(scopeCovers(`${SUB}/resourceGroups/legacy-bill/`, ACCOUNT)).toBe(false);
  });

  it("matches globs: * within a segment, ** across segments", () => {
    expect(scopeCovers("/subscriptions/*/resourceGroups/*/providers/Microsoft.Storage/storageAccounts/tfstate*", ACCOUNT)).toBe(true);
    expect(scopeCovers("/subscriptions/*/providers/Microsoft.Storage/storageAccounts/*", ACCOUNT)).toBe(false);
    expect(scopeCovers("**/storageaccounts/tfstate*", ACCOUNT)).toBe(true);
    expect(scopeCovers(`${SUB}/resourceGroups/legacy-*/**`, ACCOUNT)).toBe(true);
  });
});

describe("expiryInstant", () => {
  it("lets a bare date last to the end of that day, UTC", () => {
    expect(expiryInstant("2026-06-30").toISOString()).toBe("2026-07-01T00:00:00.000Z");
  });
  it("honours the offset of a date-time", () => {
    expect(expiryInstant("2026-06-30T17:00:00+02:00").toISOString()).toBe("2026-06-30T15:00:00.000Z");
  });
});

describe("exemptionFor", () => {
  const policy = parsePolicy(
    [
      "exemptions:",
      `  - scope: ${SUB}/resourceGroups/legacy-billing/`,
      "    controls: [storage.cmk]",
      "    reason: Old billing platform",
      "    expires: 2026-06-30",
      `  - scope: ${SUB}/resourceGroups/legacy-billing/`,
      "    controls: [storage.cmk]",
      "    reason: First extension",
      "    expires: 2026-03-31",
      "",
    ].join("\n"),
    "exemptions.yaml",
  );
  const doc = { id: ACCOUNT, type: "Microsoft.Storage/storageAccounts" };

  it("applies until the end of its expiry day, then reports the latest expiry", () => {
    expect(exemptionFor(doc, "storage.cmk", policy, new Date("2026-06-30T23:59:59Z"))).toEqual({
      active: true,
      reason: "Old billing platform (policy exemption until 2026-06-30)",
    });
    expect(exemptionFor(doc, "storage.cmk", policy, new Date("2026-07-01T00:00:00Z"))).toEqual({
      active: false,
      expiredOn: "2026-06-30",
      reason: `the exemption for ${SUB}/resourceGroups/legacy-billing/ expired on 2026-06-30 (Old billing platform)`,
    });
  });

  it("does not cover other controls", () => {
    expect(exemptionFor(doc, "storage.min-tls", policy, new Date("2026-01-01T00:00:00Z"))).toBeUndefined();
  });

  it("takes the owner's tag, any casing, with a list of ids or *", () => {
    const now = new Date("2027-01-01T00:00:00Z");
    const tagged = (value: string) => ({ ...doc, tags: { "Encryption-Guard-Exempt": value } });
    expect(exemptionFor(tagged("storage.min-tls, storage.cmk"), "storage.cmk", policy, now)).toEqual({
      active: true,
      reason: "exempted by the resource's encryption-guard-exempt tag",
    });
    expect(exemptionFor(tagged("*"), "storage.https-only", policy, now)?.active).toBe(true);
    expect(exemptionFor(tagged("storage.min-tls"), "storage.https-only", policy, now)).toBeUndefined();
  });
});
