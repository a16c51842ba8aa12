/**
 * The controls of the backup, compute, container and front-door types, through the real SDK
 * clients against the emulator: each has a compliant, a non-compliant and an unknown resource,
 * listed by its module, read (with what it holds) and judged as a scan does.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_SUBSCRIPTION_ID } from "../../../emulator/index.ts";
import { apiManagementService } from "../../../emulator/estates/documents/apimanagement.ts";
import { backupInstance, backupVault, protectedItem, recoveryServicesVault } from "../../../emulator/estates/documents/backup.ts";
import { scaleSet, virtualMachine } from "../../../emulator/estates/documents/compute.ts";
import { managedCluster } from "../../../emulator/estates/documents/containers.ts";
import { postgresServer } from "../../../emulator/estates/documents/flexibleServers.ts";
import { classicFrontDoor, frontDoorCustomDomain, frontDoorProfile } from "../../../emulator/estates/documents/frontdoor.ts";
import type { Place } from "../../../emulator/estates/documents/place.ts";
import { managedInstance } from "../../../emulator/estates/documents/sql.ts";
import { site } from "../../../emulator/estates/documents/web.ts";
import type { RecordedFinding } from "../../../shared/store/types.ts";
import { scanResource, sweep } from "../../../shared/workflow/index.ts";
import { startEmulatorRuntime, type EmulatorRuntime } from "../../support/emulatorRuntime.ts";
import type { ArmDocument } from "../../../shared/core/index.ts";

const SUB = DEMO_SUBSCRIPTION_ID;
const OTHER_SUB = "0d9e8f7a-6b5c-4d3e-8f2a-1b0c9d8e7f6a";
const place: Place = { subscriptionId: SUB, resourceGroup: "rg-estate", location: "westeurope" };
const top = { "data-classification": "highly-confidential" };
const general = { "data-classification": "general" };

/** A document with some properties replaced or removed (`undefined`). */
function edited(doc: ArmDocument, properties: Record<string, unknown>): ArmDocument {
  const next = structuredClone(doc);
  for (const [key, value] of Object.entries(properties)) {
    if (value === undefined) delete next.properties![key];
    else next.properties![key] = value;
  }
  return next;
}

const vmSql = virtualMachine(place, "vm-sql-01", { tags: top });
const vmApp = virtualMachine(place, "vm-app-01", { tags: general });
const vmElsewhere = `/subscriptions/${OTHER_SUB}/resourceGroups/rg-other/providers/Microsoft.Compute/virtualMachines/vm-other`;
const [pgServer, ...pgParameters] = postgresServer(place, "pg-orders", { requireSecureTransport: "on", sslMinProtocolVersion: "TLSv1.2", tags: top });

const rsvCmk = recoveryServicesVault(place, "rsv-cmk", { cmkVault: "kv-keys", infrastructureEncryption: "Enabled", tags: top });
const rsvLegacy = recoveryServicesVault(place, "rsv-legacy", { tags: general });
const rsvOdd = edited(recoveryServicesVault(place, "rsv-odd", { cmkVault: "kv-keys", tags: top }), {
  encryption: { keyVaultProperties: { keyUri: "https://kv-keys.vault.azure.net/keys/k/1" }, infrastructureEncryption: true },
});
const rsvOddKey = edited(recoveryServicesVault(place, "rsv-odd-key", { tags: top }), { encryption: "CustomerManaged" });
const rsvElsewhere = recoveryServicesVault(place, "rsv-elsewhere", { tags: { "data-classification": "confidential" } });
const bvCmk = backupVault(place, "bv-cmk", { cmkVault: "kv-keys", tags: top });
const bvPlain = backupVault(place, "bv-plain", { tags: general });
const bvOld = edited(backupVault(place, "bv-old", { tags: top }), { securitySettings: undefined });
const afd = frontDoorProfile(place, "afd-estate", { tier: "Premium" });
const apimOdd = apiManagementService(place, "apim-odd", { withoutCustomProperties: true, tags: top });
delete apimOdd.properties!.createdAtUtc;
const [miOdd, miOddProtector] = managedInstance(place, "sqlmi-odd", { tags: top });
miOddProtector!.properties = { serverKeyName: "ServiceManaged", serverKeyType: 1 };

