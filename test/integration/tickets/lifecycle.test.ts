import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import type { RunningEmulator } from "../../../emulator/index.ts";
import { parsePolicy, type Policy } from "../../../shared/config/policy.ts";
import { AzureTables } from "../../../shared/store/azureRows.ts";
import { Ledger } from "../../../shared/store/ledger.ts";
import { GuardEventPublisher, publishingRecorder } from "../../../shared/publish/index.ts";
import {
  DEFAULT_BACKOFF,
  fingerprintMarker,
  fingerprintOf,
  GitHubSink,
  ServiceNowSink,
  TicketStore,
  Ticketing,
  ticketingFromPolicy,
  ticketingRecorder,
  type TicketSink,
} from "../../../shared/tickets/index.ts";
import type { GuardRuntime } from "../../../shared/workflow/index.ts";
import { scanResource } from "../../../shared/workflow/index.ts";
import { processWorkItem } from "../../../shared/workflow/worker.ts";
import { AzureDevOpsFake } from "../../fakes/azureDevOps.ts";
import { EventGridTopicFake } from "../../fakes/eventGridTopic.ts";
import { GitHubFake } from "../../fakes/github.ts";
import { ServiceNowFake } from "../../fakes/serviceNow.ts";
import { WebhookReceiver } from "../../fakes/webhook.ts";
import { startEmulatorRuntime } from "../../support/emulatorRuntime.ts";
import type { ArmDocument, Logger } from "../../../shared/core/index.ts";

const SUBSCRIPTION = "7b1d2a4e-5c3f-4e21-9a8b-0000000e9a01";
const REPO = "contoso/cloud-security";
const GITHUB_TOKEN = "ghp_lifecycle000000000000000000000000000";
const SECRETS = { AZURE_DEVOPS_EXT_PAT: "ado-pat", SERVICENOW_USERNAME: "svc-guard", SERVICENOW_PASSWORD: "sn-password", WEBHOOK_SECRET: "hook-secret" };

function storageAccount(name: string, minimumTlsVersion: string, properties: Record<string, unknown> = {}): ArmDocument {
  return {
    id: `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-data/providers/Microsoft.Storage/storageAccounts/${name}`,
    name,
    type: "Microsoft.Storage/storageAccounts",
    location: "westeurope",
    kind: "StorageV2",
    sku: { name: "Standard_LRS", tier: "Standard" },
    tags: { "data-classification": "confidential", owner: "team-data@contoso.com" },
    properties: { minimumTlsVersion, supportsHttpsTrafficOnly: true, encryption: { keySource: "Microsoft.Storage" }, provisioningState: "Succeeded", ...properties },
  };
}

/** Everything audited except the minimum TLS control, which asks for a ticket: one ticket per account. */
function policyWith(extra: Record<string, unknown> = {}): Policy {
  return parsePolicy(JSON.stringify({ defaultMode: "audit", controls: { "storage.min-tls": { mode: "ticket" } }, ...extra }), "lifecycle.policy.json");
}

function recordingLogger() {
  const lines = { info: [] as string[], warn: [] as string[], error: [] as string[] };
  const logger: Logger = {
    info: (...args) => lines.info.push(args.join(" ")),
    warn: (...args) => lines.warn.push(args.join(" ")),
    error: (...args) => lines.error.push(args.join(" ")),
  };
  return { logger, lines };
}

