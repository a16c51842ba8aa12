import type { AllowlistEntry, AnomalyKind } from "../../shared/anomalies/index.ts";
import {
  addressesFrom,
  callerKey,
  DAY,
  HOUR,
  identityFrom,
  LogWriter,
  outsideOfficeHours,
  type ConfigApp,
  type CryptoService,
  type Decoy,
  type Identity,
  type Incident,
  type User,
  type Vault,
} from "./estate.ts";
import { planQuietIncidents } from "./quietIncidents.ts";
import { Random } from "./random.ts";

/**
 * Synthetic Key Vault audit logs of a mid-sized estate, with injected incidents and their
 * ground truth. Everything the detectors must stay quiet on is here too: steady CMK traffic
 * with daily and weekly rhythm, users in office hours, applications that list and read their
 * whole configuration at start-up, retries after throttling, 404s, the 401 authentication
 * challenge before every session, scanners reading every vault, a scheduled backup identity,
 * a service that is always refused one secret, and a little benign novelty (a new deployment,
 * a user travelling), which no detector can tell from an attack.
 */

const AZURE_CLI = "04b07795-8ddb-461a-bbee-02f9e1bf7b46";
const AZURE_PORTAL = "c44b4083-3bb0-49c1-b47d-974e53cbdf3c";
const RESOURCE_GRAPH = "509e4652-da8d-478d-a730-e9d4a1996ca4";
const POLICY_INSIGHTS = "8cae6e77-e04e-42ce-b5cb-50d82bce26b1";

export interface GeneratorConfig {
  seed: number;
  /** First hour of the logs (UTC midnight). */
  start: Date;
  baselineDays: number;
  /** Days after the baseline that are analysed, one window per day, incidents injected. */
  evaluationDays: number;
  vaults: number;
  /** Vaults whose diagnostic setting still writes to AzureDiagnostics. */
  legacyVaults: number;
  cryptoServices: number;
  configApps: number;
  users: number;
  /** Mean requests per hour of a CMK service; sets the volume (about 1M rows with the defaults). */
  meanCryptoRate: number;
  incidentsPerKindPerDay: number;
}

export const DEFAULT_GENERATOR_CONFIG: GeneratorConfig = {
  seed: 20240611,
  start: new Date("2024-05-06T00:00:00Z"),
  baselineDays: 14,
  evaluationDays: 7,
  vaults: 8,
  legacyVaults: 2,
  cryptoServices: 16,
  configApps: 10,
  users: 30,
  meanCryptoRate: 120,
  incidentsPerKindPerDay: 2,
};

export interface GeneratedLogs {
  rows: Record<string, unknown>[];
  incidents: Incident[];
  decoys: Decoy[];
  /** Start of each evaluated day; a window ends at the end of each. */
  evaluationDayStarts: number[];
  /** The estate's policy allowlist: the backup identity (the scanners are in the default one). */
  allowlist: AllowlistEntry[];
  /** The service's own identity, which writes diagnostic settings. */
  serviceIdentity: Identity;
  benignNovelties: string[];
}