function estate(): ArmDocument[] {
  return [
    vmSql,
    vmApp,
    pgServer!,
    ...pgParameters,
    rsvCmk,
    protectedItem(rsvCmk, vmApp.id),
    rsvLegacy,
    protectedItem(rsvLegacy, vmSql.id, "SQLDataBase"),
    rsvOdd,
    rsvOddKey,
    rsvElsewhere,
    protectedItem(rsvElsewhere, vmElsewhere),
    bvCmk,
    bvPlain,
    // A database of a server: the database has no tags of its own, its server's classify it.
    backupInstance(bvPlain, "pg-orders-db", { id: `${pgServer!.id}/databases/orders`, datasourceType: "Microsoft.DBforPostgreSQL/flexibleServers/databases", set: pgServer!.id }),
    bvOld,
    managedCluster(place, "aks-hardened", { pools: [true, true], kmsVault: "kv-keys", diskEncryptionSet: "des-keys", tags: top }),
    managedCluster(place, "aks-defaults", { pools: [undefined, true], tags: top }),
    edited(managedCluster(place, "aks-odd", { pools: [true], tags: top }), {
      agentPoolProfiles: undefined,
      securityProfile: { azureKeyVaultKms: { enabled: "maybe", keyId: "https://kv-keys.vault.azure.net/keys/k" } },
      diskEncryptionSetID: ["des-keys"],
    }),
    scaleSet(place, "vmss-hardened", { encryptionAtHost: true, diskEncryptionSet: "des-keys", dataDisks: 1, tags: top }),
    scaleSet(place, "vmss-defaults", { dataDisks: 1, tags: top }),
    scaleSet(place, "vmss-flex", { withoutModel: true, tags: top }),
    apiManagementService(place, "apim-hardened", { tags: top }),
    apiManagementService(place, "apim-weak", { on: ["Tls11", "Backend.Ssl30"], tags: top }),
    apimOdd,
    afd,
    frontDoorCustomDomain(afd, "www.estate.example", "TLS12"),
    frontDoorCustomDomain(afd, "old.estate.example", "TLS10"),
    { ...frontDoorCustomDomain(afd, "odd.estate.example", "TLS12"), properties: { hostName: "odd.estate.example", provisioningState: "Succeeded" } },
    classicFrontDoor(place, "fd-tls12", { endpoints: [{ hostName: "shop.estate.example", minimumTlsVersion: "1.2" }], tags: top }),
    classicFrontDoor(place, "fd-tls10", { endpoints: [{ hostName: "old.estate.example", minimumTlsVersion: "1.0" }], tags: top }),
    edited(classicFrontDoor(place, "fd-odd", { endpoints: [], tags: top }), { frontendEndpoints: undefined }),
    ...site(place, "app-strict", { httpsOnly: true, minTlsVersion: "1.2", ftpsState: "Disabled", minTlsCipherSuite: "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", clientCert: "Required", tags: top }),
    ...site(place, "app-default", { httpsOnly: true, minTlsVersion: "1.2", ftpsState: "Disabled", clientCert: "Optional", tags: top }),
    ...site(place, "app-odd", { httpsOnly: true, minTlsVersion: "1.2", ftpsState: "Disabled", minTlsCipherSuite: 7 as unknown as string, tags: top }).map((doc) =>
      doc.type === "Microsoft.Web/sites" ? edited(doc, { clientCertEnabled: "sometimes" }) : doc,
    ),
    ...managedInstance(place, "sqlmi-strict", { minimalTlsVersion: "1.2", protectorVault: "kv-keys", tags: top }),
    ...managedInstance(place, "sqlmi-none", { minimalTlsVersion: "None", tags: top }),
    miOdd!,
    miOddProtector!,
  ];
}

