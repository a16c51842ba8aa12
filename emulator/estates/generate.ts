import { seededRandom } from "../reliability/random.ts";
import { apiManagementService } from "./documents/apimanagement.ts";
import { backupInstance, backupVault, protectedItem, recoveryServicesVault } from "./documents/backup.ts";
import { redisCache } from "./documents/cache.ts";
import { managedDisk, scaleSet, virtualMachine, type DiskEncryptionType } from "./documents/compute.ts";
import { managedCluster } from "./documents/containers.ts";
import { cosmosAccount } from "./documents/cosmosdb.ts";
import { mysqlServer, postgresServer } from "./documents/flexibleServers.ts";
import { classicFrontDoor, frontDoorCustomDomain, frontDoorProfile } from "./documents/frontdoor.ts";
import { diagnosticSetting } from "./documents/insights.ts";
import { keyVault } from "./documents/keyvault.ts";
import { eventGridTopic, eventHubNamespace, serviceBusNamespace } from "./documents/messaging.ts";
import { applicationGateway } from "./documents/network.ts";
import type { Place } from "./documents/place.ts";
import { managedInstance, sqlDatabase, sqlServer } from "./documents/sql.ts";
import { storageAccount } from "./documents/storage.ts";
import { site } from "./documents/web.ts";
import type { ArmDocument } from "../../shared/core/index.ts";

const RESOURCE_GROUPS = ["rg-payments-prod", "rg-web-prod", "rg-data-prod", "rg-analytics-dev", "rg-shared-prod", "rg-iot-test", "rg-crm-prod", "rg-legacy"];
const LOCATIONS = ["westeurope", "northeurope", "eastus2", "swedencentral"];

type Random = () => number;

interface Draw {
  random: Random;
  /** True with probability p. */
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
}

/** A resource kind of the generated mix: its weight, and how one is made (primary docs first, then children). */
interface Kind {
  weight: number;
  make(place: Place, name: string, tags: Record<string, string> | undefined, draw: Draw): ArmDocument[][];
}

const tls = <T>(draw: Draw, good: T, bad: readonly T[]): T => (draw.chance(0.65) ? good : draw.pick(bad));

/**
 * The mix of a realistic estate: storage, disks and VMs dominate, PaaS data services and
 * messaging follow. Each make() returns groups: one resource (it counts toward N) with the
 * child documents its controls read (which do not).
 */
