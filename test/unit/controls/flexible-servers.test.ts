import { describe, expect, it } from "vitest";
import { controlsFor } from "../../../shared/controls/index.ts";
import { armFixture, catalogControl as control, evaluateAfterFix, evaluateFixture, oddDocuments, planFor } from "./arm-fixtures.ts";

const pgSecureTransport = control("postgresql.secure-transport");
const pgMinTls = control("postgresql.min-tls");
const mySecureTransport = control("mysql.secure-transport");
const myMinTls = control("mysql.min-tls");

function idsFor(path: string): string[] {
  return controlsFor(armFixture(path)).map((c) => c.id);
}

describe("server parameters pick their control by configuration name", () => {
  it("one control per parameter, names and types compared case-insensitively", () => {
    expect(idsFor("postgresql/require-secure-transport-on.json")).toEqual(["postgresql.secure-transport"]);
    expect(idsFor("postgresql/require-secure-transport-upper.json")).toEqual(["postgresql.secure-transport"]);
    expect(idsFor("postgresql/ssl-min-protocol-tlsv1.2.json")).toEqual(["postgresql.min-tls"]);
    expect(idsFor("mysql/require-secure-transport-off.json")).toEqual(["mysql.secure-transport"]);
    expect(idsFor("mysql/tls-version-legacy-list.json")).toEqual(["mysql.min-tls"]);
  });
  it("other parameters get no control (the spec's array_nulls example)", () => {
    expect(idsFor("postgresql/array-nulls.json")).toEqual([]);
  });
  it("the name comes from the id when the document has none", () => {
    const { name: _dropped, ...withoutName } = armFixture("mysql/tls-version-upper-case.json");
    expect(controlsFor(withoutName).map((c) => c.id)).toEqual(["mysql.min-tls"]);
  });
});

describe("postgresql.secure-transport", () => {
  it("accepts on, in any casing", () => {
    expect(evaluateFixture(pgSecureTransport, "postgresql/require-secure-transport-on.json").status).toBe("compliant");
    expect(evaluateFixture(pgSecureTransport, "postgresql/require-secure-transport-upper.json").status).toBe("compliant");
  });
  it("rejects off", () => {
    expect(evaluateFixture(pgSecureTransport, "postgresql/require-secure-transport-off.json").evidence).toEqual({ path: "properties.value", actual: "off", expected: "on" });
  });
  it("plans on", () => {
    expect(planFor(pgSecureTransport, "postgresql/require-secure-transport-off.json").changes).toEqual([{ path: "properties.value", before: "off", after: "on" }]);
    expect(evaluateAfterFix(pgSecureTransport, "postgresql/require-secure-transport-off.json").status).toBe("compliant");
  });
});

describe("postgresql.min-tls", () => {
  it("accepts TLSv1.2", () => {
    expect(evaluateFixture(pgMinTls, "postgresql/ssl-min-protocol-tlsv1.2.json").status).toBe("compliant");
  });
  it("rejects TLSv1.1", () => {
    expect(evaluateFixture(pgMinTls, "postgresql/ssl-min-protocol-tlsv1.1.json").status).toBe("noncompliant");
  });
  it("says unknown when the parameter has no value", () => {
    const doc = armFixture("postgresql/ssl-min-protocol-tlsv1.2.json");
    expect(pgMinTls.evaluate({ ...doc, properties: { source: "system-default" } }, { classification: "general" }).status).toBe("unknown");
  });
  it("plans TLSv1.2", () => {
    expect(evaluateAfterFix(pgMinTls, "postgresql/ssl-min-protocol-tlsv1.1.json").status).toBe("compliant");
  });
});

describe("mysql.secure-transport", () => {
  it("accepts ON in any casing", () => {
    expect(evaluateFixture(mySecureTransport, "mysql/require-secure-transport-on.json").status).toBe("compliant");
  });
  it("rejects OFF (the az CLI example's value)", () => {
    expect(evaluateFixture(mySecureTransport, "mysql/require-secure-transport-off.json").status).toBe("noncompliant");
  });
  it("plans ON", () => {
    expect(planFor(mySecureTransport, "mysql/require-secure-transport-off.json").changes).toEqual([{ path: "properties.value", before: "OFF", after: "ON" }]);
    expect(evaluateAfterFix(mySecureTransport, "mysql/require-secure-transport-off.json").status).toBe("compliant");
  });
});

describe("mysql.min-tls", () => {
  it("accepts TLSV1.2 written in upper case", () => {
    expect(evaluateFixture(myMinTls, "mysql/tls-version-upper-case.json").status).toBe("compliant");
  });
  it("rejects a list that still enables TLSv1 and TLSv1.1", () => {
    expect(evaluateFixture(myMinTls, "mysql/tls-version-legacy-list.json").evidence).toEqual({
      path: "properties.value",
      actual: "TLSv1,TLSv1.1,TLSv1.2",
      expected: "only TLSv1.2 and/or TLSv1.3",
    });
  });
  it('accepts a list pending restart and says so (the string "True")', () => {
    const verdict = evaluateFixture(myMinTls, "mysql/tls-version-pending-restart.json");
    expect(verdict.status).toBe("compliant");
    expect(verdict.reason).toMatch(/restart/);
  });
  it("says unknown for an empty or unreadable list", () => {
    const doc = armFixture("mysql/tls-version-upper-case.json");
    for (const value of ["", " , ", "SSLv3", 12]) {
      expect(myMinTls.evaluate({ ...doc, properties: { value } }, { classification: "general" }).status).toBe("unknown");
    }
  });
  it("plans TLSv1.2", () => {
    expect(planFor(myMinTls, "mysql/tls-version-legacy-list.json").changes).toEqual([{ path: "properties.value", before: "TLSv1,TLSv1.1,TLSv1.2", after: "TLSv1.2" }]);
    expect(evaluateAfterFix(myMinTls, "mysql/tls-version-legacy-list.json").status).toBe("compliant");
  });
});

describe("server parameter controls on odd documents", () => {
  const cases = [
    [pgSecureTransport, "Microsoft.DBforPostgreSQL/flexibleServers/configurations"],
    [pgMinTls, "Microsoft.DBforPostgreSQL/flexibleServers/configurations"],
    [mySecureTransport, "Microsoft.DBforMySQL/flexibleServers/configurations"],
    [myMinTls, "Microsoft.DBforMySQL/flexibleServers/configurations"],
  ] as const;
  for (const [c, type] of cases) {
    it(`${c.id} says unknown without readable properties`, () => {
      for (const odd of oddDocuments(type)) expect(c.evaluate(odd, { classification: "general" }).status).toBe("unknown");
    });
  }
});
