import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { DEFAULT_POLICY } from "../../../shared/config/index.ts";
import { z } from "zod";
import { CATALOG, controlById, controlsFor, policyParamsSchema } from "../../../shared/controls/index.ts";
import { evaluationContext } from "../../../shared/engine/index.ts";
import { armFixture } from "./arm-fixtures.ts";
import type { ArmDocument } from "../../../shared/core/index.ts";

/** Every control's id; a control added or renamed must show up here on purpose. */
const EXPECTED_IDS = [
  "keyvault.key-expiry",
  "keyvault.key-rotation",
  "keyvault.key-hsm",
  "keyvault.key-strength",
  "keyvault.secret-expiry",
  "cmk.key-available",
  "cmk.auto-rotation",
  "cmk.key-separation",
  "cmk.vault-protection",
  "storage.cmk",
  "storage.min-tls",
  "storage.https-only",
  "sql.tde",
  "sql.min-tls",
  "disk.cmk",
  "vm.encryption-at-host",
  "vm.confidential",
  "appservice.https-only",
  "appservice.min-tls",
  "storage.infrastructure-encryption",
  "sql.tde-cmk",
  "disk.double-encryption",
  "vm.trusted-launch",
  "keyvault.soft-delete",
  "keyvault.purge-protection",
  "keyvault.rbac",
  "keyvault.certificate-expiry",
  "keyvault.certificate-autorenew",
  "keyvault.certificate-lifetime",
  "keyvault.certificate-key",
  "keyvault.network",
  "keyvault.diagnostics",
  "appservice.ftps",
  "redis.min-tls",
  "redis.non-ssl-port",
  "postgresql.secure-transport",
  "postgresql.min-tls",
  "mysql.secure-transport",
  "mysql.min-tls",
  "cosmos.min-tls",
  "cosmos.cmk",
  "eventhub.min-tls",
  "servicebus.min-tls",
  "eventgrid.min-tls",
  "appgw.tls-policy",
  "backup.cmk",
  "backup.infrastructure-encryption",
  "aks.kms",
  "aks.encryption-at-host",
  "aks.disk-cmk",
  "vmss.encryption-at-host",
  "vmss.disk-cmk",
  "apim.protocols",
  "frontdoor.min-tls",
  "appservice.cipher-suite",
  "appservice.client-cert",
  "sqlmi.min-tls",
  "sqlmi.tde-cmk",
];

const STATUSES = ["compliant", "noncompliant", "not-applicable", "unknown", "exempt"];

function allFixtures(): string[] {
  const root = new URL("../../fixtures/arm/", import.meta.url);
  return readdirSync(root, { recursive: true, encoding: "utf8" }).filter((path) => path.endsWith(".json"));
}

/** The document with every value under `properties` replaced by `odd`, keeping the structure. */
function withEveryValue(doc: ArmDocument, odd: unknown): ArmDocument {
  const replace = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(replace);
    if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, replace(inner)]));
    return odd;
  };
  return { ...doc, properties: replace(doc.properties) as Record<string, unknown>, diagnosticSettings: replace(doc.diagnosticSettings) };
}

describe("the catalog", () => {
  it("holds exactly these 58 controls, each id once", () => {
    const ids = CATALOG.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual([...EXPECTED_IDS].sort());
  });

  it("is ordered by resource type, then id", () => {
    const keys = CATALOG.map((c) => `${(c.resourceTypes[0] ?? "").toLowerCase()} ${c.id}`);
    expect(keys).toEqual([...keys].sort((a, b) => a.localeCompare(b)));
  });

  it("gives every control a title, a resource type and the SE:07 reference", () => {
    for (const c of CATALOG) {
      expect(c.refs.waf, c.id).toBe("SE:07");
      expect(c.title.length, c.id).toBeGreaterThan(10);
      expect(c.resourceTypes.length, c.id).toBeGreaterThan(0);
      expect(controlById(c.id)).toBe(c);
    }
  });

  it("gives every control whose default decision is remediate a fix", () => {
    for (const c of CATALOG.filter((control) => control.defaultDecision === "remediate")) expect(c.fix, c.id).toBeDefined();
  });

  it("gives every evaluation parameter a default, so a policy need not name it", () => {
    for (const c of CATALOG) expect(c.params?.safeParse({}).success ?? true, c.id).toBe(true);
  });

  it("describes every parameter, for the policy's JSON Schema and docs/policy.md, and never names one twice", () => {
    for (const c of CATALOG) {
      const own = Object.keys(c.params?.shape ?? {});
      const fixes = Object.keys(c.fix?.params?.shape ?? {});
      expect(
        own.filter((name) => fixes.includes(name)),
        c.id,
      ).toEqual([]);
      for (const [name, field] of Object.entries(policyParamsSchema(c).shape)) expect(z.globalRegistry.get(field)?.description ?? "", `${c.id} ${name}`).not.toBe("");
    }
  });

  it("matches documents by type in any casing and ignores other types", () => {
    // A document not read yet (no properties) may name a key: the binding controls count it until it is read.
    expect(controlsFor({ id: "/x", type: "MICROSOFT.STORAGE/STORAGEACCOUNTS" }).map((c) => c.id)).toEqual([
      "cmk.auto-rotation",
      "cmk.key-available",
      "cmk.key-separation",
      "cmk.vault-protection",
      "storage.cmk",
      "storage.https-only",
      "storage.infrastructure-encryption",
      "storage.min-tls",
    ]);
    expect(controlsFor({ id: "/x", type: "Microsoft.Unknown/things" })).toEqual([]);
    expect(controlsFor({ id: "/x", type: 42 as unknown as string })).toEqual([]);
  });

  it("never throws and always answers a known status, whatever the values inside a real document", () => {
    for (const path of allFixtures()) {
      const doc = armFixture(path);
      for (const odd of [null, 0, 1, "", "garbage", true, false, [], {}]) {
        const mangled = withEveryValue(doc, odd);
        for (const control of CATALOG) {
          const verdict = control.evaluate(mangled, evaluationContext(control, "general", DEFAULT_POLICY));
          expect(STATUSES, `${control.id} on ${path} with ${JSON.stringify(odd)}`).toContain(verdict.status);
          expect(typeof verdict.evidence.path).toBe("string");
        }
      }
    }
  });
});