const KINDS: Kind[] = [
  {
    weight: 22,
    make: (place, name, tags, draw) => [
      [
        storageAccount(place, `st${name}`, {
          ...(draw.chance(0.85) ? { minimumTlsVersion: tls(draw, "TLS1_2" as const, ["TLS1_0", "TLS1_1"] as const) } : {}),
          supportsHttpsTrafficOnly: draw.chance(0.8),
          ...(draw.chance(0.35) ? { cmkVault: "kv-shared-cmk" } : {}),
          ...(draw.chance(0.5) ? { requireInfrastructureEncryption: draw.chance(0.3) } : {}),
          ...(tags ? { tags } : {}),
        }),
      ],
    ],
  },
  {
    weight: 15,
    make: (place, name, tags, draw) => [
      [
        managedDisk(place, `disk-${name}`, {
          encryption: draw.pick<DiskEncryptionType>([
            "EncryptionAtRestWithPlatformKey",
            "EncryptionAtRestWithPlatformKey",
            "EncryptionAtRestWithCustomerKey",
            "EncryptionAtRestWithPlatformAndCustomerKeys",
          ]),
          ...(tags ? { tags } : {}),
        }),
      ],
    ],
  },
  {
    weight: 12,
    make: (place, name, tags, draw) => {
      const securityType = draw.pick([undefined, "TrustedLaunch", "TrustedLaunch", "ConfidentialVM"] as const);
      return [
        [
          virtualMachine(place, `vm-${name}`, {
            ...(draw.chance(0.5) ? { encryptionAtHost: draw.chance(0.7) } : {}),
            ...(securityType ? { securityType, secureBoot: draw.chance(0.85), vTpm: draw.chance(0.9) } : {}),
            ...(securityType === "ConfidentialVM" ? { osDiskSecurityEncryptionType: draw.pick(["DiskWithVMGuestState", "VMGuestStateOnly"] as const) } : {}),
            dataDisks: draw.pick([0, 0, 1, 2]),
            ...(tags ? { tags } : {}),
          }),
        ],
      ];
    },
  },
  {
    weight: 15,
    make: (place, name, tags, draw) => {
      const [server, protector] = sqlServer(place, `sql-${name}`, {
        ...(draw.chance(0.8) ? { minimalTlsVersion: tls(draw, "1.2" as const, ["None", "1.0", "1.1"] as const) } : {}),
        ...(draw.chance(0.3) ? { protectorVault: "kv-shared-cmk" } : {}),
        ...(tags ? { tags } : {}),
      });
      const databases = Array.from({ length: 1 + Math.floor(draw.random() * 3) }, (_, i) =>
        sqlDatabase(server!, `db${i + 1}`, { tde: draw.chance(0.8) ? "Enabled" : "Disabled", ...(tags ? { tags } : {}) }),
      );
      return [[server!, protector!], ...databases];
    },
  },
  {
    weight: 8,
    make: (place, name, tags, draw) => {
      const vault = keyVault(place, `kv-${name}`.slice(0, 24), {
        ...(draw.chance(0.8) ? { enableSoftDelete: draw.chance(0.9) } : {}),
        ...(draw.chance(0.7) ? { enablePurgeProtection: draw.chance(0.6) ? true : null } : {}),
        ...(draw.chance(0.8) ? { enableRbacAuthorization: draw.chance(0.7) } : { accessPolicies: 2 }),
        publicNetworkAccess: draw.chance(0.3) ? "Disabled" : "Enabled",
        ...(draw.chance(0.6) ? { networkDefaultAction: draw.chance(0.5) ? "Deny" : "Allow" } : {}),
        ...(tags ? { tags } : {}),
      });
      const diagnostics = draw.chance(0.6)
        ? [diagnosticSetting(place, vault.id, "audit", draw.chance(0.7) ? { categories: ["AuditEvent"], workspace: "law-security" } : { categoryGroups: ["allLogs"] })]
        : [];
      return [[vault, ...diagnostics]];
    },
  },
  {
    weight: 10,
    make: (place, name, tags, draw) => [
      site(place, `app-${name}`, {
        kind: draw.pick(["app", "app,linux", "functionapp"] as const),
        httpsOnly: draw.chance(0.7),
        minTlsVersion: tls(draw, "1.2" as const, ["1.0", "1.1"] as const),
        ftpsState: draw.pick(["AllAllowed", "FtpsOnly", "Disabled"] as const),
        ...(draw.chance(0.4) ? { minTlsCipherSuite: draw.pick(["TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "TLS_RSA_WITH_AES_128_CBC_SHA"]) } : {}),
        ...(draw.chance(0.2) ? { clientCert: draw.pick(["Required", "Optional"] as const) } : {}),
        ...(tags ? { tags } : {}),
      }),
    ],
  },
  {
    weight: 3,
    make: (place, name, tags, draw) => [
      [
        redisCache(place, `redis-${name}`, {
          ...(draw.chance(0.7) ? { minimumTlsVersion: tls(draw, "1.2" as const, ["1.0", "1.1"] as const) } : {}),
          enableNonSslPort: draw.chance(0.15),
          ...(tags ? { tags } : {}),
        }),
      ],
    ],
  },
  {
    weight: 3,
    make: (place, name, tags, draw) => [
      postgresServer(place, `pg-${name}`, {
        requireSecureTransport: draw.pick(["on", "on", "ON", "off"]),
        sslMinProtocolVersion: tls(draw, "TLSv1.2" as const, ["TLSv1", "TLSv1.1"] as const),
        ...(tags ? { tags } : {}),
      }),
    ],
  },
  {
    weight: 3,
    make: (place, name, tags, draw) => [
      mysqlServer(place, `mysql-${name}`, {
        requireSecureTransport: draw.pick(["ON", "ON", "on", "OFF"]),
        tlsVersion: tls(draw, "TLSv1.2", ["TLSv1,TLSv1.2", "TLSv1.1,TLSv1.2"]),
        ...(tags ? { tags } : {}),
      }),
    ],
  },
  {
    weight: 3,
    make: (place, name, tags, draw) => [
      [
        cosmosAccount(place, `cosmos-${name}`, {
          ...(draw.chance(0.7) ? { minimalTlsVersion: tls(draw, "Tls12" as const, ["Tls", "Tls11"] as const) } : {}),
          ...(draw.chance(0.4) ? { cmkVault: "kv-shared-cmk" } : {}),
          ...(tags ? { tags } : {}),
        }),
      ],
    ],
  },
  { weight: 2, make: (place, name, tags, draw) => [[eventHubNamespace(place, `evh-${name}`, { minimumTlsVersion: tls(draw, "1.2" as const, ["1.0", "1.1"] as const), ...(tags ? { tags } : {}) })]] },
  { weight: 2, make: (place, name, tags, draw) => [[serviceBusNamespace(place, `sb-${name}`, { minimumTlsVersion: tls(draw, "1.2" as const, ["1.0", "1.1"] as const), ...(tags ? { tags } : {}) })]] },
  {
    weight: 1,
    make: (place, name, tags, draw) => [[eventGridTopic(place, `egt-${name}`, { minimumTlsVersionAllowed: tls(draw, "1.2" as const, ["1.0", "1.1"] as const), ...(tags ? { tags } : {}) })]],
  },
  {
    weight: 1,
    make: (place, name, tags, draw) => [[eventGridTopic(place, `egd-${name}`, { minimumTlsVersionAllowed: tls(draw, "1.2" as const, ["1.0", "1.1"] as const), ...(tags ? { tags } : {}) }, "domains")]],
  },
  {
    weight: 2,
    make: (place, name, tags, draw) => [
      [
        applicationGateway(place, `agw-${name}`, {
          ...(draw.chance(0.7)
            ? {
                sslPolicy: draw.chance(0.6)
                  ? { policyType: "Predefined" as const, policyName: draw.pick(["AppGwSslPolicy20150501", "AppGwSslPolicy20170401S", "AppGwSslPolicy20220101", "AppGwSslPolicy20220101S"]) }
                  : {
                      policyType: "CustomV2" as const,
                      minProtocolVersion: draw.pick(["TLSv1_2", "TLSv1_3", "TLSv1_1"]),
                      cipherSuites: draw.chance(0.6)
                        ? ["TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"]
                        : ["TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256"],
                    },
              }
            : draw.chance(0.5)
              ? { defaultPredefinedSslPolicy: "AppGwSslPolicy20220101" }
              : {}),
          ...(tags ? { tags } : {}),
        }),
      ],
    ],
  },
  {
    // A VM and the Recovery Services vault that backs it up (the vault takes its classification when higher).
    weight: 3,
    make: (place, name, tags, draw) => {
      const vm = virtualMachine(place, `vm-bk-${name}`, { ...(draw.chance(0.5) ? { encryptionAtHost: true } : {}), ...(tags ? { tags } : {}) });
      const vault = recoveryServicesVault(place, `rsv-${name}`, {
        ...(draw.chance(0.4) ? { cmkVault: "kv-shared-cmk", ...(draw.chance(0.5) ? { infrastructureEncryption: "Enabled" as const } : {}) } : {}),
        ...(draw.chance(0.5) ? { tags: { "data-classification": "general" } } : {}),
      });
      return [[vm], [vault, protectedItem(vault, vm.id, draw.pick(["VM", "SQLDataBase"] as const))]];
    },
  },
  {
    weight: 1,
    make: (place, name, tags, draw) => {
      const disk = managedDisk(place, `disk-bk-${name}`, { encryption: "EncryptionAtRestWithPlatformKey", ...(tags ? { tags } : {}) });
      const vault = backupVault(place, `bv-${name}`, { ...(draw.chance(0.4) ? { cmkVault: "kv-shared-cmk" } : {}) });
      return [[disk], [vault, backupInstance(vault, `${disk.name}-instance`, { id: disk.id, datasourceType: "Microsoft.Compute/disks" })]];
    },
  },
  {
    weight: 2,
    make: (place, name, tags, draw) => [
      [
        managedCluster(place, `aks-${name}`, {
          pools: Array.from({ length: 1 + Math.floor(draw.random() * 3) }, () => (draw.chance(0.6) ? true : draw.pick([false, undefined]))),
          ...(draw.chance(0.4) ? { kmsVault: "kv-shared-cmk" } : {}),
          ...(draw.chance(0.4) ? { diskEncryptionSet: "des-shared" } : {}),
          ...(tags ? { tags } : {}),
        }),
      ],
    ],
  },
  {
    weight: 3,
    make: (place, name, tags, draw) => [
      [
        scaleSet(place, `vmss-${name}`, {
          ...(draw.chance(0.6) ? { encryptionAtHost: draw.chance(0.6) } : {}),
          ...(draw.chance(0.4) ? { diskEncryptionSet: "des-shared" } : {}),
          dataDisks: draw.pick([0, 1, 2]),
          withoutModel: draw.chance(0.1),
          ...(tags ? { tags } : {}),
        }),
      ],
    ],
  },
  {
    weight: 1,
    make: (place, name, tags, draw) => [
      [
        apiManagementService(place, `apim-${name}`, {
          on: draw.chance(0.5) ? [] : draw.pick([["Tls10"], ["Tls10", "Tls11"], ["TripleDes168"], ["Backend.Ssl30"]] as const),
          ...(tags ? { tags } : {}),
        }),
      ],
    ],
  },
  {
    weight: 1,
    make: (place, name, tags, draw) => {
      const profile = frontDoorProfile(place, `afd-${name}`, { tier: draw.pick(["Standard", "Premium"] as const), ...(tags ? { tags } : {}) });
      return [[profile, frontDoorCustomDomain(profile, `www.${name}.example.com`, tls(draw, "TLS12" as const, ["TLS10"] as const))]];
    },
  },
  {
    weight: 1,
    make: (place, name, tags, draw) => [
      [classicFrontDoor(place, `fd-${name}`, { endpoints: [{ hostName: `shop.${name}.example.com`, minimumTlsVersion: tls(draw, "1.2" as const, ["1.0"] as const) }], ...(tags ? { tags } : {}) })],
    ],
  },
  {
    weight: 1,
    make: (place, name, tags, draw) => [
      managedInstance(place, `sqlmi-${name}`, {
        ...(draw.chance(0.8) ? { minimalTlsVersion: tls(draw, "1.2" as const, ["None", "1.0", "1.1"] as const) } : {}),
        ...(draw.chance(0.3) ? { protectorVault: "kv-shared-cmk" } : {}),
        ...(tags ? { tags } : {}),
      }),
    ],
  },
];

const TAGGINGS: Array<[weight: number, tags: Record<string, string> | undefined]> = [
  [10, { "data-classification": "public" }],
  [25, { "data-classification": "general" }],
  [24, { "data-classification": "confidential" }],
  [14, { "data-classification": "highly-confidential" }],
  [20, undefined],
  [4, { "Data-Classification": "Confidential" }],
  [3, { "data-classification": "Highly-Confidential", owner: "payments" }],
];

function weighted<T>(random: Random, items: ReadonlyArray<readonly [number, T]>): T {
  const total = items.reduce((sum, [w]) => sum + w, 0);
  let roll = random() * total;
  for (const [weight, item] of items) {
    roll -= weight;
    if (roll < 0) return item;
  }
  return items[items.length - 1]![1];
}

/**
 * A deterministic estate of `count` resources (plus the child documents their controls read)
 * over the given subscriptions and eight resource groups each, with a realistic mix of types
 * and of compliant and non-compliant settings. The same seed gives the same estate.
 */
export function generateEstate(count: number, subscriptionIds: readonly string[], seed = 1): ArmDocument[] {
  if (!Number.isInteger(count) || count < 0) throw new Error(`generateEstate: count must be a non-negative integer, got ${count}`);
  if (subscriptionIds.length === 0) throw new Error("generateEstate: give at least one subscription id");
  const random = seededRandom(seed);
  const draw: Draw = { random, chance: (p) => random() < p, pick: (items) => items[Math.floor(random() * items.length)]! };
  const kinds = KINDS.map((kind) => [kind.weight, kind] as const);
  const documents: ArmDocument[] = [];
  let made = 0;
  for (let index = 0; made < count; index++) {
    const subscriptionId = subscriptionIds[index % subscriptionIds.length]!;
    const place: Place = { subscriptionId, resourceGroup: draw.pick(RESOURCE_GROUPS), location: draw.pick(LOCATIONS) };
    const name = `gen${seed.toString(36)}${index.toString(36).padStart(5, "0")}`;
    const groups = weighted(random, kinds).make(place, name, weighted(random, TAGGINGS), draw);
    for (const group of groups.slice(0, count - made)) {
      documents.push(...group);
      made += 1;
    }
  }
  return documents;
}
