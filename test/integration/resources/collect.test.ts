import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { RESOURCES, moduleForType, evaluationTarget, writerFor } from "../../../shared/resources/index.ts";
import { parsePolicy } from "../../../shared/config/policy.ts";
import { scanResource, sweep } from "../../../shared/workflow/index.ts";
import { startEmulatorRuntime, type EmulatorRuntime } from "../../support/emulatorRuntime.ts";
import { fixEstate, providers, SUB } from "./estate.ts";
import { type ArmDocument, parseResourceId } from "../../../shared/core/index.ts";

const pgServer = `${providers}/Microsoft.DBforPostgreSQL/flexibleServers/pg-fix`;

async function all(items: AsyncIterable<ArmDocument>): Promise<ArmDocument[]> {
  const result: ArmDocument[] = [];
  for await (const item of items) result.push(item);
  return result;
}

describe("the catalog issue's adapters against the emulator", () => {
  let env: EmulatorRuntime;
  const clients = () => env.runtime.clients.forSubscription(SUB);
  const adapter = (type: string) => moduleForType(type)!;

  beforeAll(async () => {
    env = await startEmulatorRuntime({ estate: fixEstate(), pageSize: 2 });
  });
  afterAll(() => env.emulator.stop());
  beforeEach(() => env.emulator.clearRequests());

  it("lists every server parameter across pages, and a sweep evaluates only those a control reads", async () => {
    const pg = await all(adapter("Microsoft.DBforPostgreSQL/flexibleServers/configurations").list(clients()));
    expect(pg.map((d) => d.name).sort()).toEqual(["max_connections", "require_secure_transport", "ssl_min_protocol_version"]);
    // Three parameters at two per page: the second page was followed.
    expect(env.emulator.requests.filter((r) => r.method === "GET" && r.path.endsWith("/pg-fix/configurations"))).toHaveLength(2);
    const swept = await sweep({ ...env.runtime, dryRun: true }, [SUB], {
      resourceTypes: ["Microsoft.DBforPostgreSQL/flexibleServers/configurations", "Microsoft.DBforMySQL/flexibleServers/configurations"],
    });
    expect([...new Set(swept.findings.map((f) => f.resourceId.split("/").pop()))].sort()).toEqual(["require_secure_transport", "ssl_min_protocol_version", "tls_version"]);
    expect(swept.findings.map((f) => f.resourceId).filter((id) => id.endsWith("max_connections"))).toEqual([]);
  });

  it("classifies a server parameter by its server's tags", async () => {
    env.emulator.store.merge(pgServer, { tags: { "data-classification": "highly-confidential" } });
    const collected = await adapter("Microsoft.DBforPostgreSQL/flexibleServers/configurations").collect(clients(), parseResourceId(`${pgServer}/configurations/ssl_min_protocol_version`));
    expect(collected).toHaveLength(1);
    expect(collected[0]).toMatchObject({ doc: { name: "ssl_min_protocol_version", properties: { value: "TLSv1" } }, inheritedTags: { "data-classification": "highly-confidential" } });
    const { findings } = await scanResource({ ...env.runtime, dryRun: true }, `${pgServer}/configurations/ssl_min_protocol_version`);
    expect(findings).toEqual([expect.objectContaining({ controlId: "postgresql.min-tls", classification: "highly-confidential", status: "noncompliant" })]);
  });

  it("costs no read for an event of a parameter no control reads", async () => {
    const outcome = await scanResource(env.runtime, `${pgServer}/configurations/max_connections`);
    expect(outcome).toEqual({ findings: [], actions: [] });
    expect(env.emulator.requests).toEqual([]);
  });

  it("maps every covered id to its own adapter: configurations are evaluated documents, not children", () => {
    for (const [id, type] of [
      [`${pgServer}/configurations/require_secure_transport`, "Microsoft.DBforPostgreSQL/flexibleServers/configurations"],
      [`${providers}/microsoft.dbformysql/flexibleservers/mysql-fix/configurations/tls_version`, "Microsoft.DBforMySQL/flexibleServers/configurations"],
      [`${providers}/Microsoft.EventGrid/domains/egd-fix`, "Microsoft.EventGrid/domains"],
      [`${providers}/Microsoft.Network/applicationGateways/agw-fix`, "Microsoft.Network/applicationGateways"],
    ] as const) {
      const target = evaluationTarget(id);
      expect(target?.module.type).toBe(type);
      expect(target?.id.id).toBe(id);
    }
    // A server's own event is not one the parameter controls judge.
    expect(evaluationTarget(pgServer)).toBeUndefined();
  });

  it("reads Service Bus and Event Grid through the generic API even when the typed list returned the resource", async () => {
    for (const [type, apiVersion] of [
      ["Microsoft.ServiceBus/namespaces", "2024-01-01"],
      ["Microsoft.EventGrid/topics", "2025-02-15"],
      ["Microsoft.EventGrid/domains", "2025-02-15"],
    ] as const) {
      env.emulator.clearRequests();
      const [listed] = await all(adapter(type).list(clients()));
      const collected = await adapter(type).collect(clients(), parseResourceId(listed!.id), listed);
      expect(collected[0]?.doc.properties).toHaveProperty(type.startsWith("Microsoft.EventGrid") ? "minimumTlsVersionAllowed" : "minimumTlsVersion");
      const reads = env.emulator.requests.filter((r) => r.method === "GET").map((r) => r.apiVersion);
      // The typed list at its own api-version, then the generic GET at one that carries the TLS property.
      expect(reads.at(-1)).toBe(apiVersion);
      expect(reads[0]).not.toBe(apiVersion);
    }
  });

  it("names the RBAC actions of every read and write", () => {
    for (const a of RESOURCES) {
      // A data-plane type's own read is a data action; ARM only lists its parents.
      expect(a.plane === "data" ? a.readDataActions : a.readActions).toContain(`${a.type}/read`);
    }
    expect(writerFor("Microsoft.DBforPostgreSQL/flexibleServers/configurations")?.actions).toEqual(["Microsoft.DBforPostgreSQL/flexibleServers/configurations/write"]);
    expect(writerFor("Microsoft.DBforMySQL/flexibleServers/configurations")?.actions).toEqual(["Microsoft.DBforMySQL/flexibleServers/configurations/write"]);
    expect(adapter("Microsoft.DBforMySQL/flexibleServers/configurations").readActions).toContain("Microsoft.DBforMySQL/flexibleServers/read");
    for (const type of [
      "Microsoft.Cache/redis",
      "Microsoft.DocumentDB/databaseAccounts",
      "Microsoft.EventHub/namespaces",
      "Microsoft.ServiceBus/namespaces",
      "Microsoft.EventGrid/topics",
      "Microsoft.EventGrid/domains",
    ]) {
      expect(writerFor(type)?.actions).toEqual([`${type}/write`]);
    }
    // The gateway's PUT also needs join rights on what it references: only the opt-in role grants them.
    expect(writerFor("Microsoft.Network/applicationGateways")).toMatchObject({
      actions: ["Microsoft.Network/applicationGateways/write"],
      optInActions: expect.arrayContaining(["Microsoft.Network/virtualNetworks/subnets/join/action"]),
    });
  });

  it("rolls a server parameter back to its before value", async () => {
    const id = parseResourceId(`${providers}/Microsoft.DBforMySQL/flexibleServers/mysql-fix/configurations/tls_version`);
    const writer = writerFor(id.type)!;
    const changes = [{ path: "properties.value", before: "TLSv1,TLSv1.2", after: "TLSv1.2" }];
    await writer.apply(clients(), id, changes, "after");
    expect(env.emulator.store.get(id.id)?.properties).toMatchObject({ value: "TLSv1.2" });
    await writer.apply(clients(), id, changes, "before");
    expect(env.emulator.store.get(id.id)?.properties).toMatchObject({ value: "TLSv1,TLSv1.2" });
  });
});

