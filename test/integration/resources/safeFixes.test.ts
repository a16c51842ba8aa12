import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { parsePolicy } from "../../../shared/config/policy.ts";
import { scanResource } from "../../../shared/workflow/index.ts";
import { startEmulatorRuntime, type EmulatorRuntime } from "../../support/emulatorRuntime.ts";
import { fixEstate, providers, WORKSPACE_ID } from "./estate.ts";

const policy = parsePolicy(JSON.stringify({ controls: { "keyvault.diagnostics": { params: { workspaceId: WORKSPACE_ID } } } }), "safe-fixes policy");

interface SafeFixCase {
  /** The id a scan starts from (an event's subject): a configuration's own id for server parameters. */
  id: string;
  controls: string[];
  write: { method: string; path: string; apiVersion?: string; body: unknown };
  /** The stored document's properties afterwards, as ARM would return them. */
  stored: { id?: string; properties: Record<string, unknown> };
}

const pgParameter = (name: string) => `${providers}/Microsoft.DBforPostgreSQL/flexibleServers/pg-fix/configurations/${name}`;
const mysqlParameter = (name: string) => `${providers}/Microsoft.DBforMySQL/flexibleServers/mysql-fix/configurations/${name}`;
const userOverride = (value: string) => ({ properties: { value, source: "user-override" } });

const CASES: Record<string, SafeFixCase> = {
  "redis.min-tls + redis.non-ssl-port (one PATCH through the LRO)": {
    id: `${providers}/Microsoft.Cache/redis/redis-fix`,
    controls: ["redis.min-tls", "redis.non-ssl-port"],
    write: { method: "PATCH", path: `${providers}/Microsoft.Cache/redis/redis-fix`, body: { properties: { minimumTlsVersion: "1.2", enableNonSslPort: false } } },
    stored: { properties: { minimumTlsVersion: "1.2", enableNonSslPort: false, sslPort: 6380 } },
  },
  "postgresql.secure-transport (PUT of the parameter)": {
    id: pgParameter("require_secure_transport"),
    controls: ["postgresql.secure-transport"],
    write: { method: "PUT", path: pgParameter("require_secure_transport"), body: userOverride("on") },
    stored: { properties: { value: "on", source: "user-override", defaultValue: "on" } },
  },
  "postgresql.min-tls (PUT of the parameter)": {
    id: pgParameter("ssl_min_protocol_version"),
    controls: ["postgresql.min-tls"],
    write: { method: "PUT", path: pgParameter("ssl_min_protocol_version"), body: userOverride("TLSv1.2") },
    stored: { properties: { value: "TLSv1.2", source: "user-override" } },
  },
  "mysql.secure-transport (PATCH of the parameter)": {
    id: mysqlParameter("require_secure_transport"),
    controls: ["mysql.secure-transport"],
    write: { method: "PATCH", path: mysqlParameter("require_secure_transport"), body: userOverride("ON") },
    stored: { properties: { value: "ON", source: "user-override" } },
  },
  "mysql.min-tls (PATCH of the static parameter)": {
    id: mysqlParameter("tls_version"),
    controls: ["mysql.min-tls"],
    write: { method: "PATCH", path: mysqlParameter("tls_version"), body: userOverride("TLSv1.2") },
    stored: { properties: { value: "TLSv1.2", source: "user-override", isDynamicConfig: false } },
  },
  "cosmos.min-tls (PATCH through the LRO)": {
    id: `${providers}/Microsoft.DocumentDB/databaseAccounts/cosmos-fix`,
    controls: ["cosmos.min-tls"],
    write: { method: "PATCH", path: `${providers}/Microsoft.DocumentDB/databaseAccounts/cosmos-fix`, body: { properties: { minimalTlsVersion: "Tls12" } } },
    stored: { properties: { minimalTlsVersion: "Tls12", databaseAccountOfferType: "Standard" } },
  },
  "eventhub.min-tls (synchronous PATCH)": {
    id: `${providers}/Microsoft.EventHub/namespaces/evh-fix`,
    controls: ["eventhub.min-tls"],
    write: { method: "PATCH", path: `${providers}/Microsoft.EventHub/namespaces/evh-fix`, body: { properties: { minimumTlsVersion: "1.2" } } },
    stored: { properties: { minimumTlsVersion: "1.2", status: "Active" } },
  },
  "servicebus.min-tls (generic PATCH at an api-version that has the property)": {
    id: `${providers}/Microsoft.ServiceBus/namespaces/sb-fix`,
    controls: ["servicebus.min-tls"],
    write: { method: "PATCH", path: `${providers}/Microsoft.ServiceBus/namespaces/sb-fix`, apiVersion: "2024-01-01", body: { properties: { minimumTlsVersion: "1.2" } } },
    stored: { properties: { minimumTlsVersion: "1.2", status: "Active" } },
  },
  "eventgrid.min-tls on a topic (generic PATCH)": {
    id: `${providers}/Microsoft.EventGrid/topics/egt-fix`,
    controls: ["eventgrid.min-tls"],
    write: { method: "PATCH", path: `${providers}/Microsoft.EventGrid/topics/egt-fix`, apiVersion: "2025-02-15", body: { properties: { minimumTlsVersionAllowed: "1.2" } } },
    stored: { properties: { minimumTlsVersionAllowed: "1.2", inputSchema: "EventGridSchema" } },
  },
  "eventgrid.min-tls on a domain (generic PATCH)": {
    id: `${providers}/Microsoft.EventGrid/domains/egd-fix`,
    controls: ["eventgrid.min-tls"],
    write: { method: "PATCH", path: `${providers}/Microsoft.EventGrid/domains/egd-fix`, apiVersion: "2025-02-15", body: { properties: { minimumTlsVersionAllowed: "1.2" } } },
    stored: { properties: { minimumTlsVersionAllowed: "1.2", inputSchema: "EventGridSchema" } },
  },
  "appservice.ftps (PATCH of config/web)": {
    id: `${providers}/Microsoft.Web/sites/app-fix`,
    controls: ["appservice.ftps"],
    write: { method: "PATCH", path: `${providers}/Microsoft.Web/sites/app-fix/config/web`, body: { properties: { ftpsState: "FtpsOnly" } } },
    stored: { id: `${providers}/Microsoft.Web/sites/app-fix/config/web`, properties: { ftpsState: "FtpsOnly", minTlsVersion: "1.2" } },
  },
  "keyvault.diagnostics (PUT of a diagnostic setting to the policy's workspace)": {
    id: `${providers}/Microsoft.KeyVault/vaults/kv-fix`,
    controls: ["keyvault.diagnostics"],
    write: {
      method: "PUT",
      path: `${providers}/Microsoft.KeyVault/vaults/kv-fix/providers/Microsoft.Insights/diagnosticSettings/encryption-guard`,
      body: { properties: { workspaceId: WORKSPACE_ID, logs: [{ categoryGroup: "audit", enabled: true }] } },
    },
    stored: {
      id: `${providers}/Microsoft.KeyVault/vaults/kv-fix/providers/Microsoft.Insights/diagnosticSettings/encryption-guard`,
      properties: { workspaceId: WORKSPACE_ID, logs: [{ categoryGroup: "audit", enabled: true }] },
    },
  },
};

