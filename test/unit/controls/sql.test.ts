import { describe, expect, it } from "vitest";
import { armFixture, catalogControl as control, evaluateAfterFix, evaluateFixture, oddDocuments, planFor } from "./arm-fixtures.ts";

const minTls = control("sql.min-tls");
const tde = control("sql.tde");
const tdeCmk = control("sql.tde-cmk");

describe("sql.min-tls", () => {
  it("accepts 1.2 from a portal JSON view and 1.3 on a lower-case type", () => {
    expect(evaluateFixture(minTls, "sql/server-portal-tls12.json").status).toBe("compliant");
    expect(evaluateFixture(minTls, "sql/server-tls13.json").status).toBe("compliant");
  });
  it('rejects "None": no minimum at all', () => {
    const verdict = evaluateFixture(minTls, "sql/server-tls-none.json");
    expect(verdict.status).toBe("noncompliant");
    expect(verdict.evidence).toEqual({ path: "properties.minimalTlsVersion", actual: "None", expected: "1.2 or 1.3" });
  });
  it("rejects a server without minimalTlsVersion (the spec's ServerGet shape)", () => {
    const verdict = evaluateFixture(minTls, "sql/server-tls-absent.json");
    expect(verdict.status).toBe("noncompliant");
    expect(verdict.reason).toMatch(/no minimum/);
  });
  it("rejects 1.0 and 1.1", () => {
    const doc = armFixture("sql/server-portal-tls12.json");
    for (const version of ["1.0", "1.1"]) {
      expect(minTls.evaluate({ ...doc, properties: { ...doc.properties, minimalTlsVersion: version } }, { classification: "general" }).status).toBe("noncompliant");
    }
  });
  it("says unknown for az CLI's flattened output, which has no properties envelope", () => {
    expect(evaluateFixture(minTls, "sql/server-azcli-flattened.json").status).toBe("unknown");
  });
  it("plans 1.2 and the fixed server complies", () => {
    expect(planFor(minTls, "sql/server-tls-none.json").changes).toEqual([{ path: "properties.minimalTlsVersion", before: "None", after: "1.2" }]);
    expect(evaluateAfterFix(minTls, "sql/server-tls-absent.json").status).toBe("compliant");
  });
});

describe("sql.tde", () => {
  it("accepts state Enabled on a document that carries the database id", () => {
    const verdict = evaluateFixture(tde, "sql/tde-enabled.json");
    expect(verdict.status).toBe("compliant");
    expect(verdict.evidence.path).toBe("properties.state");
  });
  it("reads lower-case state and type as Resource Graph returns them", () => {
    expect(evaluateFixture(tde, "sql/tde-resource-graph.json").status).toBe("compliant");
  });
  it("rejects Disabled", () => {
    expect(evaluateFixture(tde, "sql/tde-disabled.json").status).toBe("noncompliant");
  });
  it("reads the 2014-04-01 `status` spelling", () => {
    const verdict = evaluateFixture(tde, "sql/tde-2014-04-01-status.json");
    expect(verdict.status).toBe("noncompliant");
    expect(verdict.evidence).toEqual({ path: "properties.status", actual: "Disabled", expected: "Enabled" });
  });
  it("does not apply to master, whatever its state", () => {
    const verdict = evaluateFixture(tde, "sql/tde-master-disabled.json");
    expect(verdict.status).toBe("not-applicable");
    expect(verdict.evidence.actual).toBe("master");
  });
  it("takes the database from an id that ends in transparentDataEncryption/current too", () => {
    const doc = armFixture("sql/tde-master-disabled.json");
    expect(tde.evaluate({ ...doc, id: `${doc.id}/transparentDataEncryption/current` }, { classification: "general" }).status).toBe("not-applicable");
  });
  it("says unknown when neither state nor status is there, or the value is odd", () => {
    const doc = armFixture("sql/tde-enabled.json");
    expect(tde.evaluate({ ...doc, properties: {} }, { classification: "general" }).status).toBe("unknown");
    expect(tde.evaluate({ ...doc, properties: { state: true } }, { classification: "general" }).status).toBe("unknown");
  });
  it("plans state Enabled, which also fixes a 2014-04-01 document", () => {
    expect(planFor(tde, "sql/tde-disabled.json").changes).toEqual([{ path: "properties.state", before: "Disabled", after: "Enabled" }]);
    expect(evaluateAfterFix(tde, "sql/tde-2014-04-01-status.json").status).toBe("compliant");
  });
});

describe("sql.tde-cmk", () => {
  it("accepts a Key Vault protector", () => {
    expect(evaluateFixture(tdeCmk, "sql/protector-key-vault.json").status).toBe("compliant");
  });
  it("rejects the service-managed protector", () => {
    const verdict = evaluateFixture(tdeCmk, "sql/protector-service-managed.json");
    expect(verdict.status).toBe("noncompliant");
    expect(verdict.evidence).toEqual({ path: "properties.serverKeyType", actual: "ServiceManaged", expected: "AzureKeyVault" });
  });
  it("reads a missing key type as service-managed", () => {
    const doc = armFixture("sql/protector-key-vault.json");
    expect(tdeCmk.evaluate({ ...doc, properties: { serverKeyName: "x" } }, { classification: "general" }).status).toBe("noncompliant");
  });
  it("has no fix: the key must first be registered on the server", () => {
    expect(tdeCmk.fix).toBeUndefined();
  });
});

describe("sql controls on odd documents", () => {
  const cases = [
    [minTls, "Microsoft.Sql/servers"],
    [tdeCmk, "Microsoft.Sql/servers/encryptionProtector"],
    [tde, "Microsoft.Sql/servers/databases/transparentDataEncryption"],
  ] as const;
  for (const [c, type] of cases) {
    it(`${c.id} says unknown without readable properties`, () => {
      for (const odd of oddDocuments(type)) expect(c.evaluate(odd, { classification: "general" }).status).toBe("unknown");
    });
  }
});
