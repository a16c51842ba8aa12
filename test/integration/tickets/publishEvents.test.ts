import type { AccessToken, TokenCredential } from "@azure/core-auth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Anomaly } from "../../../shared/anomalies/types.ts";
import { eventGridAnomalySink, findingChangeEvents, findingResolvedEvent, GuardEventPublisher, keyAccessAnomalyEvent, remediationEvent, type GuardEvent } from "../../../shared/publish/index.ts";
import type { ActionRecord } from "../../../shared/store/types.ts";
import { fingerprintOf } from "../../../shared/tickets/fingerprint.ts";
import { EventGridTopicFake } from "../../fakes/eventGridTopic.ts";
import { HOSTILE_ACTUAL, hostileSubject, STORAGE_ID, tlsFinding } from "../../unit/tickets/samples.ts";
import type { Logger } from "../../../shared/core/index.ts";

const KEY = "topic-access-key";
const TOKEN = "entra-token-for-eventgrid";
const AT = new Date("2026-03-01T12:00:00Z");
const VAULT = "/subscriptions/00000000-0000-0000-0000-0000000000a1/resourcegroups/sec/providers/microsoft.keyvault/vaults/kv01";

const anomaly: Anomaly = {
  kind: "mass-retrieval",
  vault: VAULT,
  caller: { oid: "11111111-2222-3333-4444-555555555555", appid: "", upn: "mallory@contoso.com" },
  start: "2026-03-01T10:00:00Z",
  end: "2026-03-01T10:20:00Z",
  severity: "high",
  score: 4.2,
  evidence: { secrets: 212, baseline: 3 },
};

const applied: ActionRecord = {
  id: "act-1",
  kind: "remediation",
  status: "applied",
  resourceId: STORAGE_ID,
  controlId: "storage.min-tls",
  actor: "encryption-guard",
  correlationId: "corr-1",
  startedAt: "2026-03-01T11:59:58Z",
  finishedAt: "2026-03-01T11:59:59Z",
  finding: tlsFinding({ decision: "remediate" }),
  fix: {
    resourceId: STORAGE_ID,
    resourceType: "Microsoft.Storage/storageAccounts",
    controlId: "storage.min-tls",
    safety: "safe",
    summary: "Require TLS 1.2",
    changes: [{ path: "properties.minimumTlsVersion", before: undefined, after: "TLS1_2" }],
  },
  after: { "properties.minimumTlsVersion": "TLS1_2" },
};

function events(): GuardEvent[] {
  return [
    ...findingChangeEvents([{ after: tlsFinding() }], AT),
    findingResolvedEvent({ resourceId: STORAGE_ID, controlId: "storage.https-only" }, "deleted", AT),
    remediationEvent(applied)!,
    remediationEvent({ ...applied, id: "act-2", status: "failed", error: "409 Conflict: the account is being updated", after: undefined })!,
    keyAccessAnomalyEvent(anomaly),
  ];
}

function recordingLogger(): Logger & { errors: string[] } {
  const errors: string[] = [];
  return { errors, info() {}, warn() {}, error: (...args: unknown[]) => errors.push(args.join(" ")) };
}

class StaticToken implements TokenCredential {
  scopes: string[] = [];
  async getToken(scopes: string | string[]): Promise<AccessToken> {
    this.scopes = [scopes].flat();
    return { token: TOKEN, expiresOnTimestamp: Date.now() + 3_600_000 };
  }
}