describe("ticket lifecycle: the scan workflow against the ARM emulator, the ledger on the test run's Azurite, and fake ticket systems", () => {
  let emulator: RunningEmulator;
  let runtime: GuardRuntime;
  let github: GitHubFake;
  let clock: Date;

  /** A fresh ledger (its own table prefix): the same as one that was lost. */
  function freshTables(): AzureTables {
    return new AzureTables({ connectionString: inject("azuriteConnectionString") }, { prefix: `t${randomUUID().replace(/-/g, "").slice(0, 12)}` });
  }

  function useLedger(tables: AzureTables): TicketStore {
    const ledger = new Ledger(tables);
    runtime.ledger = ledger;
    runtime.recorder = ledger;
    return new TicketStore(tables);
  }

  function gitHubSink(token = GITHUB_TOKEN): GitHubSink {
    return new GitHubSink({ repo: REPO, token, apiUrl: github.apiUrl });
  }

  function ticketing(store: TicketStore, sinks: TicketSink[], logger: Logger = recordingLogger().logger): Ticketing {
    return new Ticketing({ sinks, store, logger, now: () => clock, random: () => 0.5 });
  }

  /** What the worker does with one detection: re-read and judge the resource, record ticket intents, deliver. */
  async function detect(tickets: Ticketing, doc: ArmDocument) {
    const outcome = await scanResource(runtime, doc.id);
    await tickets.recordScan(outcome, { observedAt: clock });
    return tickets.deliver();
  }

  function add(doc: ArmDocument): ArmDocument {
    emulator.store.put(doc);
    return doc;
  }

  function setTls(doc: ArmDocument, minimumTlsVersion: string): void {
    emulator.write(doc.id, { properties: { minimumTlsVersion } });
  }

  const issuesFor = (doc: ArmDocument) => github.issuesOf(REPO).filter((issue) => issue.labels.includes(fingerprintMarker(fingerprintOf("storage.min-tls", doc.id))));
  const creates = () => github.server.requests.filter((r) => r.method === "POST" && r.path.endsWith("/issues")).length;

  beforeAll(async () => {
    github = await GitHubFake.start({ token: GITHUB_TOKEN, repos: [REPO] });
    ({ emulator, runtime } = await startEmulatorRuntime({ subscriptions: [SUBSCRIPTION], estate: "empty" }, policyWith()));
  });
  afterAll(async () => {
    await Promise.all([emulator?.stop(), github?.stop()]);
  });
  beforeEach(() => {
    clock = new Date("2026-03-01T09:00:00Z");
    runtime.policy = policyWith();
  });

  it("opens one issue under duplicate and concurrent detections, and comments only when the finding changed", async () => {
    const tickets = ticketing(useLedger(freshTables()), [gitHubSink()]);
    const account = add(storageAccount("dupes01", "TLS1_0"));

    await Promise.all([detect(tickets, account), detect(tickets, account)]);
    await detect(tickets, account);

    const [issue, ...others] = issuesFor(account);
    expect(others).toEqual([]);
    expect(issue!.title).toBe("[encryption-guard] Storage account requires TLS 1.2 or newer: dupes01");
    expect(issue!.labels).toEqual(["encryption-guard", fingerprintMarker(fingerprintOf("storage.min-tls", account.id)), "severity:high"]);
    expect(issue!.body).toContain("| Owner | team-data@\u200Dcontoso.com |");
    expect(issue!.body).toContain("| Classification | confidential |");

    setTls(account, "TLS1_1");
    await detect(tickets, account);
    await detect(tickets, account);
    expect(issue!.comments).toHaveLength(1);
    expect(issue!.comments[0]).toContain('- Actual value: `"TLS1_0"` → `"TLS1_1"`');
    expect(issuesFor(account)).toHaveLength(1);
  });

  it("closes with the reason when fixed, reopens the same issue on a regression, and closes as not planned when exempted", async () => {
    const tickets = ticketing(useLedger(freshTables()), [gitHubSink()]);
    const account = add(storageAccount("cycle01", "TLS1_0"));
    await detect(tickets, account);
    const [issue] = issuesFor(account);

    setTls(account, "TLS1_2");
    const fixed = await detect(tickets, account);
    expect(fixed.delivered).toEqual([expect.objectContaining({ step: "closed" })]);
    expect(issue).toMatchObject({ state: "closed", state_reason: "completed" });
    expect(issue!.comments.at(-1)).toContain('**Resolved**: the resource now meets the control (checked 2026-03-01T09:00:00.000Z): `properties.minimumTlsVersion` is `"TLS1_2"`');

    const before = github.server.requests.length;
    await detect(tickets, account);
    expect(github.server.requests.length).toBe(before);

    setTls(account, "TLS1_0");
    const regressed = await detect(tickets, account);
    expect(regressed.delivered).toEqual([expect.objectContaining({ step: "reopened" })]);
    expect(issue).toMatchObject({ state: "open", state_reason: "reopened" });
    expect(issue!.comments.at(-1)).toContain("**The problem is back**");

    runtime.policy = policyWith({ exemptions: [{ scope: account.id, controls: ["storage.min-tls"], reason: "legacy app, retired in Q3", expires: "2099-12-31" }] });
    await detect(tickets, account);
    expect(issue).toMatchObject({ state: "closed", state_reason: "not_planned" });
    expect(issue!.comments.at(-1)).toContain("**Closed: the resource is exempt** from this control by policy (checked 2026-03-01T09:00:00.000Z): legacy app, retired in Q3");
    expect(issuesFor(account)).toHaveLength(1);
  });

  it("closes the issue of a deleted resource", async () => {
    const tickets = ticketing(useLedger(freshTables()), [gitHubSink()]);
    const account = add(storageAccount("gone01", "TLS1_0"));
    await detect(tickets, account);

    emulator.store.delete(account.id);
    expect(await scanResource(runtime, account.id)).toMatchObject({ findings: [], actions: [] });
    expect(await tickets.resourceDeleted(account.id.toUpperCase())).toBe(1);
    await tickets.deliver();

    const [issue] = issuesFor(account);
    expect(issue).toMatchObject({ state: "closed", state_reason: "not_planned" });
    expect(issue!.comments.at(-1)).toContain("**Closed: the resource was deleted**");
  });

  it("keeps the intent in the outbox through a rate limit and server errors, backing off until the sink recovers, and opens once", async () => {
    const { logger, lines } = recordingLogger();
    const tickets = ticketing(useLedger(freshTables()), [gitHubSink()], logger);
    const account = add(storageAccount("retry01", "TLS1_0"));

    github.secondaryRateLimit(1, 60);
    const limited = await detect(tickets, account);
    expect(limited.failed).toEqual([expect.objectContaining({ kind: "transient", attempts: 1, nextAttemptAt: "2026-03-01T09:01:00.000Z" })]);
    expect(issuesFor(account)).toHaveLength(0);

    const requests = github.server.requests.length;
    expect(await tickets.deliver()).toMatchObject({ delivered: [], failed: [], waiting: 1 });
    expect(github.server.requests.length).toBe(requests);

    clock = new Date("2026-03-01T09:01:01Z");
    github.server.fail({ times: 2, response: { status: 503, body: { message: "Service Unavailable" } } });
    // Exponential backoff with the jitter pinned at its middle: 45 s after the second attempt, 90 s after the third.
    expect((await tickets.deliver()).failed).toEqual([expect.objectContaining({ attempts: 2, nextAttemptAt: "2026-03-01T09:01:46.000Z" })]);
    clock = new Date("2026-03-01T09:01:46Z");
    expect((await tickets.deliver()).failed).toEqual([expect.objectContaining({ attempts: 3, nextAttemptAt: "2026-03-01T09:03:16.000Z" })]);
    clock = new Date("2026-03-01T09:03:16Z");
    expect((await tickets.deliver()).delivered).toEqual([expect.objectContaining({ step: "opened" })]);

    expect(issuesFor(account)).toHaveLength(1);
    expect(lines.warn).toHaveLength(3);
    expect(lines.warn[0]).toContain("secondary rate limit");
    expect(lines.error).toEqual([]);
  });

  it("reports a permanent failure once, keeps the ticket waiting, and delivers it once the credentials are fixed", async () => {
    const store = useLedger(freshTables());
    const { logger, lines } = recordingLogger();
    const broken = ticketing(store, [gitHubSink("ghp_revoked")], logger);
    const account = add(storageAccount("perm01", "TLS1_0"));

    expect((await detect(broken, account)).failed).toEqual([expect.objectContaining({ kind: "permanent" })]);
    clock = new Date(clock.getTime() + DEFAULT_BACKOFF.parkMs + 1_000);
    expect((await broken.deliver()).failed).toEqual([expect.objectContaining({ kind: "permanent", attempts: 2 })]);
    expect(lines.error).toHaveLength(1);
    expect(lines.error[0]).toMatch(/^ticket sink github:.*contoso\/cloud-security failed permanently: GitHub answered 401: Bad credentials/);

    const repaired = ticketing(store, [gitHubSink()], logger);
    clock = new Date(clock.getTime() + DEFAULT_BACKOFF.parkMs + 1_000);
    expect((await repaired.deliver()).delivered).toEqual([expect.objectContaining({ step: "opened" })]);
    expect(issuesFor(account)).toHaveLength(1);
    expect(lines.info).toEqual([expect.stringContaining("works again")]);
    expect(lines.error).toHaveLength(1);
  });

  it("finds the open issue by its fingerprint when the ledger is lost, instead of opening another, and still closes it", async () => {
    const account = add(storageAccount("lost01", "TLS1_0"));
    await detect(ticketing(useLedger(freshTables()), [gitHubSink()]), account);
    const createsBefore = creates();

    const afterLoss = ticketing(useLedger(freshTables()), [gitHubSink()]);
    expect((await detect(afterLoss, account)).delivered).toEqual([expect.objectContaining({ step: "unchanged" })]);
    expect(creates()).toBe(createsBefore);
    expect(github.server.requests.at(-1)!.query.get("labels")).toBe(fingerprintMarker(fingerprintOf("storage.min-tls", account.id)));

    setTls(account, "TLS1_2");
    await detect(afterLoss, account);
    expect(issuesFor(account)).toEqual([expect.objectContaining({ state: "closed" })]);
  });

  it("rebuilds a lost ledger from the open issues, so a resource fixed meanwhile gets its issue closed", async () => {
    const account = add(storageAccount("lost02", "TLS1_0"));
    await detect(ticketing(useLedger(freshTables()), [gitHubSink()]), account);
    setTls(account, "TLS1_2");

    const afterLoss = ticketing(useLedger(freshTables()), [gitHubSink()]);
    expect(await afterLoss.reconcile()).toBeGreaterThanOrEqual(1);
    await detect(afterLoss, account);
    expect(issuesFor(account)).toEqual([expect.objectContaining({ state: "closed", state_reason: "completed" })]);
  });

  it("lets a newer intent replace one not delivered yet: a fix before delivery opens nothing", async () => {
    const tickets = ticketing(useLedger(freshTables()), [gitHubSink()]);
    const account = add(storageAccount("quickfix01", "TLS1_0"));
    await tickets.recordScan(await scanResource(runtime, account.id), { observedAt: clock });
    setTls(account, "TLS1_2");
    await tickets.recordScan(await scanResource(runtime, account.id), { observedAt: clock });

    expect((await tickets.deliver()).delivered).toEqual([expect.objectContaining({ step: "nothing-to-close" })]);
    expect(issuesFor(account)).toEqual([]);
  });

  it("delivers an intent recorded while its predecessor was being delivered, instead of losing it", async () => {
    const store = useLedger(freshTables());
    const account = add(storageAccount("race01", "TLS1_0"));
    const real = gitHubSink();
    let tickets: Ticketing | undefined;
    // The resource is fixed while the issue is being opened: the close intent lands mid-delivery.
    const racing: TicketSink = {
      id: real.id,
      find: (fingerprint) => real.find(fingerprint),
      open: async (content) => {
        const ref = await real.open(content);
        setTls(account, "TLS1_2");
        await tickets!.recordScan(await scanResource(runtime, account.id), { observedAt: clock });
        return ref;
      },
      comment: (ref, update) => real.comment(ref, update),
      close: (ref, closing) => real.close(ref, closing),
      reopen: (ref, update) => real.reopen(ref, update),
    };
    tickets = ticketing(store, [racing]);

    expect((await detect(tickets, account)).delivered).toEqual([expect.objectContaining({ step: "opened" })]);
    expect((await tickets.deliver()).delivered).toEqual([expect.objectContaining({ step: "closed" })]);
    expect(issuesFor(account)).toEqual([expect.objectContaining({ state: "closed" })]);
  });

  it("feeds tickets and Event Grid from the worker through the runtime's recorder, with no ticket code in the workflow", async () => {
    const topic = await EventGridTopicFake.start({ key: "topic-key" });
    try {
      const tables = freshTables();
      const ledger = new Ledger(tables);
      const tickets = ticketing(new TicketStore(tables), [gitHubSink()]);
      const publisher = new GuardEventPublisher({ endpoint: topic.endpoint, key: "topic-key", ca: topic.ca }, recordingLogger().logger);
      runtime.ledger = ledger;
      runtime.recorder = publishingRecorder(ticketingRecorder(ledger, tickets), (id) => ledger.findings.ofResource(id), publisher);
      runtime.policy = policyWith({ controls: { "storage.min-tls": { mode: "ticket" }, "storage.https-only": { mode: "remediate" } } });
      const account = add(storageAccount("worker01", "TLS1_0", { supportsHttpsTrafficOnly: false }));
      const work = () =>
        processWorkItem(runtime, { kind: "resource", key: randomUUID(), resourceId: account.id, origin: "event", correlationId: randomUUID() }, { messageId: randomUUID(), dequeueCount: 1 });

      expect(await work()).toMatchObject({ status: "done", actions: expect.arrayContaining(["storage.min-tls=ticket:pending", "storage.https-only=remediation:applied"]) });
      expect((await tickets.deliver()).delivered).toEqual([expect.objectContaining({ step: "opened" })]);
      expect(issuesFor(account)).toHaveLength(1);
      const types = () => topic.received.map((e) => `${e.eventType} ${(e.data as { controlId: string }).controlId}`);
      expect(types()).toEqual(expect.arrayContaining(["EncryptionGuard.FindingOpened storage.min-tls", "EncryptionGuard.RemediationApplied storage.https-only"]));

      topic.received.length = 0;
      setTls(account, "TLS1_2");
      await work();
      expect((await tickets.deliver()).delivered).toEqual([expect.objectContaining({ step: "closed" })]);
      expect(types()).toEqual(expect.arrayContaining(["EncryptionGuard.FindingResolved storage.min-tls", "EncryptionGuard.FindingResolved storage.https-only"]));
      expect(types()).not.toContain("EncryptionGuard.FindingOpened storage.min-tls");
    } finally {
      await topic.stop();
    }
  });

  describe("every sink through the one lifecycle engine", () => {
    let ado: AzureDevOpsFake;
    let serviceNow: ServiceNowFake;
    let webhook: WebhookReceiver;

    beforeAll(async () => {
      [ado, serviceNow, webhook] = await Promise.all([
        AzureDevOpsFake.start({ organization: "contoso", project: "Security", token: SECRETS.AZURE_DEVOPS_EXT_PAT }),
        ServiceNowFake.start({ user: SECRETS.SERVICENOW_USERNAME, password: SECRETS.SERVICENOW_PASSWORD }),
        WebhookReceiver.start({ secret: SECRETS.WEBHOOK_SECRET }),
      ]);
    });
    afterAll(async () => {
      await Promise.all([ado?.stop(), serviceNow?.stop(), webhook?.stop()]);
    });

    it("opens one ticket per sink, comments on a change, closes on the fix and reopens on a regression, with the sinks configured by the policy", async () => {
      runtime.policy = policyWith({
        tickets: {
          sinks: [
            { type: "github", repo: REPO, apiUrl: github.apiUrl },
            { type: "azure-devops", organizationUrl: ado.organizationUrl, project: "Security" },
            { type: "servicenow", instanceUrl: serviceNow.instanceUrl, assignmentGroup: "Cloud Security" },
            { type: "webhook", urlSetting: "TEAMS_WEBHOOK_URL", secretSetting: "WEBHOOK_SECRET" },
          ],
        },
      });
      const env = { GITHUB_TOKEN, TEAMS_WEBHOOK_URL: webhook.url, ...SECRETS };
      const tables = freshTables();
      useLedger(tables);
      const tickets = ticketingFromPolicy(runtime.policy, { env, tables, logger: recordingLogger().logger, now: () => clock })!;
      const account = add(storageAccount("allsinks01", "TLS1_0"));
      const fingerprint = fingerprintMarker(fingerprintOf("storage.min-tls", account.id));

      await detect(tickets, account);
      await detect(tickets, account);
      setTls(account, "TLS1_1");
      await detect(tickets, account);
      setTls(account, "TLS1_2");
      await detect(tickets, account);
      setTls(account, "TLS1_0");
      const last = await detect(tickets, account);

      expect(last.delivered.map((d) => d.step)).toEqual(["reopened", "reopened", "reopened", "reopened"]);
      expect(issuesFor(account)).toEqual([
        expect.objectContaining({ state: "open", comments: [expect.stringContaining("finding changed"), expect.stringContaining("Resolved"), expect.stringContaining("problem is back")] }),
      ]);
      const [item, ...otherItems] = ado.workItems.filter((w) => w.fields["System.Tags"]!.includes(fingerprint));
      expect(otherItems).toEqual([]);
      expect(item).toMatchObject({
        fields: expect.objectContaining({ "System.State": "To Do" }),
        history: [expect.stringContaining("finding changed"), expect.stringContaining("Resolved"), expect.stringContaining("problem is back")],
      });
      const [incident, ...otherIncidents] = serviceNow.incidents.filter((i) => i.correlation_id === fingerprint);
      expect(otherIncidents).toEqual([]);
      expect(incident).toMatchObject({ state: "2", close_code: "Resolved by change", assignment_group: "Cloud Security" });
      expect(webhook.received.filter((r) => r.body.fingerprint === fingerprint).map((r) => [r.event, r.signatureValid])).toEqual([
        ["ticket.opened", true],
        ["ticket.updated", true],
        ["ticket.closed", true],
        ["ticket.reopened", true],
      ]);
    });

    it("opens a follow-up incident that links the old one when a closed incident cannot be reopened", async () => {
      const sink = new ServiceNowSink({ instanceUrl: serviceNow.instanceUrl, user: SECRETS.SERVICENOW_USERNAME, password: SECRETS.SERVICENOW_PASSWORD });
      const tickets = ticketing(useLedger(freshTables()), [sink]);
      const account = add(storageAccount("followup01", "TLS1_0"));
      const fingerprint = fingerprintMarker(fingerprintOf("storage.min-tls", account.id));
      await detect(tickets, account);
      setTls(account, "TLS1_2");
      await detect(tickets, account);
      const first = serviceNow.incidents.find((i) => i.correlation_id === fingerprint)!;
      first.state = "7";

      setTls(account, "TLS1_0");
      expect((await detect(tickets, account)).delivered).toEqual([expect.objectContaining({ step: "followed-up" })]);

      const incidents = serviceNow.incidents.filter((i) => i.correlation_id === fingerprint);
      expect(incidents.map((i) => i.state)).toEqual(["7", "1"]);
      expect(incidents[1]!.description).toContain(
        `Follows ${first.number} (${serviceNow.instanceUrl}/nav_to.do?uri=incident.do%3Fsys_id%3D${first.sys_id}), which was closed and could not be reopened`,
      );
    });
  });
});
