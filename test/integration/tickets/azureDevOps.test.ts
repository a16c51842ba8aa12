import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { buildTicketContent } from "../../../shared/tickets/content.ts";
import { fingerprintMarker } from "../../../shared/tickets/fingerprint.ts";
import { AzureDevOpsSink } from "../../../shared/tickets/sinks/azureDevOps.ts";
import { describeChanges, snapshotOf } from "../../../shared/tickets/snapshot.ts";
import type { TicketText } from "../../../shared/tickets/text/index.ts";
import { AzureDevOpsFake } from "../../fakes/azureDevOps.ts";
import { linkTargets, viewHtml } from "../../fakes/rendering.ts";
import { jsonBody } from "../../fakes/server.ts";
import { HOSTILE_ACTUAL_SHOWN, HOSTILE_OWNER_READS, hostileSubject, says, tlsFinding } from "../../unit/tickets/samples.ts";

/** The elements a ticket's structure makes; anything else in a field came from a value. */
const TICKET_ELEMENTS = ["p", "h2", "strong", "code", "pre", "table", "thead", "tbody", "tr", "th", "td", "ul", "li", "a", "sub"];

const PAT = "ado-pat-fake";
const content = buildTicketContent({ finding: tlsFinding(), owner: "team-data@contoso.com" }, {});
const resolved: TicketText = [{ paragraph: [{ strong: "Resolved" }, ": now ", { code: "TLS1_2" }] }];
const closing = { reason: "compliant" as const, comment: resolved, fingerprint: content.fingerprint, resourceId: content.finding.resourceId, controlId: content.finding.controlId };

