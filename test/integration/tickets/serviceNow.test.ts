import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { buildTicketContent } from "../../../shared/tickets/content.ts";
import { fingerprintMarker } from "../../../shared/tickets/fingerprint.ts";
import { ServiceNowSink } from "../../../shared/tickets/sinks/serviceNow.ts";
import { jsonBody } from "../../fakes/server.ts";
import { ServiceNowFake } from "../../fakes/serviceNow.ts";
import { describeChanges, snapshotOf } from "../../../shared/tickets/snapshot.ts";
import { renderPlain } from "../../../shared/tickets/text/index.ts";
import { HOSTILE_OWNER_READS, hostileSubject, says, tlsFinding } from "../../unit/tickets/samples.ts";

/** What a plain-text field must not carry: controls and format characters (the joiner that breaks mentions aside), links, mentions, references, [code] tags. */
function expectInert(text: string): void {
  expect(text).not.toMatch(/[[\p{Cc}\p{Cf}]--[\n\u200D]]/v);
  expect(text).not.toMatch(/https?:\/\/|www\.|@\w|#\d|gh-\d|\[\/?code\]/i);
}

const USER = "svc-encryption-guard";
const PASSWORD = "fake-password";
const content = buildTicketContent({ finding: tlsFinding({ severity: "critical" }) }, {});
const closing = (reason: "compliant" | "deleted") => ({
  reason,
  comment: says(`closed: ${reason}`),
  fingerprint: content.fingerprint,
  resourceId: content.finding.resourceId,
  controlId: content.finding.controlId,
});

describe("ServiceNow sink against a fake Table API", () => {
  let now: ServiceNowFake;
  let sink: ServiceNowSink;

  beforeAll(async () => {
    now = await ServiceNowFake.start({ user: USER, password: PASSWORD });
  });
  afterAll(async () => {
    await now.stop();
  });
  beforeEach(() => {
    now.incidents.length = 0;
    now.server.clearRequests();
    sink = new ServiceNowSink({ instanceUrl: now.instanceUrl, user: USER, password: PASSWORD, assignmentGroup: "Cloud Security", category: "security" });
  });

  it("creates an incident with basic auth, the fingerprint as correlation id, and impact and urgency from the severity", async () => {
    const ref = await sink.open(content);

    expect(ref).toMatchObject({ display: "INC0010001", state: "open" });
    expect(ref.url).toBe(`${now.instanceUrl}/nav_to.do?uri=incident.do%3Fsys_id%3D${ref.key}`);
    const [request] = now.server.requests;
    expect(request).toMatchObject({ method: "POST", path: "/api/now/table/incident" });
    expect(request!.headers.authorization).toBe(`Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString("base64")}`);
    expect(request!.headers.accept).toBe("application/json");
    expect(request!.query.get("sysparm_fields")).toBe("sys_id,number,state,correlation_id");
    expect(jsonBody(request!)).toEqual({
      short_description: content.title,
      description: renderPlain(content.body, 4_000),
      correlation_id: fingerprintMarker(content.fingerprint),
      correlation_display: "Encryption Guard",
      impact: "1",
      urgency: "1",
      assignment_group: "Cloud Security",
      category: "security",
    });
  });

  it("sets the incident's due date from a finding's own deadline (a certificate's expiry), and none otherwise", async () => {
    await sink.open({ ...content, dueBy: "2027-05-31T00:00:00.000Z" });
    // A deadline that is not a time (a hand-edited ledger row) is left out, never sent as is.
    await sink.open({ ...content, dueBy: "soon" });
    expect(now.incidents.map((incident) => incident.due_date)).toEqual(["2027-05-31 00:00:00", ""]);
    expect(jsonBody(now.server.requests[0]!)).toMatchObject({ due_date: "2027-05-31 00:00:00" });
    expect(jsonBody(now.server.requests[1]!)).not.toHaveProperty("due_date");
  });

  it("finds the incident by correlation id, newest first, preferring an active one", async () => {
    const first = await sink.open(content);
    await sink.close(first, closing("compliant"));
    now.incidents[0]!.state = "7";
    const second = await sink.open(content);
    now.server.clearRequests();

    expect(await sink.find(content.fingerprint)).toMatchObject({ key: second.key, state: "open" });
    expect(now.server.requests[0]!.query.get("sysparm_query")).toBe(`correlation_id=${fingerprintMarker(content.fingerprint)}^ORDERBYDESCsys_created_on`);
    await sink.close(second, closing("compliant"));
    expect(await sink.find(content.fingerprint)).toMatchObject({ key: second.key, state: "closed" });
  });

  it("adds work notes, resolves with a close code and notes, reopens a resolved incident but not a closed one", async () => {
    const ref = await sink.open(content);
    await sink.comment(ref, { comment: says("the finding changed"), content });
    await sink.close(ref, closing("deleted"));
    const incident = now.incidents[0]!;
    expect(incident).toMatchObject({ state: "6", close_code: "No resolution provided", close_notes: "closed: deleted", work_notes: ["the finding changed"] });

    expect(await sink.reopen({ ...ref, state: "closed" }, { comment: says("back again"), content })).toBe(true);
    expect(incident).toMatchObject({ state: "2", work_notes: ["the finding changed", "back again"] });

    await sink.close(ref, closing("compliant"));
    expect(incident.close_code).toBe("Resolved by change");
    incident.state = "7";
    now.server.clearRequests();
    expect(await sink.reopen({ ...ref, state: "closed" }, { comment: says("back again"), content })).toBe(false);
    expect(now.server.requests.map((r) => r.method)).toEqual(["GET"]);
  });

  it("lists active incidents of ours page by page", async () => {
    for (let i = 0; i < 105; i++) {
      await sink.open(buildTicketContent({ finding: tlsFinding({ resourceId: `${content.finding.resourceId}${i}` }) }, {}));
    }
    now.incidents[0]!.state = "6";
    now.server.clearRequests();
    const open = await sink.listOpen();
    expect(open).toHaveLength(104);
    expect(now.server.requests.map((r) => r.query.get("sysparm_offset"))).toEqual(["0", "100"]);
    expect(now.server.requests[0]!.query.get("sysparm_query")).toBe("correlation_idSTARTSWITHeg-fp-^active=true^ORDERBYsys_created_on");
  });

  it("treats 429 as transient with Retry-After, and wrong credentials or a wrong instance as permanent", async () => {
    now.rateLimit(1, 45);
    expect(await sink.open(content).catch((error: unknown) => error)).toMatchObject({ kind: "transient", status: 429, retryAfterMs: 45_000, message: expect.stringContaining("Too Many Requests") });

    const wrong = new ServiceNowSink({ instanceUrl: now.instanceUrl, user: USER, password: "nope" });
    expect(await wrong.open(content).catch((error: unknown) => error)).toMatchObject({ kind: "permanent", status: 401, message: expect.stringContaining("User Not Authenticated") });

    now.server.fail({ times: 1, response: { status: 200, body: "<html>sign in</html>" } });
    expect(await sink.open(content).catch((error: unknown) => error)).toMatchObject({ kind: "permanent", message: expect.stringContaining("instance URL") });

    const down = new ServiceNowSink({ instanceUrl: "http://127.0.0.1:9", user: USER, password: PASSWORD });
    expect(await down.open(content).catch((error: unknown) => error)).toMatchObject({ kind: "transient" });
  });

  it("writes a hostile owner tag and evidence value as plain text: readable, no controls, mentions, links or [code] HTML", async () => {
    const subject = hostileSubject();
    const hostile = buildTicketContent({ ...subject, finding: { ...subject.finding, title: "TLS for @org/team https://evil/t" } }, {});
    const ref = await sink.open(hostile);
    await sink.comment(ref, { comment: [{ list: describeChanges(snapshotOf({ finding: tlsFinding() }), snapshotOf(subject)) }], content: hostile });
    await sink.close(ref, { ...closing("compliant"), comment: says("fixed: [code]<img src=x onerror=alert(1)>[/code] by @admin") });

    const incident = now.incidents[0]!;
    for (const text of [incident.short_description, incident.description, ...incident.work_notes, incident.close_notes]) expectInert(text);
    expect(incident.description.replace(/\u200D/g, "")).toContain(`Owner: ${HOSTILE_OWNER_READS}`);
    expect(incident.description).toContain('properties.minimumTlsVersion | "x``` | `y` donegnp.exe\\u0000" | TLS1_2 or TLS1_3');
    expect(incident.close_notes.replace(/\u200D/g, "")).toContain("[code]<img src=x onerror=alert(1)>[/code]");
  });

  it("cuts what ServiceNow would cut silently, with a marker: the short description at 160, the description at 4,000", async () => {
    const subject = hostileSubject();
    const long = buildTicketContent({ ...subject, finding: { ...subject.finding, title: "T".repeat(500) }, reason: "r".repeat(900) }, { howToFixByHand: "x\n".repeat(3_000) });
    await sink.open(long);

    const incident = now.incidents[0]!;
    expect(incident.short_description).toHaveLength(160);
    expect(incident.short_description.endsWith("…[cut]")).toBe(true);
    expect(incident.description.length).toBeLessThanOrEqual(4_000);
    expect(incident.description).toContain("the rest did not fit in this field");
  });
});
