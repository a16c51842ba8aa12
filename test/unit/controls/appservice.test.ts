import { describe, expect, it } from "vitest";
import { armFixture, catalogControl as control, evaluateAfterFix, evaluateFixture, oddDocuments, planFor } from "./arm-fixtures.ts";

const httpsOnly = control("appservice.https-only");
const minTls = control("appservice.min-tls");
const ftps = control("appservice.ftps");

describe("appservice.https-only", () => {
  it("accepts httpsOnly true", () => {
    expect(evaluateFixture(httpsOnly, "web/site-hardened.json").status).toBe("compliant");
  });
  it("rejects httpsOnly false (the spec's GetWebApp value) and reads absence as false", () => {
    expect(evaluateFixture(httpsOnly, "web/site-config-filled.json").status).toBe("noncompliant");
    expect(evaluateFixture(httpsOnly, "web/site-null-site-config.json").status).toBe("noncompliant");
  });
  it("plans httpsOnly true", () => {
    expect(planFor(httpsOnly, "web/site-config-filled.json").changes).toEqual([{ path: "properties.httpsOnly", before: false, after: true }]);
    expect(evaluateAfterFix(httpsOnly, "web/site-config-filled.json").status).toBe("compliant");
  });
});

describe("appservice.min-tls", () => {
  it("accepts 1.2 and 1.3 from a siteConfig filled from config/web", () => {
    expect(evaluateFixture(minTls, "web/site-config-filled.json").status).toBe("compliant");
    expect(evaluateFixture(minTls, "web/site-hardened.json").status).toBe("compliant");
  });
  it("rejects 1.0", () => {
    expect(evaluateFixture(minTls, "web/site-tls10-ftps-only.json").evidence).toEqual({ path: "properties.siteConfig.minTlsVersion", actual: "1.0", expected: "1.2 or 1.3" });
  });
  it("says unknown for a bare site GET (nulls in siteConfig) and for siteConfig null", () => {
    const bare = evaluateFixture(minTls, "web/site-bare-get.json");
    expect(bare.status).toBe("unknown");
    expect(bare.reason).toMatch(/config\/web/);
    expect(evaluateFixture(minTls, "web/site-null-site-config.json").status).toBe("unknown");
  });
  it("plans siteConfig.minTlsVersion 1.2", () => {
    expect(planFor(minTls, "web/site-tls10-ftps-only.json").changes).toEqual([{ path: "properties.siteConfig.minTlsVersion", before: "1.0", after: "1.2" }]);
    expect(evaluateAfterFix(minTls, "web/site-tls10-ftps-only.json").status).toBe("compliant");
  });
});

describe("appservice.ftps", () => {
  it("accepts FtpsOnly and Disabled", () => {
    expect(evaluateFixture(ftps, "web/site-tls10-ftps-only.json").status).toBe("compliant");
    expect(evaluateFixture(ftps, "web/site-hardened.json").status).toBe("compliant");
  });
  it("rejects AllAllowed", () => {
    expect(evaluateFixture(ftps, "web/site-config-filled.json").evidence).toEqual({ path: "properties.siteConfig.ftpsState", actual: "AllAllowed", expected: "FtpsOnly or Disabled" });
  });
  it("says unknown when config/web was not read", () => {
    expect(evaluateFixture(ftps, "web/site-bare-get.json").status).toBe("unknown");
    expect(evaluateFixture(ftps, "web/site-null-site-config.json").status).toBe("unknown");
  });
  it("plans FtpsOnly", () => {
    expect(planFor(ftps, "web/site-config-filled.json").changes).toEqual([{ path: "properties.siteConfig.ftpsState", before: "AllAllowed", after: "FtpsOnly" }]);
    expect(evaluateAfterFix(ftps, "web/site-config-filled.json").status).toBe("compliant");
  });
  it("says unknown for an ftpsState that is not a string", () => {
    const doc = armFixture("web/site-config-filled.json");
    expect(ftps.evaluate({ ...doc, properties: { siteConfig: { ftpsState: 0 } } }, { classification: "general" }).status).toBe("unknown");
  });
});

describe("app service controls on odd documents", () => {
  for (const c of [httpsOnly, minTls, ftps]) {
    it(`${c.id} says unknown without readable properties`, () => {
      for (const odd of oddDocuments("Microsoft.Web/sites")) expect(c.evaluate(odd, { classification: "general" }).status).toBe("unknown");
    });
  }
  it("a siteConfig of the wrong type reads as not collected", () => {
    const doc = armFixture("web/site-config-filled.json");
    expect(minTls.evaluate({ ...doc, properties: { siteConfig: ["1.2"] } }, { classification: "general" }).status).toBe("unknown");
  });
});
