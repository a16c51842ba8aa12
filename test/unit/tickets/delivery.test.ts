import { describe, expect, it } from "vitest";
import { parsePolicy } from "../../../shared/config/policy.ts";
import type { ActionRecord } from "../../../shared/store/types.ts";
import { httpFailure, isNetworkFailure, retryAfterMs, SinkError } from "../../../shared/tickets/errors.ts";
import { fingerprintOf } from "../../../shared/tickets/fingerprint.ts";
import { observationsFromScan } from "../../../shared/tickets/observations.ts";
import { DEFAULT_BACKOFF, retryDelay } from "../../../shared/tickets/outbox.ts";
import { createSinks } from "../../../shared/tickets/sinks/index.ts";
import { STORAGE_ID, tlsFinding } from "./samples.ts";

function action(changes: Partial<ActionRecord>): ActionRecord {
  return {
    id: "a1",
    kind: "ticket",
    status: "pending",
    resourceId: STORAGE_ID,
    controlId: "storage.min-tls",
    actor: "guard",
    correlationId: "c1",
    startedAt: "2026-03-01T00:00:00Z",
    finding: tlsFinding(),
    ...changes,
  };
}

describe("backoff", () => {
  it("doubles from the base with jitter between half and all of the step, up to the ceiling", () => {
    expect(retryDelay(1, DEFAULT_BACKOFF, undefined, () => 0)).toBe(15_000);
    expect(retryDelay(1, DEFAULT_BACKOFF, undefined, () => 1)).toBe(30_000);
    expect(retryDelay(3, DEFAULT_BACKOFF, undefined, () => 1)).toBe(120_000);
    expect(retryDelay(30, DEFAULT_BACKOFF, undefined, () => 1)).toBe(DEFAULT_BACKOFF.maxMs);
  });

  it("believes a sink's Retry-After, within a second and the parking time", () => {
    expect(retryDelay(5, DEFAULT_BACKOFF, 60_000)).toBe(60_000);
    expect(retryDelay(5, DEFAULT_BACKOFF, 0)).toBe(1_000);
    expect(retryDelay(5, DEFAULT_BACKOFF, 10 * DEFAULT_BACKOFF.parkMs)).toBe(DEFAULT_BACKOFF.parkMs);
  });
});

describe("failure classification", () => {
  it("passes throttling and server faults, and stops at anything a retry cannot fix", () => {
    expect(httpFailure("X", 429, "slow down", { "Retry-After": "12" })).toMatchObject({ kind: "transient", retryAfterMs: 12_000 });
    expect(httpFailure("X", 503, "down").kind).toBe("transient");
    for (const status of [400, 401, 403, 404, 410, 422]) expect(httpFailure("X", status, "no").kind).toBe("permanent");
  });

  it("reads Retry-After as seconds or as an HTTP date, and finds network failures in a cause chain", () => {
    const now = Date.parse("2026-03-01T00:00:00Z");
    expect(retryAfterMs(new Headers({ "retry-after": "Sun, 01 Mar 2026 00:00:30 GMT" }), now)).toBe(30_000);
    expect(retryAfterMs({ "retry-after": "soon" }, now)).toBeUndefined();
    expect(isNetworkFailure(new TypeError("fetch failed", { cause: Object.assign(new Error("connect"), { code: "ECONNREFUSED" }) }))).toBe(true);
    expect(isNetworkFailure(new Error("nope"))).toBe(false);
  });
});

