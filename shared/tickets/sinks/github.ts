import { Octokit } from "@octokit/rest";
import type { TicketContent } from "../content.ts";
import { headerValue, httpFailure, SinkError, unexpectedFailure } from "../errors.ts";
import { fingerprintFromMarker, fingerprintMarker, severityMarker, TICKET_MARKER } from "../fingerprint.ts";
import { plainLine, renderMarkdown, type TicketText } from "../text/index.ts";
import type { Closing, TicketRef, TicketSink, Update } from "./types.ts";

export interface GitHubSinkOptions {
  /** OWNER/REPO */
  repo: string;
  token: string;
  /** GitHub Enterprise Server: `https://github.example.com/api/v3`. */
  apiUrl?: string;
  /** Labels added to every issue besides ours. */
  labels?: readonly string[];
}

export const GITHUB_API_URL = "https://api.github.com";

/** GitHub refuses longer titles, issue bodies and comments with 422 ("… is too long (maximum is N characters)"). */
export const GITHUB_LIMITS = { title: 256, body: 65_536 } as const;

/** Issue bodies and comments are GitHub-flavoured Markdown: every value in them escaped, mentions and references broken. */
function markdown(text: TicketText): string {
  return renderMarkdown(text, GITHUB_LIMITS.body);
}

/** GitHub asks clients to wait at least a minute after a secondary rate limit that names no time. */
const SECONDARY_LIMIT_WAIT_MS = 60_000;

interface GitHubIssue {
  number: number;
  html_url: string;
  state: string;
  labels: (string | { name?: string | null })[];
  pull_request?: unknown;
}

/** Names the sink in the ledger; an Enterprise Server's host is part of it, github.com's is not. */
export function gitHubSinkId(repo: string, apiUrl?: string): string {
  return apiUrl && new URL(apiUrl).origin !== GITHUB_API_URL ? `github:${new URL(apiUrl).host}/${repo}` : `github:${repo}`;
}

function refOf(issue: GitHubIssue): TicketRef {
  return { key: String(issue.number), display: `#${issue.number}`, url: issue.html_url, state: issue.state === "open" ? "open" : "closed" };
}

function labelNames(issue: GitHubIssue): string[] {
  return issue.labels.map((label) => (typeof label === "string" ? label : (label.name ?? "")));
}

/**
 * GitHub rate limits answer 403 as often as 429. The primary limit says when it resets; the
 * secondary one (too many writes too fast) sends Retry-After or only says so in the message.
 */
export function gitHubFailure(error: unknown): SinkError {
  const e = error as { status?: unknown; message?: unknown; response?: { headers?: Record<string, string | number | undefined> } };
  if (typeof e?.status !== "number") return unexpectedFailure("GitHub", error);
  const headers = e.response?.headers;
  const message = typeof e.message === "string" ? e.message : "request failed";
  if (e.status === 403 || e.status === 429) {
    if (headerValue(headers, "x-ratelimit-remaining") === "0") {
      const reset = Number(headerValue(headers, "x-ratelimit-reset"));
      const wait = Number.isFinite(reset) ? Math.max(0, reset * 1000 - Date.now()) : SECONDARY_LIMIT_WAIT_MS;
      return new SinkError("transient", `GitHub rate limit exhausted: ${message}`, { status: e.status, retryAfterMs: wait, cause: error });
    }
    const retryAfter = headerValue(headers, "retry-after");
    if (retryAfter !== undefined || /secondary rate limit|abuse/i.test(message)) {
      const wait = retryAfter !== undefined && Number.isFinite(Number(retryAfter)) ? Number(retryAfter) * 1000 : SECONDARY_LIMIT_WAIT_MS;
      return new SinkError("transient", `GitHub secondary rate limit: ${message}`, { status: e.status, retryAfterMs: wait, cause: error });
    }
  }
  return httpFailure("GitHub", e.status, message, headers, error);
}

/** GitHub Issues through @octokit/rest: the fingerprint is a label, closing says completed or not planned. */
export class GitHubSink implements TicketSink {
  readonly id: string;
  readonly #octokit: Octokit;
  readonly #owner: string;
  readonly #repo: string;
  readonly #labels: readonly string[];

