import { randomBytes } from "node:crypto";
import { FakeServer, jsonBody, type FakeResponse, type RecordedRequest } from "./server.ts";

export interface FakeIncident {
  sys_id: string;
  number: string;
  state: string;
  short_description: string;
  description: string;
  correlation_id: string;
  correlation_display: string;
  impact: string;
  urgency: string;
  /** `YYYY-MM-DD HH:mm:ss` (UTC), or empty. */
  due_date: string;
  assignment_group: string;
  close_code: string;
  close_notes: string;
  /** Work notes, in order. */
  work_notes: string[];
  sys_created_on: number;
}

export interface ServiceNowFakeOptions {
  user: string;
  password: string;
}

const ACTIVE_STATES = new Set(["1", "2", "3"]);
/** Field lengths of the base system's incident; the platform cuts a longer value without a word, and so does the fake. */
const MAX_LENGTH: Readonly<Record<string, number>> = { short_description: 160, description: 4_000, close_notes: 4_000, work_notes: 4_000 };
const WRITABLE = [
  "short_description",
  "description",
  "correlation_id",
  "correlation_display",
  "impact",
  "urgency",
  "due_date",
  "assignment_group",
  "category",
  "caller_id",
  "close_code",
  "close_notes",
  "state",
] as const;

/**
 * ServiceNow's Table API for incidents: encoded queries (field=value, STARTSWITH, active=true,
 * ORDERBY/ORDERBYDESC), sysparm_fields, sysparm_limit/offset, and work notes kept as a journal.
 * A closed incident refuses updates, as the base system's ACLs do; text past a field's length is cut silently.
 */
export class ServiceNowFake {
  readonly server: FakeServer;
  readonly incidents: FakeIncident[] = [];
  readonly #options: ServiceNowFakeOptions;
  #clock = 0;

  private constructor(server: FakeServer, options: ServiceNowFakeOptions) {
    this.server = server;
    this.#options = options;
  }

  static async start(options: ServiceNowFakeOptions): Promise<ServiceNowFake> {
    let fake: ServiceNowFake | undefined;
    const server = await FakeServer.start((request) => fake!.#handle(request));
    fake = new ServiceNowFake(server, options);
    return fake;
  }

  get instanceUrl(): string {
    return this.server.url;
  }

  /** ServiceNow's rate limit rules answer 429 with Retry-After. */
  rateLimit(times: number, retryAfterSeconds = 30): void {
    this.server.fail({
      times,
      response: { status: 429, headers: { "retry-after": String(retryAfterSeconds) }, body: { error: { message: "Too Many Requests", detail: "rate limit exceeded" }, status: "failure" } },
    });
  }

  async stop(): Promise<void> {
    await this.server.stop();
  }

  #handle(request: RecordedRequest): FakeResponse {
    const expected = `Basic ${Buffer.from(`${this.#options.user}:${this.#options.password}`).toString("base64")}`;
    if (request.headers.authorization !== expected) {
      return { status: 401, body: { error: { message: "User Not Authenticated", detail: "Required to provide Auth information" }, status: "failure" } };
    }
    const match = /^\/api\/now\/table\/incident(?:\/([0-9a-f]{32}))?$/.exec(request.path);
    if (!match) return { status: 400, body: { error: { message: "Invalid table", detail: request.path }, status: "failure" } };
    const id = match[1];
    if (!id && request.method === "GET") return this.#list(request);
    if (!id && request.method === "POST") return this.#create(request);
    const incident = this.incidents.find((i) => i.sys_id === id);
    if (!incident) return { status: 404, body: { error: { message: "No Record found", detail: "Record doesn't exist or ACL restricts the record retrieval" }, status: "failure" } };
    if (request.method === "GET") return { status: 200, body: { result: this.#fields(incident, request) } };
    if (request.method === "PATCH" || request.method === "PUT") {
      if (incident.state === "7" || incident.state === "8") {
        return { status: 403, body: { error: { message: "Operation Failed", detail: "ACL Exception Update Failed due to security constraints" }, status: "failure" } };
      }
      this.#write(incident, jsonBody(request) as Record<string, string>);
      return { status: 200, body: { result: this.#fields(incident, request) } };
    }
    return { status: 405, body: { error: { message: "Method not allowed" }, status: "failure" } };
  }

  #write(incident: FakeIncident, input: Record<string, string>): void {
    const stored = (field: string) => String(input[field]).slice(0, MAX_LENGTH[field]);
    for (const field of WRITABLE) if (input[field] !== undefined) (incident as unknown as Record<string, string>)[field] = stored(field);
    if (input.work_notes) incident.work_notes.push(stored("work_notes"));
  }

  #fields(incident: FakeIncident, request: RecordedRequest): Record<string, unknown> {
    const wanted = request.query.get("sysparm_fields")?.split(",");
    const all = { ...incident, work_notes: incident.work_notes.join("\n\n"), active: String(ACTIVE_STATES.has(incident.state)) } as Record<string, unknown>;
    return wanted ? Object.fromEntries(wanted.map((field) => [field, all[field] ?? ""])) : all;
  }

  #create(request: RecordedRequest): FakeResponse {
    const number = `INC${String(10001 + this.incidents.length).padStart(7, "0")}`;
    const incident: FakeIncident = {
      sys_id: randomBytes(16).toString("hex"),
      number,
      state: "1",
      short_description: "",
      description: "",
      correlation_id: "",
      correlation_display: "",
      impact: "3",
      urgency: "3",
      due_date: "",
      assignment_group: "",
      close_code: "",
      close_notes: "",
      work_notes: [],
      sys_created_on: ++this.#clock,
    };
    this.#write(incident, jsonBody(request) as Record<string, string>);
    this.incidents.push(incident);
    return { status: 201, body: { result: this.#fields(incident, request) } };
  }

  #list(request: RecordedRequest): FakeResponse {
    let matching = [...this.incidents];
    let order: ((a: FakeIncident, b: FakeIncident) => number) | undefined;
    for (const term of (request.query.get("sysparm_query") ?? "").split("^").filter(Boolean)) {
      const orderBy = /^ORDERBY(DESC)?(\w+)$/.exec(term);
      if (orderBy) {
        const sign = orderBy[1] ? -1 : 1;
        order = (a, b) => sign * (a.sys_created_on - b.sys_created_on);
        continue;
      }
      const startsWith = /^(\w+)STARTSWITH(.*)$/.exec(term);
      const equals = /^(\w+)=(.*)$/.exec(term);
      if (startsWith) matching = matching.filter((i) => String((i as unknown as Record<string, unknown>)[startsWith[1]!] ?? "").startsWith(startsWith[2]!));
      else if (equals?.[1] === "active") matching = matching.filter((i) => ACTIVE_STATES.has(i.state) === (equals[2] === "true"));
      else if (equals) matching = matching.filter((i) => String((i as unknown as Record<string, unknown>)[equals[1]!] ?? "") === equals[2]);
      else return { status: 400, body: { error: { message: `unsupported query term ${term}` }, status: "failure" } };
    }
    if (order) matching.sort(order);
    const offset = Number(request.query.get("sysparm_offset") ?? 0);
    const limit = Number(request.query.get("sysparm_limit") ?? 10_000);
    return { status: 200, body: { result: matching.slice(offset, offset + limit).map((i) => this.#fields(i, request)) } };
  }
}