describe("Azure DevOps sink against a fake Boards API", () => {
  let ado: AzureDevOpsFake;
  let sink: AzureDevOpsSink;

  beforeAll(async () => {
    ado = await AzureDevOpsFake.start({ organization: "contoso", project: "Cloud Security", token: PAT });
  });
  afterAll(async () => {
    await ado.stop();
  });
  beforeEach(() => {
    ado.workItems.length = 0;
    ado.server.clearRequests();
    sink = new AzureDevOpsSink({ organizationUrl: ado.organizationUrl, project: "Cloud Security", token: PAT, areaPath: "Cloud Security\\Encryption", tags: ["encryption"] });
  });

  it("discovers the work item area, then creates an Issue with the PAT, an HTML description and the fingerprint tag", async () => {
    const ref = await sink.open(content);

    expect(ref).toMatchObject({ key: "1", display: "AB#1", state: "open", url: `${ado.organizationUrl}/Cloud%20Security/_workitems/edit/1` });
    const calls = ado.server.requests.map((r) => `${r.method} ${r.path}`);
    expect(calls).toEqual([
      "OPTIONS /contoso/_apis/Location",
      "GET /contoso/_apis/resourceAreas",
      "OPTIONS /contoso/_apis/wit",
      "GET /contoso/Cloud%20Security/_apis/wit/workitemtypes/Issue/states",
      "POST /contoso/Cloud%20Security/_apis/wit/workItems/$Issue",
    ]);
    const create = ado.server.requests.at(-1)!;
    expect(create.headers.authorization).toBe(`Basic ${Buffer.from(`PAT:${PAT}`).toString("base64")}`);
    expect(create.headers["content-type"]).toMatch(/^application\/json-patch\+json/);
    expect(create.headers.accept).toContain("api-version=7.1-preview.3");
    const patch = jsonBody(create) as { op: string; path: string; value: string }[];
    expect(patch.map((p) => p.path)).toEqual(["/fields/System.Title", "/fields/System.Description", "/fields/System.Tags", "/fields/System.AreaPath"]);
    expect(patch.every((p) => p.op === "add")).toBe(true);
    const fields = Object.fromEntries(patch.map((p) => [p.path.slice("/fields/".length), p.value]));
    expect(fields["System.Title"]).toBe(content.title);
    expect(fields["System.Tags"]).toBe(`encryption-guard; ${fingerprintMarker(content.fingerprint)}; severity:high; encryption`);
    expect(fields["System.Description"]).toContain("<h2>Evidence</h2>");
    expect(fields["System.Description"]).toContain("<code>properties.minimumTlsVersion</code>");
    expect(fields["System.AreaPath"]).toBe("Cloud Security\\Encryption");
  });

  it("finds the work item by its tag with WIQL and the batch read, and tells open from closed by state category", async () => {
    const ref = await sink.open(content);
    ado.server.clearRequests();

    expect(await sink.find(content.fingerprint)).toMatchObject({ key: ref.key, state: "open" });
    const [wiql, batch] = ado.server.requests;
    expect(wiql).toMatchObject({ method: "POST", path: "/contoso/Cloud%20Security/_apis/wit/wiql" });
    expect((jsonBody(wiql!) as { query: string }).query).toContain(`[System.Tags] CONTAINS '${fingerprintMarker(content.fingerprint)}'`);
    expect(batch).toMatchObject({ method: "POST", path: "/contoso/Cloud%20Security/_apis/wit/workItemsBatch" });
    expect(jsonBody(batch!)).toEqual({ ids: [1], fields: ["System.Id", "System.State", "System.Tags"] });

    await sink.close(ref, closing);
    expect(await sink.find(content.fingerprint)).toMatchObject({ key: ref.key, state: "closed" });
    expect(await sink.find("f".repeat(20))).toBeUndefined();
  });

  it("comments in the discussion, closes to the Completed state and reopens to the Proposed one, each in one patch", async () => {
    const ref = await sink.open(content);
    await sink.comment(ref, { comment: [{ list: [["Actual value: ", { code: '"TLS1_0"' }, " → ", { code: '"TLS1_1"' }]] }], content });
    await sink.close(ref, closing);
    const item = ado.workItems[0]!;
    expect(item.fields["System.State"]).toBe("Done");
    expect(await sink.reopen({ ...ref, state: "closed" }, { comment: [{ paragraph: { strong: "The problem is back" } }], content })).toBe(true);
    expect(item.fields["System.State"]).toBe("To Do");
    expect(item.history).toEqual([
      "<ul><li>Actual value: <code>&quot;TLS1_0&quot;</code> → <code>&quot;TLS1_1&quot;</code></li></ul>",
      "<p><strong>Resolved</strong>: now <code>TLS1_2</code></p>",
      "<p><strong>The problem is back</strong></p>",
    ]);
    const updates = ado.server.requests.filter((r) => r.method === "PATCH");
    expect(updates.map((r) => r.path)).toEqual(Array(3).fill("/contoso/Cloud%20Security/_apis/wit/workItems/1"));
    expect((jsonBody(updates[1]!) as { path: string }[]).map((p) => p.path)).toEqual(["/fields/System.State", "/fields/System.History"]);
  });

  it("lists open work items of ours with their fingerprints", async () => {
    const first = await sink.open(content);
    await sink.open(buildTicketContent({ finding: tlsFinding({ resourceId: content.finding.resourceId.replace("appdata01", "logs02") }) }, {}));
    await sink.close(first, closing);
    const open = await sink.listOpen();
    expect(open).toHaveLength(1);
    expect(open[0]!.ref.key).toBe("2");
    expect(open[0]!.fingerprint).toMatch(/^[0-9a-f]{20}$/);
  });

  it("reports an unknown project and a refused token as permanent, a throttled call as transient with its Retry-After", async () => {
    const unknownProject = new AzureDevOpsSink({ organizationUrl: ado.organizationUrl, project: "Nope", token: PAT });
    expect(await unknownProject.open(content).catch((error: unknown) => error)).toMatchObject({ kind: "permanent", message: expect.stringContaining("not found") });

    const badToken = new AzureDevOpsSink({ organizationUrl: ado.organizationUrl, project: "Cloud Security", token: "wrong" });
    expect(await badToken.open(content).catch((error: unknown) => error)).toMatchObject({ kind: "permanent", status: 401 });

    await sink.open(content);
    ado.server.fail({ times: 1, when: (r) => r.method === "PATCH", response: { status: 429, headers: { "retry-after": "17" }, body: { message: "TF400733: The request has been throttled" } } });
    expect(await sink.comment({ key: "1", display: "AB#1", state: "open" }, { comment: says("x"), content }).catch((error: unknown) => error)).toMatchObject({
      kind: "transient",
      status: 429,
      retryAfterMs: 17_000,
    });
  });

  it("writes a hostile owner tag and evidence value into the HTML fields escaped: no element or attribute but the ticket's own", async () => {
    const subject = hostileSubject();
    const hostile = buildTicketContent(subject, {}, { docsBaseUrl: "https://docs.example/controls", previous: { id: "AB#1", url: "javascript:alert(1)" } });
    const ref = await sink.open(hostile);
    await sink.comment(ref, { comment: [{ list: describeChanges(snapshotOf({ finding: tlsFinding() }), snapshotOf(subject)) }], content: hostile });

    const item = ado.workItems[0]!;
    for (const html of [item.fields["System.Description"]!, ...item.history]) {
      const view = viewHtml(html);
      expect(view.elements.filter((element) => !TICKET_ELEMENTS.includes(element.tag))).toEqual([]);
      expect(view.elements.flatMap((element) => Object.keys(element.attributes))).toEqual(view.elements.filter((element) => element.tag === "a").map(() => "href"));
      expect(linkTargets(view).every((href) => href.startsWith("https://docs.example/"))).toBe(true);
      // Every < opens one of the ticket's own tags: the values' are all escaped.
      expect(html.match(new RegExp(`<(?!/?(?:${TICKET_ELEMENTS.join("|")})[ >])`, "g"))).toBeNull();
    }
    const description = viewHtml(item.fields["System.Description"]!);
    expect(description.text.replace(/\u200D/g, "")).toContain(HOSTILE_OWNER_READS);
    expect(description.code).toContain(HOSTILE_ACTUAL_SHOWN);
    expect(description.code).toContain("javascript:alert(1)");
  });

  it("adds no tag from a ledger row's severity that is not one of the four", async () => {
    await sink.open(buildTicketContent({ finding: tlsFinding({ severity: "high; approved" as never }) }, {}));
    expect(ado.workItems[0]!.fields["System.Tags"]).toBe(`encryption-guard; ${fingerprintMarker(content.fingerprint)}; severity:unknown; encryption`);
  });

  it("cuts a long title to Azure DevOps' 255 characters with a marker, and escapes a long value in the description", async () => {
    const subject = hostileSubject();
    const huge = buildTicketContent({ ...subject, owner: "<b>".repeat(100_000), finding: { ...subject.finding, title: "T".repeat(5_000) } }, {});
    await sink.open(huge);

    const item = ado.workItems[0]!;
    expect(item.fields["System.Title"]!.length).toBeLessThanOrEqual(255);
    expect(item.fields["System.Title"]!.endsWith("…[cut]")).toBe(true);
    expect(viewHtml(item.fields["System.Description"]!).text).toContain("<b><b>");
  });
});