const providers = `/subscriptions/${SUB}/resourceGroups/rg-estate/providers`;
const id = (type: string, name: string) => `${providers}/${type}/${name}`;

/** Each new control against a compliant, a non-compliant and an unknown resource. */
const EXPECTED: Array<[control: string, resource: string, compliant: string, noncompliant: string, unknown: string]> = [
  ["backup.cmk", "Microsoft.RecoveryServices/vaults", "rsv-cmk", "rsv-legacy", "rsv-odd-key"],
  ["backup.cmk", "Microsoft.DataProtection/backupVaults", "bv-cmk", "bv-plain", "bv-old"],
  ["backup.infrastructure-encryption", "Microsoft.RecoveryServices/vaults", "rsv-cmk", "rsv-legacy", "rsv-odd"],
  ["aks.kms", "Microsoft.ContainerService/managedClusters", "aks-hardened", "aks-defaults", "aks-odd"],
  ["aks.encryption-at-host", "Microsoft.ContainerService/managedClusters", "aks-hardened", "aks-defaults", "aks-odd"],
  ["aks.disk-cmk", "Microsoft.ContainerService/managedClusters", "aks-hardened", "aks-defaults", "aks-odd"],
  ["vmss.encryption-at-host", "Microsoft.Compute/virtualMachineScaleSets", "vmss-hardened", "vmss-defaults", "vmss-flex"],
  ["vmss.disk-cmk", "Microsoft.Compute/virtualMachineScaleSets", "vmss-hardened", "vmss-defaults", "vmss-flex"],
  ["apim.protocols", "Microsoft.ApiManagement/service", "apim-hardened", "apim-weak", "apim-odd"],
  ["frontdoor.min-tls", "Microsoft.Cdn/profiles/afd-estate/customDomains", "www-estate-example", "old-estate-example", "odd-estate-example"],
  ["frontdoor.min-tls", "Microsoft.Network/frontDoors", "fd-tls12", "fd-tls10", "fd-odd"],
  ["appservice.cipher-suite", "Microsoft.Web/sites", "app-strict", "app-default", "app-odd"],
  ["appservice.client-cert", "Microsoft.Web/sites", "app-strict", "app-default", "app-odd"],
  ["sqlmi.min-tls", "Microsoft.Sql/managedInstances", "sqlmi-strict", "sqlmi-none", "sqlmi-odd"],
  ["sqlmi.tde-cmk", "Microsoft.Sql/managedInstances", "sqlmi-strict", "sqlmi-none", "sqlmi-odd"],
];

