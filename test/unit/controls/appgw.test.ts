import { describe, expect, it } from "vitest";
import { armFixture, catalogControl as control, evaluateAfterFix, evaluateFixture, oddDocuments, planFor } from "./arm-fixtures.ts";

const tlsPolicy = control("appgw.tls-policy");

describe("appgw.tls-policy", () => {
  it("accepts the predefined 2022 policies", () => {
    expect(evaluateFixture(tlsPolicy, "network/appgw-predefined-2022s.json").status).toBe("compliant");
  });
  it("rejects an older predefined policy even when it is the S variant", () => {
    expect(evaluateFixture(tlsPolicy, "network/appgw-predefined-2017s.json").evidence).toEqual({
      path: "properties.sslPolicy.policyName",
      actual: "AppGwSslPolicy20170401S",
      expected: expect.stringContaining("AppGwSslPolicy20220101"),
    });
  });
  it("accepts a custom TLS 1.2 policy with AES-GCM suites only", () => {
    expect(evaluateFixture(tlsPolicy, "network/appgw-custom-gcm.json").status).toBe("compliant");
  });
  it("rejects a custom policy with a CBC suite, naming it", () => {
    const verdict = evaluateFixture(tlsPolicy, "network/appgw-custom-cbc.json");
    expect(verdict.status).toBe("noncompliant");
    expect(verdict.evidence.path).toBe("properties.sslPolicy.cipherSuites");
    expect(verdict.reason).toContain("TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256");
  });
  it("rejects a custom policy that allows TLS 1.0", () => {
    expect(evaluateFixture(tlsPolicy, "network/appgw-custom-tls10.json").status).toBe("noncompliant");
  });
  it("accepts a TLS 1.3 minimum whatever the suite list", () => {
    expect(evaluateFixture(tlsPolicy, "network/appgw-custom-tls13.json").status).toBe("compliant");
  });
  it("falls back to defaultPredefinedSslPolicy when sslPolicy is absent", () => {
    const verdict = evaluateFixture(tlsPolicy, "network/appgw-default-2022.json");
    expect(verdict.status).toBe("compliant");
    expect(verdict.evidence.path).toBe("properties.defaultPredefinedSslPolicy");
  });
  it("applies the legacy 2015 policy when neither is there", () => {
    const verdict = evaluateFixture(tlsPolicy, "network/appgw-legacy-no-policy.json");
    expect(verdict.status).toBe("noncompliant");
    expect(verdict.reason).toMatch(/AppGwSslPolicy20150501/);
  });
  it("rejects a custom policy without suites or a readable minimum, and says unknown for a non-object policy", () => {
    const doc = armFixture("network/appgw-custom-gcm.json");
    const withPolicy = (sslPolicy: unknown) => tlsPolicy.evaluate({ ...doc, properties: { ...doc.properties, sslPolicy } }, { classification: "general" }).status;
    expect(withPolicy({ policyType: "Custom", minProtocolVersion: "TLSv1_2", cipherSuites: [] })).toBe("noncompliant");
    expect(withPolicy({ policyType: "Custom", cipherSuites: ["TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"] })).toBe("noncompliant");
    expect(withPolicy("AppGwSslPolicy20220101")).toBe("unknown");
  });
  it("is a disruptive fix to the predefined 2022 policy", () => {
    expect(tlsPolicy.fix?.safety).toBe("disruptive");
    expect(planFor(tlsPolicy, "network/appgw-custom-cbc.json").changes[0]?.after).toEqual({ policyType: "Predefined", policyName: "AppGwSslPolicy20220101" });
    expect(evaluateAfterFix(tlsPolicy, "network/appgw-legacy-no-policy.json").status).toBe("compliant");
  });
  it("says unknown without readable properties", () => {
    for (const odd of oddDocuments("Microsoft.Network/applicationGateways")) expect(tlsPolicy.evaluate(odd, { classification: "general" }).status).toBe("unknown");
  });
});