describe("intents from a scan", () => {
  it("asks for a ticket for a pending ticket action, with the owner, the held-back fix and the reason", () => {
    const fix = { resourceId: STORAGE_ID, resourceType: "Microsoft.Storage/storageAccounts", controlId: "storage.min-tls", safety: "safe" as const, summary: "s", changes: [] };
    const [observation, ...rest] = observationsFromScan(
      { findings: [tlsFinding()], actions: [action({ fix, reason: "breaker open", finding: { ...tlsFinding(), owner: "team-data" } })] },
      { observedAt: new Date("2026-03-01T10:00:00Z") },
    );
    expect(rest).toEqual([]);
    expect(observation).toEqual({
      fingerprint: fingerprintOf("storage.min-tls", STORAGE_ID),
      intent: { kind: "open", subject: { finding: { ...tlsFinding(), owner: "team-data" }, owner: "team-data", fix, reason: "breaker open" }, observedAt: "2026-03-01T10:00:00.000Z" },
    });
  });

  it("asks to close for compliant, exempt and no longer applicable findings and for a confirmed fix, and says nothing for audit or unknown", () => {
    const other = (controlId: string, status: "compliant" | "exempt" | "not-applicable" | "unknown" | "noncompliant", decision: "none" | "audit" = "none") =>
      tlsFinding({ controlId, status, decision, reason: `${status} because` });
    const observations = observationsFromScan(
      {
        findings: [
          other("storage.cmk", "compliant"),
          other("storage.https-only", "exempt"),
          other("storage.infrastructure-encryption", "not-applicable"),
          other("x.unknown", "unknown"),
          other("x.audit", "noncompliant", "audit"),
          tlsFinding(),
        ],
        actions: [action({ id: "fix-1", kind: "remediation", status: "applied" })],
      },
      { observedAt: new Date("2026-03-01T10:00:00Z") },
    );
    expect(observations.map(({ intent }) => (intent.kind === "close" ? [intent.controlId, intent.reason, intent.detail] : [intent.kind]))).toEqual([
      ["storage.cmk", "compliant", undefined],
      ["storage.https-only", "exempt", "exempt because"],
      ["storage.infrastructure-encryption", "not-applicable", "not-applicable because"],
      ["storage.min-tls", "compliant", "fixed by Encryption Guard (action fix-1)"],
    ]);
  });
});

describe("sinks from the policy", () => {
  const policy = parsePolicy(
    JSON.stringify({
      tickets: {
        sinks: [
          { type: "github", repo: "contoso/sec" },
          { type: "github", repo: "contoso/ghes", apiUrl: "https://github.contoso.com/api/v3", tokenSetting: "GHES_TOKEN" },
          { type: "azure-devops", organizationUrl: "https://dev.azure.com/contoso", project: "Sec" },
          { type: "servicenow", instanceUrl: "https://contoso.service-now.com" },
          { type: "webhook", urlSetting: "HOOK_URL", secretSetting: "HOOK_SECRET" },
        ],
      },
    }),
    "policy.json",
  );

  it("read credentials from the settings each entry names, or the tools' usual ones", () => {
    const sinks = createSinks(policy.tickets.sinks, {
      GITHUB_TOKEN: "t",
      GHES_TOKEN: "t",
      AZURE_DEVOPS_EXT_PAT: "p",
      SERVICENOW_USERNAME: "u",
      SERVICENOW_PASSWORD: "p",
      HOOK_URL: "https://hooks.example/x?sig=1",
      HOOK_SECRET: "s",
    });
    expect(sinks.map((s) => [s.id, s.constructor.name])).toEqual([
      ["github:contoso/sec", "GitHubSink"],
      ["github:github.contoso.com/contoso/ghes", "GitHubSink"],
      ["azure-devops:https://dev.azure.com/contoso/Sec", "AzureDevOpsSink"],
      ["servicenow:https://contoso.service-now.com", "ServiceNowSink"],
      ["webhook:setting:HOOK_URL", "WebhookSink"],
    ]);
  });

  it("keep a sink whose settings are missing under the same id, failing permanently with the setting names", async () => {
    const sinks = createSinks(policy.tickets.sinks, { SERVICENOW_USERNAME: "u" });
    expect(sinks.map((s) => s.id)).toEqual([
      "github:contoso/sec",
      "github:github.contoso.com/contoso/ghes",
      "azure-devops:https://dev.azure.com/contoso/Sec",
      "servicenow:https://contoso.service-now.com",
      "webhook:setting:HOOK_URL",
    ]);
    const failure = (await sinks[3]!.open(undefined as never).catch((error: unknown) => error)) as SinkError;
    expect(failure).toBeInstanceOf(SinkError);
    expect(failure.kind).toBe("permanent");
    expect(failure.message).toBe("servicenow:https://contoso.service-now.com: the app setting SERVICENOW_PASSWORD is not set; its tickets wait in the outbox until it is");
    expect(((await sinks[4]!.open(undefined as never).catch((error: unknown) => error)) as SinkError).message).toContain("the app settings HOOK_URL, HOOK_SECRET are not set");
  });
});
