/**
 * The fixes of the estate issue's controls, written through their modules' writers with the
 * real SDK clients: what goes on the wire, that a second scan writes nothing, and a rollback.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_SUBSCRIPTION_ID } from "../../../emulator/index.ts";
import { apiManagementService } from "../../../emulator/estates/documents/apimanagement.ts";
import { scaleSet } from "../../../emulator/estates/documents/compute.ts";
import type { Place } from "../../../emulator/estates/documents/place.ts";
import { managedInstance } from "../../../emulator/estates/documents/sql.ts";
import { site } from "../../../emulator/estates/documents/web.ts";
import { parsePolicy } from "../../../shared/config/policy.ts";
import { WEAK_PROTOCOL_SWITCHES } from "../../../shared/controls/catalog/apim.protocols.ts";
import { parseResourceId } from "../../../shared/core/index.ts";
import { writerFor } from "../../../shared/resources/index.ts";
import { scanResource } from "../../../shared/workflow/index.ts";
import { startEmulatorRuntime, type EmulatorRuntime } from "../../support/emulatorRuntime.ts";

const place: Place = { subscriptionId: DEMO_SUBSCRIPTION_ID, resourceGroup: "rg-fixes", location: "westeurope" };
const tags = { "data-classification": "general" };
const HTTP2 = "Microsoft.WindowsAzure.ApiManagement.Gateway.Protocols.Server.Http2";

const apim = apiManagementService(place, "apim-fix", { on: ["Tls10", "Tls11", "Backend.Ssl30", "TripleDes168"], tags });
apim.properties!.customProperties = { ...(apim.properties!.customProperties as Record<string, string>), [HTTP2]: "True" };
const [instance, protector] = managedInstance(place, "sqlmi-fix", { minimalTlsVersion: "1.0", tags });
const [app, appConfig] = site(place, "app-fix", { httpsOnly: true, minTlsVersion: "1.2", ftpsState: "Disabled", tags });
const vmss = scaleSet(place, "vmss-fix", { diskEncryptionSet: "des-keys", tags });

const writes = (env: EmulatorRuntime) => env.emulator.requests.filter((r) => r.method !== "GET" && r.status < 400);

describe("the estate issue's safe fixes", () => {
  let env: EmulatorRuntime;
  beforeAll(async () => {
    env = await startEmulatorRuntime({ estate: [apim, instance!, protector!, app!, appConfig!] });
  });
  afterAll(() => env.emulator.stop());

  it("apim.protocols: PATCHes the whole customProperties map with its dotted keys intact, keeps HTTP/2, and a second scan writes nothing", async () => {
    const first = await scanResource(env.runtime, apim.id);
    expect(first.actions.map((a) => [a.controlId, a.kind, a.status])).toEqual([["apim.protocols", "remediation", "applied"]]);
    const [patch] = writes(env);
    expect([patch?.method, patch?.path.toLowerCase()]).toEqual(["PATCH", apim.id.toLowerCase()]);
    const sent = (patch!.body as { properties: { customProperties: Record<string, string> } }).properties.customProperties;
    expect(sent).toEqual({ ...Object.fromEntries(WEAK_PROTOCOL_SWITCHES.map((name) => [name, "False"])), [HTTP2]: "True" });
    env.emulator.clearRequests();
    const second = await scanResource(env.runtime, apim.id);
    expect(second.findings).toEqual([expect.objectContaining({ controlId: "apim.protocols", status: "compliant" })]);
    expect(writes(env)).toEqual([]);
  });

  it("apim.protocols: the writer puts the recorded map back on rollback", async () => {
    const writer = writerFor("Microsoft.ApiManagement/service")!;
    const before = apim.properties!.customProperties;
    const clients = env.runtime.clients.forSubscription(DEMO_SUBSCRIPTION_ID);
    await writer.apply(clients, parseResourceId(apim.id), [{ path: "properties.customProperties", before, after: null }], "before");
    expect(env.emulator.store.get(apim.id)?.properties?.customProperties).toEqual(before);
    await expect(writer.apply(clients, parseResourceId(apim.id), [{ path: "properties.publicNetworkAccess", before: null, after: "Disabled" }], "after")).rejects.toThrow(
      /only properties\.customProperties is written/,
    );
  });

  it("sqlmi.min-tls: PATCHes minimalTlsVersion 1.2 through the managed instance LRO", async () => {
    env.emulator.clearRequests();
    const outcome = await scanResource(env.runtime, instance!.id);
    expect(outcome.actions.filter((a) => a.kind === "remediation").map((a) => [a.controlId, a.status])).toEqual([["sqlmi.min-tls", "applied"]]);
    expect(writes(env).map((r) => [r.method, r.path.toLowerCase(), r.body])).toEqual([["PATCH", instance!.id.toLowerCase(), { properties: { minimalTlsVersion: "1.2" } }]]);
    expect(env.emulator.store.get(instance!.id)?.properties?.minimalTlsVersion).toBe("1.2");
  });

  it("appservice.cipher-suite: writes minTlsCipherSuite to config/web, where App Service keeps it", async () => {
    env.emulator.clearRequests();
    const outcome = await scanResource(env.runtime, app!.id);
    expect(outcome.actions.filter((a) => a.kind === "remediation").map((a) => [a.controlId, a.status])).toEqual([["appservice.cipher-suite", "applied"]]);
    expect(writes(env).map((r) => [r.method, r.path.toLowerCase()])).toEqual([["PATCH", `${app!.id}/config/web`.toLowerCase()]]);
    expect(env.emulator.store.get(`${app!.id}/config/web`)?.properties?.minTlsCipherSuite).toBe("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
  });
});

describe("vmss.encryption-at-host's disruptive fix", () => {
  it("is a ticket by default, and a PATCH of the scale set model when the policy allows disruptive fixes", async () => {
    const byDefault = await startEmulatorRuntime({ estate: [vmss] });
    try {
      const outcome = await scanResource(byDefault.runtime, vmss.id);
      expect(outcome.findings.find((f) => f.controlId === "vmss.encryption-at-host")).toMatchObject({ status: "noncompliant", decision: "ticket" });
      expect(writes(byDefault)).toEqual([]);
    } finally {
      await byDefault.emulator.stop();
    }

    const policy = parsePolicy(JSON.stringify({ safety: { allowDisruptive: true }, controls: { "vmss.encryption-at-host": { mode: "remediate" } } }), "policy");
    const allowed = await startEmulatorRuntime({ estate: [vmss] }, policy);
    try {
      const outcome = await scanResource(allowed.runtime, vmss.id);
      expect(outcome.actions.filter((a) => a.kind === "remediation").map((a) => [a.controlId, a.status])).toEqual([["vmss.encryption-at-host", "applied"]]);
      expect(writes(allowed).map((r) => [r.method, r.body])).toEqual([["PATCH", { properties: { virtualMachineProfile: { securityProfile: { encryptionAtHost: true } } } }]]);
      // The model keeps everything else it had.
      expect(allowed.emulator.store.get(vmss.id)?.properties).toMatchObject({
        virtualMachineProfile: { securityProfile: { encryptionAtHost: true }, storageProfile: { osDisk: { createOption: "FromImage" } } },
      });
    } finally {
      await allowed.emulator.stop();
    }
  });
});
