import { FakeServer, jsonBody, type FakeResponse, type RecordedRequest } from "./server.ts";

export interface FakeIssue {
  number: number;
  title: string;
  body: string;
  labels: string[];
  state: "open" | "closed";
  state_reason: string | null;
  comments: string[];
  pull_request?: { url: string };
}

export interface GitHubFakeOptions {
  token: string;
  /** OWNER/REPO that exist; any other answers 404 like GitHub. */
  repos: string[];
  /** "/api/v3" for a GitHub Enterprise Server base URL. */
  basePath?: string;
}

/** GitHub's limits, counted in code points; past them it answers 422 "… is too long (maximum is N characters)". */
const LIMITS = { title: 256, body: 65_536 } as const;

function tooLong(field: keyof typeof LIMITS, value: string | undefined): FakeResponse | undefined {
  if (value === undefined || [...value].length <= LIMITS[field]) return undefined;
  return { status: 422, body: { message: "Validation Failed", errors: [{ resource: "Issue", code: "custom", field, message: `${field} is too long (maximum is ${LIMITS[field]} characters)` }] } };
}

/**
 * GitHub's REST API for issues, as octokit calls it: list with a label filter and Link paging,
 * create, update, comment. Labels that do not exist are created with the issue, as GitHub does
 * for a token with push access; titles, bodies and comments past GitHub's limits are refused.
 */
export class GitHubFake {
  readonly server: FakeServer;
  readonly issues = new Map<string, FakeIssue[]>();
  readonly #options: GitHubFakeOptions;

  private constructor(server: FakeServer, options: GitHubFakeOptions) {
    this.server = server;
    this.#options = options;
    for (const repo of options.repos) this.issues.set(repo.toLowerCase(), []);
  }

  static async start(options: GitHubFakeOptions): Promise<GitHubFake> {
    let fake: GitHubFake | undefined;
    const server = await FakeServer.start((request) => fake!.#handle(request));
    fake = new GitHubFake(server, options);
    return fake;
  }

  /** The API base URL to give octokit (`baseUrl`) or `--github-api`. */
  get apiUrl(): string {
    return `${this.server.url}${this.#options.basePath ?? ""}`;
  }

  issuesOf(repo: string): FakeIssue[] {
    return this.issues.get(repo.toLowerCase()) ?? [];
  }

  /** A secondary rate limit as GitHub sends it: 403, Retry-After and a message that says so. */
  secondaryRateLimit(times: number, retryAfterSeconds = 60): void {
    this.server.fail({
      times,
      response: {
        status: 403,
        headers: { "retry-after": String(retryAfterSeconds), "x-ratelimit-remaining": "4990" },
        body: {
          message: "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
          documentation_url: "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api",
        },
      },
    });
  }

  async stop(): Promise<void> {
    await this.server.stop();
  }

  #handle(request: RecordedRequest): FakeResponse {
    if (request.headers.authorization !== `token ${this.#options.token}`) {
      return { status: 401, body: { message: "Bad credentials", documentation_url: "https://docs.github.com/rest" } };
    }
    const base = this.#options.basePath ?? "";
    if (!request.path.startsWith(`${base}/repos/`)) return { status: 404, body: { message: "Not Found" } };
    const parts = request.path.slice(base.length).split("/").map(decodeURIComponent);
    // ["", "repos", owner, repo, "issues", number?, "comments"?]
    const repo = `${parts[2]}/${parts[3]}`.toLowerCase();
    const issues = this.issues.get(repo);
    if (!issues || parts[4] !== "issues") return { status: 404, body: { message: "Not Found" } };
    const number = parts[5] === undefined ? undefined : Number(parts[5]);
    if (number === undefined) {
      if (request.method === "GET") return this.#list(request, issues);
      if (request.method === "POST") return this.#create(request, issues);
    }
    const issue = issues.find((i) => i.number === number);
    if (!issue) return { status: 404, body: { message: "Not Found" } };
    if (parts[6] === "comments" && request.method === "POST") {
      const { body } = jsonBody(request) as { body?: string };
      if (!body) return { status: 422, body: { message: "Validation Failed" } };
      const refused = tooLong("body", body);
      if (refused) return refused;
      issue.comments.push(body);
      return { status: 201, body: { id: issue.comments.length, body } };
    }
    if (parts[6] === undefined && request.method === "PATCH") {
      const patch = jsonBody(request) as { state?: "open" | "closed"; state_reason?: string };
      if (patch.state) issue.state = patch.state;
      if (patch.state_reason !== undefined) issue.state_reason = patch.state_reason;
      return { status: 200, body: this.#wire(issue) };
    }
    return { status: 404, body: { message: "Not Found" } };
  }

  #wire(issue: FakeIssue): Record<string, unknown> {
    return {
      number: issue.number,
      title: issue.title,
      body: issue.body,
      state: issue.state,
      state_reason: issue.state_reason,
      html_url: `https://github.example/issues/${issue.number}`,
      labels: issue.labels.map((name) => ({ name })),
      ...(issue.pull_request ? { pull_request: issue.pull_request } : {}),
    };
  }

  #list(request: RecordedRequest, issues: FakeIssue[]): FakeResponse {
    const state = request.query.get("state") ?? "open";
    const labels = (request.query.get("labels") ?? "").split(",").filter(Boolean);
    const perPage = Number(request.query.get("per_page") ?? 30);
    const page = Number(request.query.get("page") ?? 1);
    const direction = request.query.get("direction") ?? "desc";
    const matching = issues
      .filter((i) => state === "all" || i.state === state)
      .filter((i) => labels.every((label) => i.labels.some((l) => l.toLowerCase() === label.toLowerCase())))
      .sort((a, b) => (direction === "desc" ? b.number - a.number : a.number - b.number));
    const slice = matching.slice((page - 1) * perPage, page * perPage);
    const headers: Record<string, string> = {};
    if (page * perPage < matching.length) {
      const next = new URLSearchParams(request.query);
      next.set("page", String(page + 1));
      headers.link = `<${this.server.url}${request.path}?${next}>; rel="next"`;
    }
    return { status: 200, headers, body: slice.map((i) => this.#wire(i)) };
  }

  #create(request: RecordedRequest, issues: FakeIssue[]): FakeResponse {
    const input = jsonBody(request) as { title?: string; body?: string; labels?: string[] };
    if (!input.title) return { status: 422, body: { message: "Validation Failed", errors: [{ field: "title", code: "missing_field" }] } };
    if (input.labels?.some((label) => label.length > 50)) return { status: 422, body: { message: "Validation Failed", errors: [{ field: "name", code: "invalid" }] } };
    const refused = tooLong("title", input.title) ?? tooLong("body", input.body);
    if (refused) return refused;
    const issue: FakeIssue = { number: issues.length + 1, title: input.title, body: input.body ?? "", labels: input.labels ?? [], state: "open", state_reason: null, comments: [] };
    issues.push(issue);
    return { status: 201, body: this.#wire(issue) };
  }
}