  constructor(options: GitHubSinkOptions) {
    const [owner, repo] = options.repo.split("/");
    if (!owner || !repo) throw new SinkError("permanent", `GitHub repository must be OWNER/REPO, got ${JSON.stringify(options.repo)}`);
    this.#owner = owner;
    this.#repo = repo;
    this.#labels = options.labels ?? [];
    this.id = gitHubSinkId(options.repo, options.apiUrl);
    this.#octokit = new Octokit({
      auth: options.token,
      baseUrl: (options.apiUrl ?? GITHUB_API_URL).replace(/\/+$/, ""),
      userAgent: "azure-encryption-guard",
      // Failures go to the outbox, which logs each one once; octokit's own console output would repeat them.
      log: { debug() {}, info() {}, warn() {}, error() {} },
    });
  }

  async #call<T>(request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (error) {
      throw gitHubFailure(error);
    }
  }

  get #repoParams() {
    return { owner: this.#owner, repo: this.#repo };
  }

  async find(fingerprint: string): Promise<TicketRef | undefined> {
    // The issues list (not the search API) is consistent at once and filters by label exactly.
    const { data } = await this.#call(() =>
      this.#octokit.rest.issues.listForRepo({ ...this.#repoParams, labels: fingerprintMarker(fingerprint), state: "all", sort: "created", direction: "desc", per_page: 10 }),
    );
    const issues = (data as GitHubIssue[]).filter((issue) => !issue.pull_request);
    const chosen = issues.find((issue) => issue.state === "open") ?? issues[0];
    return chosen ? refOf(chosen) : undefined;
  }

  async listOpen(): Promise<{ fingerprint: string; ref: TicketRef }[]> {
    const issues = (await this.#call(() =>
      this.#octokit.paginate(this.#octokit.rest.issues.listForRepo, { ...this.#repoParams, labels: TICKET_MARKER, state: "open", per_page: 100 }),
    )) as GitHubIssue[];
    return issues.flatMap((issue) => {
      const fingerprint = labelNames(issue)
        .map(fingerprintFromMarker)
        .find((fp) => fp !== undefined);
      return fingerprint && !issue.pull_request ? [{ fingerprint, ref: refOf(issue) }] : [];
    });
  }

  async open(content: TicketContent): Promise<TicketRef> {
    const labels = [TICKET_MARKER, fingerprintMarker(content.fingerprint), severityMarker(content.finding.severity), ...this.#labels];
    const { data } = await this.#call(() => this.#octokit.rest.issues.create({ ...this.#repoParams, title: plainLine(content.title, GITHUB_LIMITS.title), body: markdown(content.body), labels }));
    return refOf(data as GitHubIssue);
  }

  async comment(ref: TicketRef, update: Update): Promise<void> {
    await this.#call(() => this.#octokit.rest.issues.createComment({ ...this.#repoParams, issue_number: Number(ref.key), body: markdown(update.comment) }));
  }

  async close(ref: TicketRef, closing: Closing): Promise<void> {
    // The comment goes first so the issue's timeline reads "why", then "closed".
    await this.#call(() => this.#octokit.rest.issues.createComment({ ...this.#repoParams, issue_number: Number(ref.key), body: markdown(closing.comment) }));
    const stateReason = closing.reason === "compliant" ? "completed" : "not_planned";
    await this.#call(() => this.#octokit.rest.issues.update({ ...this.#repoParams, issue_number: Number(ref.key), state: "closed", state_reason: stateReason }));
  }

  async reopen(ref: TicketRef, update: Update): Promise<boolean> {
    await this.#call(() => this.#octokit.rest.issues.update({ ...this.#repoParams, issue_number: Number(ref.key), state: "open", state_reason: "reopened" }));
    await this.#call(() => this.#octokit.rest.issues.createComment({ ...this.#repoParams, issue_number: Number(ref.key), body: markdown(update.comment) }));
    return true;
  }
}
