import { describe, expect, it } from "vitest";
import { armFixture, catalogControl as control, evaluateAfterFix, evaluateFixture, oddDocuments, planFor } from "./arm-fixtures.ts";

const minTls = control("redis.min-tls");
const nonSslPort = control("redis.non-ssl-port");

describe("redis.min-tls", () => {
  it("accepts 1.2 on a lower-case type", () => {
    expect(evaluateFixture(minTls, "redis/cache-hardened.json").status).toBe("compliant");
  });
  it("reads an absent minimum as 1.2, the service default since 2020", () => {
    const verdict = evaluateFixture(minTls, "redis/cache-non-ssl-port.json");
    expect(verdict.status).toBe("compliant");
    expect(verdict.evidence.actual).toBeNull();
    expect(verdict.reason).toMatch(/2020/);
  });
  it("rejects 1.0", () => {
    expect(evaluateFixture(minTls, "redis/cache-tls10.json").status).toBe("noncompliant");
  });
  it("plans 1.2", () => {
    expect(planFor(minTls, "redis/cache-tls10.json").changes).toEqual([{ path: "properties.minimumTlsVersion", before: "1.0", after: "1.2" }]);
    expect(evaluateAfterFix(minTls, "redis/cache-tls10.json").status).toBe("compliant");
  });
});

describe("redis.non-ssl-port", () => {
  it("accepts a closed non-TLS port, stated or by absence", () => {
    expect(evaluateFixture(nonSslPort, "redis/cache-hardened.json").status).toBe("compliant");
    const doc = armFixture("redis/cache-hardened.json");
    expect(nonSslPort.evaluate({ ...doc, properties: { minimumTlsVersion: "1.2" } }, { classification: "general" }).status).toBe("compliant");
  });
  it("rejects enableNonSslPort true (the spec's RedisCacheGet value)", () => {
    expect(evaluateFixture(nonSslPort, "redis/cache-non-ssl-port.json").evidence).toEqual({ path: "properties.enableNonSslPort", actual: true, expected: "not true" });
  });
  it("plans enableNonSslPort false", () => {
    expect(planFor(nonSslPort, "redis/cache-non-ssl-port.json").changes).toEqual([{ path: "properties.enableNonSslPort", before: true, after: false }]);
    expect(evaluateAfterFix(nonSslPort, "redis/cache-non-ssl-port.json").status).toBe("compliant");
  });
  it("says unknown for a value that is not a boolean", () => {
    const doc = armFixture("redis/cache-hardened.json");
    expect(nonSslPort.evaluate({ ...doc, properties: { enableNonSslPort: "yes" } }, { classification: "general" }).status).toBe("unknown");
  });
});

describe("redis controls on odd documents", () => {
  for (const c of [minTls, nonSslPort]) {
    it(`${c.id} says unknown without readable properties`, () => {
      for (const odd of oddDocuments("Microsoft.Cache/Redis")) expect(c.evaluate(odd, { classification: "general" }).status).toBe("unknown");
    });
  }
});
