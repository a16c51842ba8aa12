import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EmulatorCredential } from "../../../dev/emulatorCredential.ts";
import { DEMO_SUBSCRIPTION_ID, startEmulator, type RunningEmulator } from "../../../emulator/index.ts";
import { parsePolicy } from "../../../shared/config/policy.ts";
import { verdict } from "../../../shared/controls/evidence.ts";
import { setPropertyFix } from "../../../shared/controls/fixes.ts";
import { CATALOG, type Control } from "../../../shared/controls/index.ts";
import { parseResourceId, silentLogger, type ArmDocument } from "../../../shared/core/index.ts";
import { coveredWriteOperations, defineResource, RESOURCES, rolePermissions } from "../../../shared/resources/index.ts";
import { buildTicketContent } from "../../../shared/tickets/content.ts";
import { renderMarkdown } from "../../../shared/tickets/text/index.ts";
import { createRuntime, sweep } from "../../../shared/workflow/index.ts";

const SUBSCRIPTION = "7c1d2e3f-0000-4000-8000-00000000c0de";
const API_VERSION = "2025-04-01";

/** A type the service did not know, added through the module API alone. */
const redisEnterprise = defineResource({
  type: "Microsoft.Cache/redisEnterprise",
  apiVersion: API_VERSION,
  client: "generic resources API: a type added by a test",
  names: ["cluster"],
  operations: (clients) => clients.resources.resources,
  list: (ops) => ops.list({ filter: "resourceType eq 'Microsoft.Cache/redisEnterprise'" }),
  get: (ops, id) => ops.getById(id.id, API_VERSION),
  update: (ops, id, parameters) => ops.updateById(id.id, API_VERSION, parameters),
  nested: true,
  listIsIncomplete: true,
  actions: { read: ["Microsoft.Cache/redisEnterprise/read"], write: ["Microsoft.Cache/redisEnterprise/write"] },
});

const minTls: Control = {
  id: "redisenterprise.min-tls",
  title: "Redis Enterprise requires TLS 1.2",
  severity: "high",
  stage: "in-transit",
  resourceTypes: ["Microsoft.Cache/redisEnterprise"],
  minClassification: "public",
  defaultDecision: "remediate",
  evaluate: (doc) => {
    const actual = doc.properties?.minimumTlsVersion;
    return verdict(actual === "1.2" ? "compliant" : "noncompliant", "properties.minimumTlsVersion", actual, "1.2");
  },
  fix: setPropertyFix("safe", "properties.minimumTlsVersion", "1.2", "Require TLS 1.2"),
  refs: { waf: "SE:07" },
};

const cluster: ArmDocument = {
  id: `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-cache/providers/Microsoft.Cache/redisEnterprise/cache-01`,
  type: "Microsoft.Cache/redisEnterprise",
  name: "cache-01",
  location: "westeurope",
  tags: { "data-classification": "confidential" },
  properties: { minimumTlsVersion: "1.0" },
};

describe("a resource type added through the module API alone", () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startEmulator({ subscriptions: [SUBSCRIPTION], estate: [cluster], throttle: false });
  });
  afterAll(() => emulator.stop());

  it("is listed, evaluated, fixed, named in a ticket, and in the generated role and event filter", async () => {
    const runtime = await createRuntime({
      arm: { endpoint: emulator.endpoint, ca: emulator.ca, credential: new EmulatorCredential() },
      policy: parsePolicy("{}", "policy"),
      logger: silentLogger,
      actor: "test",
      resources: [...RESOURCES, redisEnterprise],
      catalog: [...CATALOG, minTls],
    });
    const outcome = await sweep(runtime, [SUBSCRIPTION], { resourceTypes: [redisEnterprise.type] });

    expect(outcome.resources).toBe(1);
    expect(outcome.findings).toEqual([expect.objectContaining({ resourceId: cluster.id, controlId: minTls.id, status: "noncompliant", decision: "remediate", classification: "confidential" })]);
    expect(outcome.actions).toEqual([expect.objectContaining({ kind: "remediation", status: "applied", after: { "properties.minimumTlsVersion": "1.2" } })]);
    expect(emulator.store.get(cluster.id)?.properties?.minimumTlsVersion).toBe("1.2");
    expect(emulator.requests.filter((r) => r.method === "PATCH").map((r) => [r.path.toLowerCase(), r.apiVersion])).toEqual([[cluster.id.toLowerCase(), API_VERSION]]);

    const ticket = buildTicketContent(
      { finding: outcome.findings[0]! },
      { howToFixByHand: "```sh\naz redisenterprise update --cluster-name <cluster> -g <rg> --minimum-tls-version 1.2\n```" },
      { resources: runtime.resources },
    );
    expect(ticket.title).toBe("[encryption-guard] Redis Enterprise requires TLS 1.2: cache-01");
    expect(renderMarkdown(ticket.body, 65_536)).toContain("az redisenterprise update --cluster-name cache-01 -g rg-cache --minimum-tls-version 1.2");

    const fixable = [...new Set(runtime.catalog.filter((c) => c.fix).flatMap((c) => c.resourceTypes))];
    expect(rolePermissions(fixable, runtime.resources).actions).toEqual(expect.arrayContaining(["Microsoft.Cache/redisEnterprise/read", "Microsoft.Cache/redisEnterprise/write"]));
    expect(
      coveredWriteOperations(
        runtime.catalog.flatMap((c) => c.resourceTypes),
        runtime.resources,
      ),
    ).toContain("Microsoft.Cache/redisEnterprise/write");
  });
});

describe("every module's declared api-version is the one on the wire", () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startEmulator({ estate: "demo", throttle: false });
  });
  afterAll(() => emulator.stop());

  it.each(RESOURCES.map((module) => [module.type, module] as const))("%s", async (_, module) => {
    const runtime = await createRuntime({
      arm: { endpoint: emulator.endpoint, ca: emulator.ca, credential: new EmulatorCredential() },
      pacer: false,
      policy: parsePolicy("{}", "policy"),
      logger: silentLogger,
      actor: "test",
    });
    const clients = runtime.clients.forSubscription(DEMO_SUBSCRIPTION_ID);
    let first: ArmDocument | undefined;
    for await (const doc of module.list(clients)) first ??= doc;
    expect(first, `the demo estate has a ${module.type}`).toBeDefined();
    emulator.clearRequests();
    await module.collect(clients, parseResourceId(first!.id));
    // A data-plane type is read from its vault's host (`/certificates/<name>`), not at its ARM-shaped id.
    const path = module.plane === "data" ? `/certificates/${first!.name}` : first!.id;
    const get = emulator.requests.find((r) => r.method === "GET" && r.status === 200 && r.path.toLowerCase() === path.toLowerCase());
    expect(get?.apiVersion).toBe(module.apiVersion);
  });
});
