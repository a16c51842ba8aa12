import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { buildTicketContent } from "../../../shared/tickets/content.ts";
import { SinkError } from "../../../shared/tickets/errors.ts";
import { fingerprintMarker } from "../../../shared/tickets/fingerprint.ts";
import { GitHubSink } from "../../../shared/tickets/sinks/github.ts";
import { describeChanges, snapshotOf } from "../../../shared/tickets/snapshot.ts";
import { renderMarkdown } from "../../../shared/tickets/text/index.ts";
import { GitHubFake } from "../../fakes/github.ts";
import { gitHubReferences, linkTargets, renderGitHubMarkdown, viewHtml } from "../../fakes/rendering.ts";
import { jsonBody } from "../../fakes/server.ts";
import { HOSTILE_ACTUAL_SHOWN, HOSTILE_OWNER_READS, hostileSubject, says, tlsFinding } from "../../unit/tickets/samples.ts";

const TOKEN = "ghp_fake0000000000000000000000000000000";
const content = buildTicketContent({ finding: tlsFinding(), owner: "team-data@contoso.com" }, {});

describe("GitHub sink against a fake GitHub Enterprise Server API", () => {
  let github: GitHubFake;
  let sink: GitHubSink;

  beforeAll(async () => {
    github = await GitHubFake.start({ token: TOKEN, repos: ["contoso/cloud-security"], basePath: "/api/v3" });
  });
  afterAll(async () => {
    await github.stop();
  });
  beforeEach(() => {
    github.issues.set("contoso/cloud-security", []);
    github.server.clearRequests();
    sink = new GitHubSink({ repo: "contoso/cloud-security", token: TOKEN, apiUrl: github.apiUrl, labels: ["encryption"] });
  });

  it("opens an issue under the configured base URL with the token, the title, the body and the fingerprint label", async () => {
    const ref = await sink.open(content);

    expect(ref).toMatchObject({ key: "1", display: "#1", state: "open" });
    const [request] = github.server.requests;
    expect(request).toMatchObject({ method: "POST", path: "/api/v3/repos/contoso/cloud-security/issues" });
    expect(request!.headers.authorization).toBe(`token ${TOKEN}`);
    expect(request!.headers["user-agent"]).toMatch(/^azure-encryption-guard/);
    const body = jsonBody(request!) as { title: string; body: string; labels: string[] };
    expect(body.title).toBe("[encryption-guard] Storage account requires TLS 1.2 or newer: appdata01");
    expect(body.body).toBe(renderMarkdown(content.body, 65_536));
    expect(body.labels).toEqual(["encryption-guard", fingerprintMarker(content.fingerprint), "severity:high", "encryption"]);
    expect(sink.id).toBe(`github:127.0.0.1:${new URL(github.apiUrl).port}/contoso/cloud-security`);
  });

  it("finds the issue by its fingerprint label, preferring an open one and skipping pull requests", async () => {
    await sink.open(content);
    await sink.close(
      { key: "1", display: "#1", state: "open" },
      { reason: "compliant", comment: says("fixed"), fingerprint: content.fingerprint, resourceId: content.finding.resourceId, controlId: content.finding.controlId },
    );
    await sink.open(content);
    github
      .issuesOf("contoso/cloud-security")
      .push({ number: 3, title: "a PR", body: "", labels: [fingerprintMarker(content.fingerprint)], state: "open", state_reason: null, comments: [], pull_request: { url: "x" } });
    github.server.clearRequests();

    const found = await sink.find(content.fingerprint);

    expect(found).toMatchObject({ key: "2", state: "open" });
    const [request] = github.server.requests;
    expect(request!.method).toBe("GET");
    expect(request!.path).toBe("/api/v3/repos/contoso/cloud-security/issues");
    expect(Object.fromEntries(request!.query)).toMatchObject({ labels: fingerprintMarker(content.fingerprint), state: "all", sort: "created", direction: "desc" });
    expect(await sink.find("0".repeat(20))).toBeUndefined();
  });

  it("comments, closes as completed or not planned with the reason first, and reopens", async () => {
    const ref = await sink.open(content);
    await sink.comment(ref, { comment: says("the finding changed"), content });
    await sink.close(ref, { reason: "exempt", comment: says("exempted: legacy"), fingerprint: content.fingerprint, resourceId: content.finding.resourceId, controlId: content.finding.controlId });
    const issue = github.issuesOf("contoso/cloud-security")[0]!;
    expect(issue).toMatchObject({ state: "closed", state_reason: "not_planned", comments: ["the finding changed", "exempted: legacy"] });

    expect(await sink.reopen({ ...ref, state: "closed" }, { comment: says("the problem is back"), content })).toBe(true);
    expect(issue).toMatchObject({ state: "open", state_reason: "reopened" });
    expect(issue.comments.at(-1)).toBe("the problem is back");

    await sink.close(ref, { reason: "compliant", comment: says("fixed"), fingerprint: content.fingerprint, resourceId: content.finding.resourceId, controlId: content.finding.controlId });
    expect(issue.state_reason).toBe("completed");
    const methods = github.server.requests.map((r) => `${r.method} ${r.path.replace("/api/v3/repos/contoso/cloud-security", "")}`);
    expect(methods).toEqual([
      "POST /issues",
      "POST /issues/1/comments",
      "POST /issues/1/comments",
      "PATCH /issues/1",
      "PATCH /issues/1",
      "POST /issues/1/comments",
      "POST /issues/1/comments",
      "PATCH /issues/1",
    ]);
  });

  it("lists every open issue of ours across pages with its fingerprint", async () => {
    const issues = github.issuesOf("contoso/cloud-security");
    for (let n = 1; n <= 130; n++) {
      issues.push({
        number: n,
        title: `t${n}`,
        body: "",
        labels: ["encryption-guard", `eg-fp-${n.toString(16).padStart(20, "0")}`],
        state: n % 10 === 0 ? "closed" : "open",
        state_reason: null,
        comments: [],
      });
    }
    issues.push({ number: 131, title: "someone else's", body: "", labels: ["bug"], state: "open", state_reason: null, comments: [] });

    const open = await sink.listOpen();

    expect(open).toHaveLength(117);
    expect(open.find((o) => o.ref.key === "1")?.fingerprint).toBe("00000000000000000001");
    expect(github.server.requests.filter((r) => r.method === "GET")).toHaveLength(2);
  });

  it("says which failures a retry can fix: rate limits are transient, bad credentials and unknown repositories are not", async () => {
    github.secondaryRateLimit(1, 90);
    const secondary = await sink.open(content).catch((error: unknown) => error);
    expect(secondary).toBeInstanceOf(SinkError);
    expect(secondary).toMatchObject({ kind: "transient", status: 403, retryAfterMs: 90_000 });

    const reset = Math.floor(Date.now() / 1000) + 120;
    github.server.fail({ times: 1, response: { status: 403, headers: { "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(reset) }, body: { message: "API rate limit exceeded" } } });
    const primary = (await sink.open(content).catch((error: unknown) => error)) as SinkError;
    expect(primary.kind).toBe("transient");
    expect(primary.retryAfterMs).toBeGreaterThan(60_000);

    const badToken = new GitHubSink({ repo: "contoso/cloud-security", token: "ghp_wrong", apiUrl: github.apiUrl });
    expect(await badToken.open(content).catch((error: unknown) => error)).toMatchObject({ kind: "permanent", status: 401, message: expect.stringContaining("Bad credentials") });

    const unknownRepo = new GitHubSink({ repo: "contoso/nope", token: TOKEN, apiUrl: github.apiUrl });
    expect(await unknownRepo.open(content).catch((error: unknown) => error)).toMatchObject({ kind: "permanent", status: 404 });

    github.server.fail({ times: 1, response: { status: 502, body: "bad gateway" } });
    expect(await sink.open(content).catch((error: unknown) => error)).toMatchObject({ kind: "transient", status: 502 });
  });

  it("renders a hostile owner tag and evidence value inert, as GitHub renders the issue and its comments", async () => {
    const subject = hostileSubject();
    const hostile = buildTicketContent({ ...subject, finding: { ...subject.finding, title: "TLS for @org/team, see #1 https://evil/t" } }, {});
    const ref = await sink.open(hostile);
    await sink.comment(ref, { comment: [{ list: describeChanges(snapshotOf({ finding: tlsFinding() }), snapshotOf(subject)) }], content: hostile });

    const issue = github.issuesOf("contoso/cloud-security")[0]!;
    for (const markdown of [issue.body, ...issue.comments]) {
      const view = viewHtml(renderGitHubMarkdown(markdown));
      expect(gitHubReferences(view)).toEqual([]);
      expect(linkTargets(view)).toEqual([]);
      expect(view.elements.map((element) => element.tag)).not.toContain("img");
      expect(view.elements.map((element) => element.tag)).not.toContain("script");
    }
    const body = viewHtml(renderGitHubMarkdown(issue.body));
    expect(body.text.replace(/\u200D/g, "")).toContain(HOSTILE_OWNER_READS);
    expect(body.code).toContain(HOSTILE_ACTUAL_SHOWN);
    expect(issue.title).toBe("[encryption-guard] TLS for @\u200Dorg/team, see #\u200D1 hxxps://evil/t: appdata01");
  });

  it("keeps the title, the body and every comment within GitHub's limits, however long the values", async () => {
    const subject = hostileSubject();
    const huge = buildTicketContent({ ...subject, owner: "@org/team ".repeat(20_000), finding: { ...subject.finding, title: "T".repeat(5_000) } }, {});
    const ref = await sink.open(huge);
    await sink.comment(ref, { comment: Array.from({ length: 100 }, () => ({ paragraph: [{ code: "`".repeat(999) }] })), content: huge });

    const issue = github.issuesOf("contoso/cloud-security")[0]!;
    expect([...issue.title].length).toBeLessThanOrEqual(256);
    expect([...issue.comments[0]!].length).toBeLessThanOrEqual(65_536);
    expect(issue.comments[0]).toContain("the rest did not fit in this field");
    expect(gitHubReferences(viewHtml(renderGitHubMarkdown(issue.body)))).toEqual([]);
  });
});