const WRITE_METHODS = new Set(["PUT", "PATCH", "POST", "DELETE"]);

describe.each(["async", "sync"] as const)("each safe fix over the wire (lro %s)", (lro) => {
  let env: EmulatorRuntime;
  beforeAll(async () => {
    env = await startEmulatorRuntime({ estate: fixEstate(), lro }, policy);
  });
  afterAll(() => env.emulator.stop());
  beforeEach(() => env.emulator.clearRequests());

  const writes = () => env.emulator.requests.filter((r) => WRITE_METHODS.has(r.method) && r.status < 400);

  it.each(Object.entries(CASES))("%s", async (_name, fix) => {
    const first = await scanResource(env.runtime, fix.id);

    const remediations = first.actions.filter((a) => a.kind === "remediation");
    expect(remediations.map((a) => [a.controlId, a.status]).sort()).toEqual(fix.controls.map((c) => [c, "applied"]).sort());
    expect(first.actions.filter((a) => a.kind === "ticket")).toEqual([]);
    for (const control of fix.controls) {
      expect(first.findings.find((f) => f.controlId === control)).toMatchObject({ status: "noncompliant", decision: "remediate" });
    }

    // Every fix of the document went out as one write, in the shape the service expects.
    expect(writes().map(({ method, path, apiVersion, body }) => ({ method, path, ...(fix.write.apiVersion ? { apiVersion } : {}), body }))).toEqual([fix.write]);
    expect(env.emulator.store.get(fix.stored.id ?? fix.id)?.properties).toMatchObject(fix.stored.properties);

    env.emulator.clearRequests();
    const second = await scanResource(env.runtime, fix.id);
    expect(writes()).toEqual([]);
    expect(second.actions).toEqual([]);
    for (const control of fix.controls) {
      expect(second.findings.find((f) => f.controlId === control)).toMatchObject({ status: "compliant", decision: "none" });
    }
  });
});
