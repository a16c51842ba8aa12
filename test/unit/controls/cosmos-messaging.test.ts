import { describe, expect, it } from "vitest";
import { controlsFor } from "../../../shared/controls/index.ts";
import { armFixture, catalogControl as control, evaluateAfterFix, evaluateFixture, oddDocuments, planFor } from "./arm-fixtures.ts";

const cosmosMinTls = control("cosmos.min-tls");
const cosmosCmk = control("cosmos.cmk");
const eventhubMinTls = control("eventhub.min-tls");
const servicebusMinTls = control("servicebus.min-tls");
const eventgridMinTls = control("eventgrid.min-tls");

describe("cosmos.min-tls", () => {
  it("accepts Tls12", () => {
    expect(evaluateFixture(cosmosMinTls, "cosmos/account-cmk-tls12.json").status).toBe("compliant");
  });
  it("rejects Tls (the spec example's value) and Tls11", () => {
    expect(evaluateFixture(cosmosMinTls, "cosmos/account-tls10.json").evidence).toEqual({ path: "properties.minimalTlsVersion", actual: "Tls", expected: "Tls12 or higher" });
    expect(evaluateFixture(cosmosMinTls, "cosmos/account-tls11.json").status).toBe("noncompliant");
  });
  it("reads an absent minimum as Tls12, the current default", () => {
    expect(evaluateFixture(cosmosMinTls, "cosmos/account-tls-absent.json").status).toBe("compliant");
  });
  it("plans Tls12", () => {
    expect(planFor(cosmosMinTls, "cosmos/account-tls10.json").changes).toEqual([{ path: "properties.minimalTlsVersion", before: "Tls", after: "Tls12" }]);
    expect(evaluateAfterFix(cosmosMinTls, "cosmos/account-tls11.json").status).toBe("compliant");
  });
});

describe("cosmos.cmk", () => {
  it("accepts a key URI", () => {
    expect(evaluateFixture(cosmosCmk, "cosmos/account-cmk-tls12.json").status).toBe("compliant");
  });
  it("rejects no key URI and an empty one", () => {
    expect(evaluateFixture(cosmosCmk, "cosmos/account-tls10.json").status).toBe("noncompliant");
    expect(evaluateFixture(cosmosCmk, "cosmos/account-tls-absent.json").evidence.actual).toBe("");
  });
  it("says unknown for a key URI that is not a string", () => {
    const doc = armFixture("cosmos/account-tls10.json");
    expect(cosmosCmk.evaluate({ ...doc, properties: { keyVaultKeyUri: { uri: "x" } } }, { classification: "general" }).status).toBe("unknown");
  });
  it("has no fix and applies from confidential", () => {
    expect(cosmosCmk.fix).toBeUndefined();
    expect(cosmosCmk.minClassification).toBe("confidential");
  });
});

describe("eventhub.min-tls", () => {
  it("accepts 1.2 and rejects 1.0", () => {
    expect(evaluateFixture(eventhubMinTls, "eventhub/namespace-tls12.json").status).toBe("compliant");
    expect(evaluateFixture(eventhubMinTls, "eventhub/namespace-tls10.json").status).toBe("noncompliant");
  });
  it("says unknown when an older api-version left the property out", () => {
    expect(evaluateFixture(eventhubMinTls, "eventhub/namespace-old-api-version.json").status).toBe("unknown");
  });
  it("plans 1.2", () => {
    expect(evaluateAfterFix(eventhubMinTls, "eventhub/namespace-tls10.json").status).toBe("compliant");
  });
});

describe("servicebus.min-tls", () => {
  it("accepts 1.3 and rejects 1.1", () => {
    expect(evaluateFixture(servicebusMinTls, "servicebus/namespace-tls13.json").status).toBe("compliant");
    expect(evaluateFixture(servicebusMinTls, "servicebus/namespace-tls11.json").status).toBe("noncompliant");
  });
  it("says unknown for what the typed 6.1.0 client hands over (no minimumTlsVersion)", () => {
    expect(evaluateFixture(servicebusMinTls, "servicebus/namespace-typed-client.json").reason).toMatch(/api-version or client/);
  });
  it("plans 1.2", () => {
    expect(planFor(servicebusMinTls, "servicebus/namespace-tls11.json").changes).toEqual([{ path: "properties.minimumTlsVersion", before: "1.1", after: "1.2" }]);
    expect(evaluateAfterFix(servicebusMinTls, "servicebus/namespace-tls11.json").status).toBe("compliant");
  });
});

describe("eventgrid.min-tls", () => {
  it("covers topics and domains", () => {
    expect(controlsFor(armFixture("eventgrid/topic-tls11.json")).map((c) => c.id)).toEqual(["eventgrid.min-tls"]);
    expect(controlsFor(armFixture("eventgrid/domain-tls12.json")).map((c) => c.id)).toEqual(["eventgrid.min-tls"]);
  });
  it("accepts a domain at 1.2 and rejects a topic at 1.1", () => {
    expect(evaluateFixture(eventgridMinTls, "eventgrid/domain-tls12.json").status).toBe("compliant");
    expect(evaluateFixture(eventgridMinTls, "eventgrid/topic-tls11.json").evidence).toEqual({ path: "properties.minimumTlsVersionAllowed", actual: "1.1", expected: "1.2 or higher" });
  });
  it("says unknown for a topic read with 2022-06-15, which has no such property", () => {
    expect(evaluateFixture(eventgridMinTls, "eventgrid/topic-2022-06-15.json").status).toBe("unknown");
  });
  it("plans 1.2", () => {
    expect(evaluateAfterFix(eventgridMinTls, "eventgrid/topic-tls11.json").status).toBe("compliant");
  });
});

describe("cosmos and messaging controls on odd documents", () => {
  const cases = [
    [cosmosMinTls, "Microsoft.DocumentDB/databaseAccounts"],
    [cosmosCmk, "Microsoft.DocumentDB/databaseAccounts"],
    [eventhubMinTls, "Microsoft.EventHub/namespaces"],
    [servicebusMinTls, "Microsoft.ServiceBus/namespaces"],
    [eventgridMinTls, "Microsoft.EventGrid/topics"],
  ] as const;
  for (const [c, type] of cases) {
    it(`${c.id} says unknown without readable properties`, () => {
      for (const odd of oddDocuments(type)) expect(c.evaluate(odd, { classification: "general" }).status).toBe("unknown");
    });
  }
});