describe("Event Grid out: the publisher client against a local HTTPS topic", () => {
  let topic: EventGridTopicFake;
  beforeAll(async () => {
    topic = await EventGridTopicFake.start({ key: KEY, bearer: TOKEN });
  });
  afterAll(async () => {
    await topic.stop();
  });

  it("publishes every event type in the Event Grid schema with the topic key, trusting only the given CA", async () => {
    topic.received.length = 0;
    topic.server.clearRequests();
    const publisher = new GuardEventPublisher({ endpoint: topic.endpoint, key: KEY, ca: topic.ca }, recordingLogger());

    expect(await publisher.publish(events())).toEqual({ sent: 5, failed: 0 });

    const [request] = topic.server.requests;
    expect(request).toMatchObject({ method: "POST", path: "/api/events" });
    expect(request!.query.get("api-version")).toBe("2018-01-01");
    expect(request!.headers["aeg-sas-key"]).toBe(KEY);
    expect(request!.headers["user-agent"]).toContain("azure-encryption-guard");
    expect(topic.received.map((e) => e.eventType)).toEqual([
      "EncryptionGuard.FindingOpened",
      "EncryptionGuard.FindingResolved",
      "EncryptionGuard.RemediationApplied",
      "EncryptionGuard.RemediationFailed",
      "EncryptionGuard.KeyAccessAnomaly",
    ]);
    const [opened, resolved, fixed, failed, keyAccess] = topic.received;
    expect(opened).toMatchObject({
      subject: STORAGE_ID,
      dataVersion: "1.0",
      eventTime: "2026-03-01T12:00:00.000Z",
      data: {
        fingerprint: fingerprintOf("storage.min-tls", STORAGE_ID),
        resourceId: STORAGE_ID,
        controlId: "storage.min-tls",
        severity: "high",
        classification: "confidential",
        evidence: { path: "properties.minimumTlsVersion", actual: "TLS1_0", expected: "TLS1_2 or TLS1_3" },
        decision: "ticket",
        previousStatus: null,
      },
    });
    expect(opened!.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(resolved).toMatchObject({ data: { resolution: "deleted", controlId: "storage.https-only", evidence: null } });
    expect(fixed).toMatchObject({
      eventTime: "2026-03-01T11:59:59.000Z",
      data: { actionId: "act-1", status: "applied", changes: [{ path: "properties.minimumTlsVersion", before: null, after: "TLS1_2" }], after: { "properties.minimumTlsVersion": "TLS1_2" } },
    });
    expect(failed).toMatchObject({ data: { actionId: "act-2", status: "failed", error: "409 Conflict: the account is being updated" } });
    expect(keyAccess).toMatchObject({ subject: VAULT, data: anomaly });
  });

  it("authenticates with an Entra ID token for the Event Grid scope when no key is configured, and speaks CloudEvents when asked", async () => {
    topic.received.length = 0;
    topic.server.clearRequests();
    const credential = new StaticToken();
    const publisher = new GuardEventPublisher({ endpoint: topic.endpoint, credential, schema: "CloudEvent", ca: topic.ca }, recordingLogger());

    expect(await publisher.publish(events().slice(0, 1))).toEqual({ sent: 1, failed: 0 });

    const [request] = topic.server.requests;
    expect(request!.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(credential.scopes).toEqual(["https://eventgrid.azure.net/.default"]);
    expect(request!.headers["content-type"]).toContain("application/cloudevents-batch+json");
    expect(topic.received[0]).toMatchObject({
      specversion: "1.0",
      type: "EncryptionGuard.FindingOpened",
      source: "/azure-encryption-guard",
      subject: STORAGE_ID,
      dataversion: "1.0",
      datacontenttype: "application/json",
    });
  });

  it("counts and logs what the topic refused without throwing, and the anomaly sink fails so the alert is tried again", async () => {
    const logger = recordingLogger();
    const refused = new GuardEventPublisher({ endpoint: topic.endpoint, key: "wrong-key", ca: topic.ca }, logger);
    expect(await refused.publish(events())).toEqual({ sent: 0, failed: 5 });
    expect(logger.errors).toEqual([expect.stringMatching(/^could not publish 5 event\(s\) to Event Grid/)]);

    await expect(eventGridAnomalySink(refused).record([anomaly])).rejects.toThrow("1 of 1 KeyAccessAnomaly event(s) not published");
    topic.received.length = 0;
    await eventGridAnomalySink(new GuardEventPublisher({ endpoint: topic.endpoint, key: KEY, ca: topic.ca }, logger)).record([anomaly]);
    expect(topic.received.map((e) => e.eventType)).toEqual(["EncryptionGuard.KeyAccessAnomaly"]);
  });

  it("publishes outside text as data, cleaned of control and format characters, so a subscriber that shows a field shows what is there", async () => {
    topic.received.length = 0;
    const publisher = new GuardEventPublisher({ endpoint: topic.endpoint, key: KEY, ca: topic.ca }, recordingLogger());
    const { finding } = hostileSubject();
    const hostileCaller = { ...anomaly, caller: { ...anomaly.caller, upn: "mallory\u202Emoc.osotnoc@\u0000" }, evidence: { note: "a\u2066b\u0007c", "k\u200Bey": 1 } };

    expect(await publisher.publish([...findingChangeEvents([{ after: finding }], AT), keyAccessAnomalyEvent(hostileCaller)])).toEqual({ sent: 2, failed: 0 });

    const [opened, keyAccess] = topic.received;
    expect(opened).toMatchObject({ data: { evidence: { actual: HOSTILE_ACTUAL.replace(/[\u202E\u0000]/g, "") }, reason: finding.reason } });
    expect(keyAccess).toMatchObject({ data: { caller: { upn: "mallorymoc.osotnoc@" }, evidence: { note: "abc", key: 1 } } });
  });
});