describe("the estate issue's controls through the real SDK clients against the emulator", () => {
  let env: EmulatorRuntime;
  const findings = new Map<string, RecordedFinding[]>();
  const findingOf = (resourceId: string, controlId: string) => findings.get(resourceId.toLowerCase())?.find((f) => f.controlId === controlId);

  beforeAll(async () => {
    env = await startEmulatorRuntime({ estate: estate(), subscriptions: [SUB, OTHER_SUB], pageSize: 2 });
    env.runtime.dryRun = true;
    const swept = await sweep(env.runtime, [SUB], {
      resourceTypes: [
        "Microsoft.RecoveryServices/vaults",
        "Microsoft.DataProtection/backupVaults",
        "Microsoft.ContainerService/managedClusters",
        "Microsoft.Compute/virtualMachineScaleSets",
        "Microsoft.ApiManagement/service",
        "Microsoft.Cdn/profiles/customDomains",
        "Microsoft.Network/frontDoors",
        "Microsoft.Web/sites",
        "Microsoft.Sql/managedInstances",
      ],
    });
    for (const finding of swept.findings) {
      const key = finding.resourceId.replace(/\/encryptionProtector\/current$/i, "").toLowerCase();
      findings.set(key, [...(findings.get(key) ?? []), finding]);
    }
  });
  afterAll(() => env.emulator.stop());

  it.each(EXPECTED)("%s on %s: compliant, non-compliant and unknown", (control, type, compliant, noncompliant, unknown) => {
    const statusOf = (name: string) => findingOf(id(type, name), control)?.status;
    expect([statusOf(compliant), statusOf(noncompliant), statusOf(unknown)]).toEqual(["compliant", "noncompliant", "unknown"]);
  });

  it("lists the Standard/Premium custom domains profile by profile, and Backup vaults through the generic API (pages of two)", () => {
    expect(findingOf(id("Microsoft.Cdn/profiles/afd-estate/customDomains", "old-estate-example"), "frontdoor.min-tls")?.resourceType).toBe("Microsoft.Cdn/profiles/customdomains");
    expect(findingOf(id("Microsoft.DataProtection/backupVaults", "bv-old"), "backup.cmk")?.resourceType).toBe("Microsoft.DataProtection/Backupvaults");
    const genericList = env.emulator.requests.filter((r) => r.method === "GET" && r.path.endsWith("/resources"));
    expect(genericList.length).toBeGreaterThan(1);
  });

  it("holds a general-tagged vault that backs up a highly confidential SQL Server database to highly-confidential controls, naming the source", () => {
    const vault = id("Microsoft.RecoveryServices/vaults", "rsv-legacy");
    for (const control of ["backup.cmk", "backup.infrastructure-encryption"]) {
      expect(findingOf(vault, control)).toMatchObject({
        status: "noncompliant",
        classification: "highly-confidential",
        evidence: { classifiedBy: { source: "protected items", resources: [vmSql.id] } },
      });
    }
    expect(findingOf(vault, "backup.cmk")?.reason).toContain("can only be set on a vault that has no protected items");
    // The vault's own tag (general) would not even reach backup.cmk's threshold.
    const tagsReads = env.emulator.requests.filter((r) => r.path.toLowerCase() === `${vmSql.id}/providers/Microsoft.Resources/tags/default`.toLowerCase());
    expect(tagsReads.length).toBeGreaterThan(0);
  });

  it("says the vault's own tag gave the level when nothing it protects is higher, and what it could not read", () => {
    expect(findingOf(id("Microsoft.RecoveryServices/vaults", "rsv-cmk"), "backup.cmk")?.evidence.classifiedBy).toEqual({ source: "own tag" });
    expect(findingOf(id("Microsoft.RecoveryServices/vaults", "rsv-elsewhere"), "backup.cmk")).toMatchObject({
      classification: "confidential",
      evidence: { classifiedBy: { source: "own tag", unread: "1 resource in another subscription were not read" } },
    });
    // Nothing outside the vault's subscription was asked for.
    expect(env.emulator.requests.filter((r) => r.path.includes(OTHER_SUB))).toEqual([]);
  });

  it("classifies a Backup vault by the server of a backed-up database that has no tags of its own", () => {
    expect(findingOf(id("Microsoft.DataProtection/backupVaults", "bv-plain"), "backup.cmk")).toMatchObject({
      status: "noncompliant",
      classification: "highly-confidential",
      evidence: { classifiedBy: { source: "backup instances", resources: [pgServer!.id], unread: "the tags of 1 resource could not be read" } },
    });
  });

  it("re-evaluates a vault when one of its protected items or backup instances is written", async () => {
    const item = protectedItem(rsvLegacy, vmSql.id, "SQLDataBase");
    const outcome = await scanResource(env.runtime, item.id);
    expect(outcome.findings.map((f) => [f.resourceId, f.controlId])).toEqual([
      [rsvLegacy.id, "backup.cmk"],
      [rsvLegacy.id, "backup.infrastructure-encryption"],
    ]);
  });
});
