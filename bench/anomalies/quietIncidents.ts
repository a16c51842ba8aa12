import type { AnomalyKind } from "../../shared/anomalies/index.ts";
import { addressesFrom, callerKey, DAY, HOUR, identityFrom, type ConfigApp, type CryptoService, type Decoy, type Identity, type Incident, type LogWriter, type User, type Vault } from "./estate.ts";
import type { Random } from "./random.ts";

/**
 * The quiet incidents the second round of detectors is for, and the everyday behaviour that
 * looks like them (the decoys), added to the estate with a random source of their own:
 *
 * - unusual-object: a configuration app's credentials read, from its usual address and at its
 *   usual pace, one or two secrets an hour that it never read, for three to six hours;
 *   decoy: a report renderer that reads a few of its vault's 800 templates every hour;
 * - off-hours: a person who works office hours reads their own secrets between midnight and
 *   05:00 local time from their office address; decoy: a colleague on call, who works any hour;
 * - logging-disabled: someone deletes a vault's diagnostic setting, or rewrites it to send no
 *   audit events; decoys: the service's own identity writing its setting every day and once
 *   removing an old one of its own, an administrator adding metrics to a setting;
 * - key-unavailable: a CMK service's key is disabled (403) or deleted (404) for two to six
 *   hours; decoy: a batch job that unwrapped with a key until a person deleted it on purpose
 *   and now retries a few times a day.
 */

export interface QuietSpan {
  start: number;
  evaluationStart: number;
  end: number;
  evaluationDays: number;
  incidentsPerKindPerDay: number;
}

export interface QuietActors {
  vaults: readonly Vault[];
  cryptoServices: readonly CryptoService[];
  configApps: readonly ConfigApp[];
  users: readonly User[];
}

export interface QuietPlan {
  incidents: Incident[];
  decoys: Decoy[];
  benignNovelties: string[];
  /** The service's own identity (Encryption Guard's), which writes diagnostic settings. */
  serviceIdentity: Identity;
  /** Writes this module's rows of one hour; called once per hour, in order. */
  writeHour(hour: number): void;
  /** The status a CMK service's crypto requests get in an hour its key is unavailable; undefined otherwise. */
  cryptoFailure(service: CryptoService, hour: number): number | undefined;
}

const DIAGNOSTIC_SETTINGS = "providers/Microsoft.Insights/diagnosticSettings";
const WRITE = "MICROSOFT.INSIGHTS/DIAGNOSTICSETTINGS/WRITE";
const DELETE = "MICROSOFT.INSIGHTS/DIAGNOSTICSETTINGS/DELETE";
const AZURE_CLI = "04b07795-8ddb-461a-bbee-02f9e1bf7b46";
const TEMPLATES = 800;