describe("the application gateway's disruptive TLS policy fix, when the policy allows it", () => {
  const policy = parsePolicy(JSON.stringify({ safety: { allowDisruptive: true }, controls: { "appgw.tls-policy": { mode: "remediate" } } }), "gateway policy");
  let env: EmulatorRuntime;
  beforeAll(async () => {
    env = await startEmulatorRuntime({ estate: fixEstate() }, policy);
  });
  afterAll(() => env.emulator.stop());

  it("PUTs the whole gateway back with the new policy, and a second scan writes nothing", async () => {
    const id = `${providers}/Microsoft.Network/applicationGateways/agw-fix`;
    const before = env.emulator.store.get(id)!;
    const first = await scanResource(env.runtime, id);
    expect(first.actions.map((a) => [a.controlId, a.kind, a.status])).toEqual([["appgw.tls-policy", "remediation", "applied"]]);

    const writes = env.emulator.requests.filter((r) => r.method !== "GET" && r.status < 400);
    expect(writes.map((r) => [r.method, r.path])).toEqual([["PUT", id]]);
    const body = writes[0]!.body as ArmDocument;
    expect(body.properties).toMatchObject({
      sslPolicy: { policyType: "Predefined", policyName: "AppGwSslPolicy20220101" },
      // The PUT carries what the gateway already had, so nothing else changes.
      gatewayIPConfigurations: before.properties!.gatewayIPConfigurations,
      httpListeners: before.properties!.httpListeners,
      sku: before.properties!.sku,
    });
    expect(body.properties!.sslPolicy).not.toHaveProperty("minProtocolVersion");
    expect(env.emulator.store.get(id)?.properties).toMatchObject({ sslPolicy: { policyType: "Predefined", policyName: "AppGwSslPolicy20220101" }, operationalState: "Running" });

    env.emulator.clearRequests();
    const second = await scanResource(env.runtime, id);
    expect(second.actions).toEqual([]);
    expect(second.findings).toEqual([expect.objectContaining({ controlId: "appgw.tls-policy", status: "compliant" })]);
    expect(env.emulator.requests.filter((r) => r.method !== "GET")).toEqual([]);
  });
});