export function generateKeyVaultLogs(config: GeneratorConfig = DEFAULT_GENERATOR_CONFIG): GeneratedLogs {
  const random = new Random(config.seed);
  const log = new LogWriter();
  const start = config.start.getTime();
  const evaluationStart = start + config.baselineDays * DAY;
  const end = evaluationStart + config.evaluationDays * DAY;

  const address = addressesFrom(random);
  const identity = identityFrom(random);

  const subscription = random.guid();
  const vaults: Vault[] = Array.from({ length: config.vaults }, (_, index) => {
    const name = `kv-${["payments", "orders", "identity", "analytics", "hr", "platform", "backup", "edge", "billing", "search"][index % 10]}-${index}`;
    return {
      id: `/subscriptions/${subscription}/resourceGroups/rg-${name}/providers/Microsoft.KeyVault/vaults/${name}`,
      legacy: index >= config.vaults - config.legacyVaults,
      secrets: Array.from({ length: random.int(30, 80) }, (_, n) => `secrets/app-setting-${n}`),
      keys: Array.from({ length: random.int(3, 8) }, (_, n) => `keys/cmk-${n}`),
    };
  });

  const cryptoServices: CryptoService[] = Array.from({ length: config.cryptoServices }, () => {
    const vault = random.pick(vaults);
    return {
      identity: identity(),
      vault,
      key: `${random.pick(vault.keys)}/${random.guid().replaceAll("-", "")}`,
      addresses: Array.from({ length: random.int(1, 3) }, address.azure),
      rate: config.meanCryptoRate * random.between(0.15, 1.85),
      amplitude: random.between(0.2, 0.7),
      peakHour: random.between(8, 17),
      weekendFactor: random.between(0.3, 0.95),
      shape: random.between(8, 40),
    };
  });

  const configApps: ConfigApp[] = Array.from({ length: config.configApps }, () => {
    const vault = random.pick(vaults);
    const secrets = random.sample(vault.secrets, random.int(5, 25));
    return {
      identity: identity(),
      vault,
      secrets,
      optionalSecret: `secrets/optional-feature-flag-${random.int(1, 9)}`,
      addresses: Array.from({ length: random.int(1, 2) }, address.azure),
      restartsPerDay: random.between(0.5, 3),
      refreshRate: random.between(1, 12),
    };
  });

  const users: User[] = Array.from({ length: config.users }, (_, index) => {
    const site = index % 3;
    const userVaults = random.sample(vaults, random.int(1, 3));
    return {
      identity: identity(`user${index}@contoso.example`, random.chance(0.6) ? AZURE_CLI : AZURE_PORTAL),
      utcOffset: [0, 1, -5][site]!,
      vaults: userVaults,
      secrets: new Map(userVaults.map((vault) => [vault, random.sample(vault.secrets, random.int(2, 6))])),
      office: [address.office(site), address.office(site)],
      home: address.home(),
      activity: random.between(0.25, 0.7),
      readsPerHour: random.between(1, 5),
    };
  });

  const scanners: Identity[] = [
    { oid: random.guid(), appid: RESOURCE_GRAPH },
    { oid: random.guid(), appid: POLICY_INSIGHTS },
  ];
  const scannerAddresses = Array.from({ length: 40 }, address.azure);
  const backup = { identity: identity(), address: address.azure() };
  const refused = { identity: identity(), vault: random.pick(vaults), address: address.azure(), secret: "secrets/legacy-connection-string" };

  /** A request the client repeats after throttling: the 429 first, then the success (or the failure it is doomed to). */
  const request = (time: number, vault: Vault, operation: string, from: string, who: Identity, object = "", failure?: number) => {
    if (random.chance(0.004)) log.write(time - random.int(200, 2000), vault, operation, 429, from, who, object);
    const status = random.chance(0.0005) ? 500 : 200;
    log.write(time, vault, operation, failure ?? status, from, who, object);
  };
  /** Every client session starts with the token-less request Key Vault answers with 401. */
  const challenge = (time: number, vault: Vault, from: string) => log.write(time - random.int(50, 900), vault, "Authentication", 401, from, undefined);
  const at = (hour: number) => hour + random.int(0, HOUR - 1);

  // Incidents alter what some actors do in some hours; decided before the traffic is written.
  const incidents: Incident[] = [];
  const benignNovelties: string[] = [];
  const cryptoBoost = new Map<string, number>();
  const plan = planIncidents();
  // The quiet incidents and decoys draw from a random source of their own: the rest of the estate is the same with or without them.
  const quiet = planQuietIncidents({ ...config, start, evaluationStart, end }, { vaults, cryptoServices, configApps, users }, log, new Random(config.seed ^ 0x51ee7));

  for (let hour = start; hour < end; hour += HOUR) {
    const timeOfDay = (hour % DAY) / HOUR;
    const weekday = (Math.floor(hour / DAY) + 4) % 7;
    const weekend = weekday === 0 || weekday === 6;

    for (const service of cryptoServices) {
      const daily = 1 + service.amplitude * Math.cos((2 * Math.PI * (timeOfDay - service.peakHour)) / 24);
      const boost = cryptoBoost.get(`${hour}\u0000${callerKey(service.identity)}`) ?? 1;
      const count = random.overdispersed(service.rate * daily * (weekend ? service.weekendFactor : 1) * boost, service.shape);
      if (count === 0) continue;
      const from = random.pick(service.addresses);
      for (let session = random.int(1, 2); session > 0; session--) challenge(at(hour), service.vault, from);
      const failure = quiet.cryptoFailure(service, hour);
      for (let n = 0; n < count; n++) request(at(hour), service.vault, random.chance(0.7) ? "KeyUnwrap" : "KeyWrap", from, service.identity, service.key, failure);
    }

    for (const app of configApps) {
      const from = random.pick(app.addresses);
      // Deployments and restarts happen more in working hours; each reloads the whole configuration.
      const restartChance = (app.restartsPerDay / 24) * (timeOfDay >= 8 && timeOfDay < 18 && !weekend ? 1.8 : 0.4);
      if (random.chance(restartChance)) {
        const startup = at(hour);
        challenge(startup, app.vault, from);
        request(startup, app.vault, "SecretList", from, app.identity);
        for (const secret of app.secrets) request(startup + random.int(10, 5000), app.vault, "SecretGet", from, app.identity, `${secret}/${random.int(1, 3)}`);
        log.write(startup + random.int(10, 5000), app.vault, "SecretGet", 404, from, app.identity, app.optionalSecret);
      }
      const refreshes = random.poisson(app.refreshRate);
      if (refreshes > 0) challenge(at(hour), app.vault, from);
      for (let n = 0; n < refreshes; n++) request(at(hour), app.vault, "SecretGet", from, app.identity, random.pick(app.secrets));
    }

    for (const user of users) {
      const local = (timeOfDay + user.utcOffset + 24) % 24;
      if (weekend || local < 8 || local >= 18 || !random.chance(user.activity)) continue;
      const vault = random.pick(user.vaults);
      const from = random.chance(0.12) ? user.home : random.pick(user.office);
      challenge(at(hour), vault, from);
      if (random.chance(0.08)) {
        // Browsing in the portal: a list, then a few of the vault's secrets, not only the user's own.
        const browsing = at(hour);
        request(browsing, vault, "SecretList", from, user.identity);
        for (const secret of random.sample(vault.secrets, random.int(0, 6))) request(browsing + random.int(1000, 60_000), vault, "SecretGet", from, user.identity, secret);
      }
      const reads = random.poisson(user.readsPerHour);
      for (let n = 0; n < reads; n++) request(at(hour), vault, "SecretGet", from, user.identity, random.pick(user.secrets.get(vault)!));
      if (random.chance(0.05)) log.write(at(hour), vault, "SecretGet", 404, from, user.identity, "secrets/typo-in-name");
      if (random.chance(0.03)) log.write(at(hour), random.pick(vaults), "SecretGet", 403, from, user.identity, "secrets/not-mine");
      if (random.chance(0.05)) request(at(hour), vault, "KeyGet", from, user.identity, random.pick(vault.keys));
    }

    for (const vault of vaults) {
      for (const scanner of scanners) {
        if (random.chance(0.3)) log.write(at(hour), vault, "VaultGet", 200, random.pick(scannerAddresses), scanner);
      }
      // The weekly backup job: Sunday 02:00 UTC, every key and secret.
      if (weekday === 0 && timeOfDay === 2) {
        challenge(hour + 60_000, vault, backup.address);
        for (const key of vault.keys) log.write(hour + random.int(60_000, 900_000), vault, "KeyBackup", 200, backup.address, backup.identity, key);
        for (const secret of vault.secrets.slice(0, 10)) log.write(hour + random.int(60_000, 900_000), vault, "SecretBackup", 200, backup.address, backup.identity, secret);
      }
    }

    for (let n = random.poisson(3); n > 0; n--) log.write(at(hour), refused.vault, "SecretGet", 403, refused.address, refused.identity, refused.secret);

    for (const write of plan.get(hour) ?? []) write();
    quiet.writeHour(hour);
  }

  return {
    rows: log.rows,
    incidents: [...incidents, ...quiet.incidents],
    decoys: quiet.decoys,
    evaluationDayStarts: Array.from({ length: config.evaluationDays }, (_, day) => evaluationStart + day * DAY),
    allowlist: [{ oid: backup.identity.oid, kinds: ["sensitive-operation"], reason: "the weekly backup job" }],
    serviceIdentity: quiet.serviceIdentity,
    benignNovelties: [...benignNovelties, ...quiet.benignNovelties],
  };

  function planIncidents(): Map<number, (() => void)[]> {
    const planned = new Map<number, (() => void)[]>();
    const schedule = (hour: number, write: () => void) => planned.set(hour, [...(planned.get(hour) ?? []), write]);
    // Each kind works through its victims in a shuffled order: an identity is rarely attacked twice in a fortnight.
    const rotation = <T>(items: readonly T[]) => {
      const order = random.sample(items, items.length);
      let next = 0;
      return () => order[next++ % order.length]!;
    };
    const sensitiveUsers = rotation(users);
    const spikedServices = rotation(cryptoServices);
    const movedServices = rotation(cryptoServices);
    const dumpingUsers = rotation(users);
    const label = (kind: AnomalyKind, vault: Vault, who: Identity, from: number, hours: number, description: string, alsoRaises: AnomalyKind[] = []) =>
      incidents.push({ kind, alsoRaises, vault: vault.id.toLowerCase(), callerKey: callerKey(who), start: from, end: from + hours * HOUR, description });

    for (let day = 0; day < config.evaluationDays; day++) {
      const dayStart = evaluationStart + day * DAY;
      const someHour = () => dayStart + random.int(0, 22) * HOUR;
      for (let n = 0; n < config.incidentsPerKindPerDay; n++) {
        {
          // sensitive-operation: a known user destroys or exports material, or opens the vault up.
          const user = sensitiveUsers();
          const vault = random.pick(user.vaults);
          const operation = random.pick(["KeyDelete", "SecretDelete", "SecretPurge", "KeyPurge", "KeyBackup", "SecretBackup", "VaultPut", "KeyRelease"]);
          const hour = someHour();
          const object = operation.startsWith("Key") ? random.pick(vault.keys) : operation.startsWith("Secret") ? random.pick(vault.secrets) : "";
          const times = random.int(1, 4);
          schedule(hour, () => {
            const from = random.pick(user.office);
            for (let t = 0; t < times; t++) request(at(hour), vault, operation, from, user.identity, object);
          });
          label("sensitive-operation", vault, user.identity, hour, 1, `${operation} x${times} by ${user.identity.upn}`, outsideOfficeHours(user, hour) ? ["off-hours"] : []);
        }
        {
          // volume-spike: a CMK service's unwraps multiply for one to three hours.
          const service = spikedServices();
          const hour = someHour();
          const hours = random.int(1, 3);
          const fold = random.between(2, 20);
          for (let h = 0; h < hours; h++) cryptoBoost.set(`${hour + h * HOUR}\u0000${callerKey(service.identity)}`, fold);
          label("volume-spike", service.vault, service.identity, hour, hours, `crypto x${fold.toFixed(1)} for ${hours}h`);
        }
        {
          // new-caller: an identity the vault never saw unwraps keys or reads secrets.
          const vault = random.pick(vaults);
          const stranger = identity();
          const hour = someHour();
          const crypto = random.chance(0.5);
          const count = crypto ? random.int(5, 150) : random.int(1, 8);
          const from = address.hostile();
          schedule(hour, () => {
            challenge(at(hour), vault, from);
            for (let n = 0; n < count; n++) {
              if (crypto) request(at(hour), vault, "KeyUnwrap", from, stranger, random.pick(vault.keys));
              else request(at(hour), vault, "SecretGet", from, stranger, random.pick(vault.secrets));
            }
          });
          label("new-caller", vault, stranger, hour, 1, `${count} ${crypto ? "KeyUnwrap" : "SecretGet"} by a stranger`);
        }
        {
          // denied-burst: a token without rights hammers a vault (a known app, a user, or anonymous).
          const vault = random.pick(vaults);
          const hour = someHour();
          const count = random.int(6, 300);
          const variant = random.pick(["app", "user", "anonymous"] as const);
          const from = variant === "anonymous" ? address.hostile() : address.azure();
          const who = variant === "app" ? random.pick(configApps).identity : variant === "user" ? random.pick(users).identity : undefined;
          schedule(hour, () => {
            for (let n = 0; n < count; n++) log.write(at(hour), vault, "SecretGet", who ? 403 : 401, from, who, random.pick(vault.secrets));
          });
          const caller = who ?? { oid: "", appid: "" };
          incidents.push({
            kind: "denied-burst",
            alsoRaises: [],
            vault: vault.id.toLowerCase(),
            callerKey: who ? callerKey(caller) : `anonymous@${from}`,
            start: hour,
            end: hour + HOUR,
            description: `${count} denials for ${variant}`,
          });
        }
        {
          // mass-retrieval: a user's session lists a vault and reads most of it.
          const user = dumpingUsers();
          const vault = random.pick(user.vaults);
          const hour = someHour();
          const secrets = random.sample(vault.secrets, random.int(8, vault.secrets.length));
          const fromNewAddress = random.chance(0.5);
          const from = fromNewAddress ? address.hostile() : random.pick(user.office);
          schedule(hour, () => {
            const begin = at(hour);
            challenge(begin, vault, from);
            request(begin, vault, "SecretList", from, user.identity);
            secrets.forEach((secret, n) => request(begin + 2000 * (n + 1), vault, "SecretGet", from, user.identity, `${secret}/1`));
          });
          // A person dumping a vault at night is also off-hours.
          const alsoRaises: AnomalyKind[] = [...(fromNewAddress ? ["new-ip" as const] : []), "volume-spike", ...(outsideOfficeHours(user, hour) ? ["off-hours" as const] : [])];
          label("mass-retrieval", vault, user.identity, hour, 2, `${secrets.length} secrets by ${user.identity.upn}`, alsoRaises);
        }
        {
          // new-ip: a service's credentials used from somewhere else, at its usual pace.
          const service = movedServices();
          const hour = someHour();
          const from = address.hostile();
          const count = random.int(5, 60);
          schedule(hour, () => {
            challenge(at(hour), service.vault, from);
            for (let n = 0; n < count; n++) request(at(hour), service.vault, "KeyUnwrap", from, service.identity, service.key);
          });
          label("new-ip", service.vault, service.identity, hour, 1, `${count} KeyUnwrap from ${from}`, ["volume-spike"]);
        }
      }

      // Benign novelty, unlabelled: a new deployment on one day, a user working from abroad on another.
      if (day === 2) {
        const vault = random.pick(vaults);
        const deployment = identity();
        const hour = dayStart + 10 * HOUR;
        const from = address.azure();
        for (let h = 0; h < 14; h++) {
          schedule(hour + h * HOUR, () => {
            challenge(at(hour + h * HOUR), vault, from);
            for (let n = random.poisson(30); n > 0; n--) request(at(hour + h * HOUR), vault, "KeyUnwrap", from, deployment, random.pick(vault.keys));
          });
        }
        benignNovelties.push(`new deployment ${deployment.oid} on ${vault.id.split("/").pop()}`);
      }
      if (day === 3) {
        // An administrator tightens the network rules: a legitimate, reported configuration change.
        const admin = random.pick(users);
        const vault = random.pick(admin.vaults);
        const hour = dayStart + (14 - admin.utcOffset) * HOUR;
        schedule(hour, () => request(at(hour), vault, "VaultPatch", random.pick(admin.office), admin.identity));
        benignNovelties.push(`${admin.identity.upn} changes ${vault.id.split("/").pop()} settings`);
      }
      if (day === 5) {
        // A region failover: a service's traffic moves to new addresses for the afternoon.
        const service = random.pick(cryptoServices);
        const from = address.azure();
        service.addresses.push(from);
        benignNovelties.push(`failover of ${service.identity.oid} to ${from}`);
      }
      if (day === 4) {
        const user = random.pick(users);
        const vault = random.pick(user.vaults);
        const from = address.home();
        const hour = dayStart + (9 - user.utcOffset) * HOUR;
        schedule(hour, () => {
          challenge(at(hour), vault, from);
          for (let n = random.int(1, 4); n > 0; n--) request(at(hour), vault, "SecretGet", from, user.identity, random.pick(user.secrets.get(vault)!));
        });
        benignNovelties.push(`${user.identity.upn} travelling`);
      }
    }
    return planned;
  }
}
