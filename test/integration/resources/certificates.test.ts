/**
 * Key Vault certificates through the real @azure/keyvault-certificates client against the
 * emulator's data plane: listed vault by vault, read one by one with their policies, classified
 * by their vault's tags and judged by the four certificate controls, each with a compliant, a
 * non-compliant and an unknown certificate; and re-evaluated by id, as an event asks.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_SUBSCRIPTION_ID, demoEstate, type CertificateSeed } from "../../../emulator/index.ts";
import type { RecordedFinding } from "../../../shared/store/types.ts";
import { scanResource, sweep } from "../../../shared/workflow/index.ts";
import { startEmulatorRuntime, type EmulatorRuntime } from "../../support/emulatorRuntime.ts";

const SUB = DEMO_SUBSCRIPTION_ID;
const NOW = new Date("2026-12-05T08:00:00Z");
const T = Math.floor(NOW.getTime() / 1000);
const DAY = 86_400;
const vaultId = (group: string, vault: string) => `/subscriptions/${SUB}/resourceGroups/${group}/providers/Microsoft.KeyVault/vaults/${vault}`;
const APPS = vaultId("rg-web-prod", "kv-apps-prod");
const PAYMENTS = vaultId("rg-payments-prod", "kv-payments-prod");
const certificateId = (vault: string, name: string) => `${vault}/certificates/${name}`;

const good = (vault: string, name: string): CertificateSeed => ({
  vault,
  name,
  attributes: { enabled: true, nbf: T - 30 * DAY, exp: T + 335 * DAY, created: T - 30 * DAY, updated: T - 30 * DAY },
  policy: {
    key_props: { kty: "RSA", key_size: 2048, exportable: true, reuse_key: false },
    x509_props: { subject: `CN=${name}.contoso.com`, validity_months: 12 },
    lifetime_actions: [{ trigger: { lifetime_percentage: 80 }, action: { action_type: "AutoRenew" } }],
    issuer: { name: "Self" },
  },
});

const CERTIFICATES: CertificateSeed[] = [
  good("kv-apps-prod", "good"),
  {
    vault: "kv-apps-prod",
    name: "bad",
    attributes: { enabled: true, nbf: T - 720 * DAY, exp: T + 10 * DAY, created: T - 720 * DAY },
    policy: {
      key_props: { kty: "RSA", key_size: 1024 },
      x509_props: { subject: "CN=legacy.contoso.com", validity_months: 24 },
      lifetime_actions: [{ trigger: { days_before_expiry: 30 }, action: { action_type: "EmailContacts" } }],
      issuer: { name: "Unknown" },
    },
  },
  // An imported certificate whose policy and dates were not returned: nothing to judge by.
  { vault: "kv-apps-prod", name: "odd", attributes: { enabled: true } },
  // RSA 2048 is enough for general data, not for the highly-confidential vault.
  good("kv-payments-prod", "payments-api"),
];

const CONTROLS = ["keyvault.certificate-expiry", "keyvault.certificate-autorenew", "keyvault.certificate-lifetime", "keyvault.certificate-key"];

describe("Key Vault certificates through the data-plane SDK client against the emulator", () => {
  let env: EmulatorRuntime;
  const findings = new Map<string, RecordedFinding[]>();
  const statusOf = (resourceId: string, controlId: string) => findings.get(resourceId.toLowerCase())?.find((f) => f.controlId === controlId)?.status;

  beforeAll(async () => {
    env = await startEmulatorRuntime({ estate: demoEstate(SUB), certificates: CERTIFICATES, pageSize: 2 }, undefined, { now: () => NOW });
    env.runtime.dryRun = true;
    const swept = await sweep(env.runtime, [SUB], { resourceTypes: ["Microsoft.KeyVault/vaults/certificates"] });
    for (const finding of swept.findings) findings.set(finding.resourceId.toLowerCase(), [...(findings.get(finding.resourceId.toLowerCase()) ?? []), finding]);
  });
  afterAll(() => env.emulator.stop());

  it("lists every vault's certificates (pages of two) and reads each with its policy, after the vault's challenge", () => {
    expect([...findings.keys()].sort()).toEqual(
      [certificateId(APPS, "bad"), certificateId(APPS, "good"), certificateId(APPS, "odd"), certificateId(PAYMENTS, "payments-api")].map((id) => id.toLowerCase()).sort(),
    );
    const dataPlane = env.emulator.requests.filter((r) => r.host === "kv-apps-prod.vault.localhost");
    expect(dataPlane[0]!.status).toBe(401);
    expect(dataPlane.filter((r) => r.path === "/certificates").length).toBeGreaterThan(1);
    expect(dataPlane.filter((r) => /^\/certificates\/(good|bad|odd)\/?$/.test(r.path)).map((r) => r.status)).toEqual([200, 200, 200]);
  });

  it.each(CONTROLS)("%s: compliant, non-compliant and unknown", (control) => {
    expect([statusOf(certificateId(APPS, "good"), control), statusOf(certificateId(APPS, "bad"), control), statusOf(certificateId(APPS, "odd"), control)]).toEqual([
      "compliant",
      "noncompliant",
      "unknown",
    ]);
  });

  it("classifies a certificate by its vault's tags: RSA 2048 falls short in the highly-confidential vault", () => {
    const key = findings.get(certificateId(PAYMENTS, "payments-api").toLowerCase())!.find((f) => f.controlId === "keyvault.certificate-key")!;
    expect(key).toMatchObject({ status: "noncompliant", classification: "highly-confidential" });
  });

  it("re-evaluates one certificate by its id (what a CertificateNearExpiry event asks for), with a ticket due before expiry naming certificate, subject, issuer and vault", async () => {
    env.emulator.clearRequests();
    const outcome = await scanResource(env.runtime, certificateId(APPS, "bad"));
    expect(outcome.findings.map((f) => [f.controlId, f.status]).sort()).toEqual(CONTROLS.map((c) => [c, "noncompliant"]).sort());
    const expiry = outcome.findings.find((f) => f.controlId === "keyvault.certificate-expiry")!;
    expect(expiry.evidence).toMatchObject({
      actual: { certificate: "bad", subject: "CN=legacy.contoso.com", issuer: "Unknown", vault: "kv-apps-prod" },
      dueBy: new Date((T + 9 * DAY) * 1000).toISOString(),
    });
    expect(
      outcome.actions
        .filter((a) => a.kind === "ticket")
        .map((a) => a.finding.controlId)
        .sort(),
    ).toEqual([...CONTROLS].sort());
    // One ARM read of the vault (its URI and tags), then the certificate from its data plane.
    expect(env.emulator.requests.filter((r) => !r.host).map((r) => r.path)).toEqual([APPS]);
    expect(env.emulator.requests.filter((r) => r.host).map((r) => r.path)).toEqual(["/certificates/bad"]);
  });

  it("answers nothing for a certificate deleted since its event", async () => {
    expect(await scanResource(env.runtime, certificateId(APPS, "gone"))).toEqual({ findings: [], actions: [] });
  });
});