export function planQuietIncidents(span: QuietSpan, actors: QuietActors, log: LogWriter, random: Random): QuietPlan {
  const address = addressesFrom(random);
  const identity = identityFrom(random);
  const at = (hour: number) => hour + random.int(0, HOUR - 1);
  const challenge = (time: number, vault: Vault, from: string) => log.write(time - random.int(50, 900), vault, "Authentication", 401, from, undefined);
  const planned = new Map<number, (() => void)[]>();
  const schedule = (hour: number, write: () => void) => planned.set(hour, [...(planned.get(hour) ?? []), write]);
  const incidents: Incident[] = [];
  const decoys: Decoy[] = [];
  const label = (kind: AnomalyKind, vault: Vault, who: Identity, from: number, hours: number, description: string, alsoRaises: AnomalyKind[] = []) =>
    incidents.push({ kind, alsoRaises, vault: vault.id.toLowerCase(), callerKey: callerKey(who), start: from, end: from + hours * HOUR, description });
  const workspace = `/subscriptions/${random.guid()}/resourceGroups/rg-monitor/providers/Microsoft.OperationalInsights/workspaces/law-security`;
  const settingBody = (logs: unknown[], metrics: unknown[] = []) => ({ properties: { workspaceId: workspace, logs, metrics } });
  const auditOn = settingBody([{ categoryGroup: "audit", enabled: true }]);

  // The service's own identity sets its diagnostic setting on a vault every day, and once removes an old one of its own.
  const guard = { identity: identity(), address: address.azure() };
  for (let day = 0; day * DAY < span.end - span.start; day++) {
    const hour = span.start + day * DAY + random.int(0, 23) * HOUR;
    const vault = random.pick(actors.vaults);
    schedule(hour, () =>
      log.administrative({
        time: at(hour),
        vault,
        child: `${DIAGNOSTIC_SETTINGS}/encryption-guard`,
        operation: WRITE,
        who: guard.identity,
        correlationId: random.guid(),
        address: guard.address,
        body: auditOn,
      }),
    );
  }
  const cleanup = span.evaluationStart + DAY + 11 * HOUR;
  const cleanedVault = random.pick(actors.vaults);
  schedule(cleanup, () =>
    log.administrative({
      time: at(cleanup),
      vault: cleanedVault,
      child: `${DIAGNOSTIC_SETTINGS}/encryption-guard-v1`,
      operation: DELETE,
      who: guard.identity,
      correlationId: random.guid(),
      address: guard.address,
    }),
  );
  decoys.push({ kind: "logging-disabled", callerKey: callerKey(guard.identity), description: "the service's own diagnostic-setting writes, and its removal of an old setting of its own" });

  // An administrator adds metrics to a vault's setting, keeping its audit log.
  const admin = random.pick(actors.users);
  const adminVault = random.pick(admin.vaults);
  const adminHour = span.evaluationStart + 3 * DAY + (13 - admin.utcOffset) * HOUR;
  schedule(adminHour, () =>
    log.administrative({
      time: at(adminHour),
      vault: adminVault,
      child: `${DIAGNOSTIC_SETTINGS}/audit-to-law`,
      operation: WRITE,
      who: admin.identity,
      correlationId: random.guid(),
      address: admin.office[0]!,
      body: settingBody([{ categoryGroup: "audit", enabled: true }], [{ category: "AllMetrics", enabled: true }]),
    }),
  );
  decoys.push({
    kind: "logging-disabled",
    vault: adminVault.id.toLowerCase(),
    callerKey: callerKey(admin.identity),
    description: "an administrator adding metrics to a setting that keeps the audit log",
  });

  // A colleague on call reads a few secrets at any hour of any day.
  const onCallVaults = random.sample(actors.vaults, 2);
  const onCall = {
    identity: identity("oncall@contoso.example", AZURE_CLI),
    secrets: new Map(onCallVaults.map((vault) => [vault, random.sample(vault.secrets, 3)])),
    addresses: [address.office(0), address.home()],
  };
  for (const vault of onCallVaults)
    decoys.push({ kind: "off-hours", vault: vault.id.toLowerCase(), callerKey: callerKey(onCall.identity), description: "a colleague on call reading secrets at any hour" });

  // A report renderer reads a few of its vault's many templates every working hour: new ones every day.
  const renderer = { identity: identity(), vault: random.pick(actors.vaults), address: address.azure() };
  decoys.push({ kind: "unusual-object", vault: renderer.vault.id.toLowerCase(), callerKey: callerKey(renderer.identity), description: "a renderer reading a few of 800 templates an hour" });

  // A batch job unwrapped with a key until a person deleted it on purpose; a forgotten retry still tries it now and then.
  const batch = { identity: identity(), vault: random.pick(actors.vaults), address: address.azure(), key: "keys/retired-cmk" };
  const deleter = random.pick(actors.users);
  const deletedAt = span.start + 5 * DAY + (11 - deleter.utcOffset) * HOUR;
  schedule(deletedAt, () => log.write(at(deletedAt), batch.vault, "KeyDelete", 200, deleter.office[0]!, deleter.identity, batch.key));
  decoys.push({
    kind: "key-unavailable",
    vault: batch.vault.id.toLowerCase(),
    callerKey: callerKey(batch.identity),
    description: "a client retrying a few unwraps with a key a person deleted on purpose",
  });

  // The incidents: each kind works through its victims in a shuffled order.
  const rotation = <T>(items: readonly T[]) => {
    const order = random.sample(items, items.length);
    let next = 0;
    return () => order[next++ % order.length]!;
  };
  const stolenApps = rotation(actors.configApps);
  const nightOwls = rotation(actors.users);
  const lostKeys = rotation(actors.cryptoServices);
  const outages = new Map<CryptoService, { from: number; to: number; status: number }[]>();
  for (let day = 0; day < span.evaluationDays; day++) {
    const dayStart = span.evaluationStart + day * DAY;
    for (let n = 0; n < span.incidentsPerKindPerDay; n++) {
      {
        const app = stolenApps();
        const unread = random.sample(
          app.vault.secrets.filter((secret) => !app.secrets.includes(secret)),
          12,
        );
        const hours = random.int(3, 6);
        const first = dayStart + random.int(0, 24 - hours) * HOUR;
        let read = 0;
        for (let h = 0; h < hours; h++) {
          const secrets = Array.from({ length: random.int(1, 2) }, () => unread[read++ % unread.length]!);
          const hour = first + h * HOUR;
          schedule(hour, () => {
            const time = at(hour);
            challenge(time, app.vault, app.addresses[0]!);
            secrets.forEach((secret, index) => log.write(time + index * 1500, app.vault, "SecretGet", 200, app.addresses[0]!, app.identity, `${secret}/1`));
          });
        }
        label("unusual-object", app.vault, app.identity, first, hours, `${Math.min(read, unread.length)} secrets new to the app over ${hours}h`);
      }
      {
        const user = nightOwls();
        const vault = random.pick(user.vaults);
        const localHour = random.int(0, 4);
        const hour = dayStart + ((localHour - user.utcOffset + 24) % 24) * HOUR;
        const reads = random.sample(user.secrets.get(vault)!, random.int(1, 3));
        schedule(hour, () => {
          const time = at(hour);
          challenge(time, vault, user.office[0]!);
          reads.forEach((secret, index) => log.write(time + index * 2000, vault, "SecretGet", 200, user.office[0]!, user.identity, secret));
        });
        label("off-hours", vault, user.identity, hour, 1, `${reads.length} reads by ${user.identity.upn} at ${String(localHour).padStart(2, "0")}:00 local`);
      }
      {
        const vault = random.pick(actors.vaults);
        const attacker = random.chance(0.5) ? random.pick(actors.users).identity : identity();
        const hour = dayStart + random.int(0, 23) * HOUR;
        const deletes = random.chance(0.6);
        const from = address.hostile();
        schedule(hour, () =>
          log.administrative({
            time: at(hour),
            vault,
            child: `${DIAGNOSTIC_SETTINGS}/audit-to-law`,
            operation: deletes ? DELETE : WRITE,
            who: attacker,
            correlationId: random.guid(),
            address: from,
            ...(deletes ? {} : { body: settingBody([{ categoryGroup: "audit", enabled: false }], [{ category: "AllMetrics", enabled: true }]) }),
          }),
        );
        label("logging-disabled", vault, attacker, hour, 1, `${deletes ? "deletes" : "turns off the audit log of"} the diagnostic setting`);
      }
      {
        const service = lostKeys();
        const hours = random.int(2, 6);
        const from = dayStart + random.int(0, 24 - hours) * HOUR;
        const status = random.chance(0.7) ? 403 : 404;
        outages.set(service, [...(outages.get(service) ?? []), { from, to: from + hours * HOUR, status }]);
        // The refusals are also a burst of denials, which the outage explains.
        label("key-unavailable", service.vault, service.identity, from, hours, `${service.key.split("/").slice(0, 2).join("/")} ${status === 403 ? "disabled" : "deleted"} for ${hours}h`, [
          "denied-burst",
        ]);
      }
    }
  }

  return {
    incidents,
    decoys,
    benignNovelties: [`${deleter.identity.upn} deletes ${batch.key} of ${batch.vault.id.split("/").pop()} on purpose, before the evaluated days`],
    serviceIdentity: guard.identity,
    cryptoFailure(service, hour) {
      return outages.get(service)?.find((outage) => hour >= outage.from && hour < outage.to)?.status;
    },
    writeHour(hour) {
      const timeOfDay = (hour % DAY) / HOUR;
      if (random.chance(0.15)) {
        const vault = random.pick(onCallVaults);
        const from = random.pick(onCall.addresses);
        const time = at(hour);
        challenge(time, vault, from);
        for (const secret of random.sample(onCall.secrets.get(vault)!, random.int(1, 3))) log.write(time + random.int(1000, 60_000), vault, "SecretGet", 200, from, onCall.identity, secret);
      }
      if (timeOfDay >= 6 && timeOfDay < 20) {
        const time = at(hour);
        challenge(time, renderer.vault, renderer.address);
        for (let n = random.int(2, 5); n > 0; n--)
          log.write(time + random.int(1000, 600_000), renderer.vault, "SecretGet", 200, renderer.address, renderer.identity, `secrets/template-${random.int(0, TEMPLATES - 1)}`);
      }
      if (hour < deletedAt ? random.chance(0.6) : random.chance(0.08)) {
        const time = at(hour);
        challenge(time, batch.vault, batch.address);
        const count = hour < deletedAt ? random.int(3, 15) : random.int(1, 4);
        for (let n = 0; n < count; n++) log.write(time + n * 5000, batch.vault, "KeyUnwrap", hour < deletedAt ? 200 : 404, batch.address, batch.identity, `${batch.key}/${"0".repeat(8)}`);
      }
      for (const write of planned.get(hour) ?? []) write();
    },
  };
}
