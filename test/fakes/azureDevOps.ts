import { FakeServer, jsonBody, type FakeResponse, type RecordedRequest } from "./server.ts";

export interface FakeWorkItem {
  id: number;
  type: string;
  fields: Record<string, string>;
  /** Every System.History entry, in order. */
  history: string[];
}

export interface AzureDevOpsFakeOptions {
  organization: string;
  project: string;
  token: string;
}

const WIT_AREA_ID = "5264459e-e5e0-4bd8-b118-0985e68a4ec5";

/** Resource locations as the service publishes them (OPTIONS /_apis/<area>): the client builds every URL from these. */
function location(id: string, area: string, resourceName: string, routeTemplate: string) {
  return { id, area, resourceName, routeTemplate, resourceVersion: 3, minVersion: "1.0", maxVersion: "7.2", releasedVersion: "7.1" };
}

const LOCATION_AREA = [location("e81700f7-3be2-46de-8624-2eb35882fcaa", "Location", "resourceAreas", "_apis/{resource}/{areaId}")];

const WIT_AREA = [
  location("62d3d110-0047-428c-ad3c-4fe872c91c74", "wit", "workItems", "{project}/_apis/{area}/{resource}/${type}"),
  location("72c7ddf8-2cdc-4f60-90cd-ab71c14a399b", "wit", "workItems", "{project}/_apis/{area}/{resource}/{id}"),
  location("1a9c53f7-f243-4447-b110-35ef023636e4", "wit", "wiql", "{project}/{team}/_apis/{area}/{resource}/{id}"),
  location("908509b6-4248-4475-a1cd-829139ba419f", "wit", "workItemsBatch", "{project}/_apis/{area}/{resource}"),
  location("7c9d7a76-4a09-43e8-b5df-bd792f4ac6aa", "wit", "states", "{project}/_apis/{area}/workitemtypes/{type}/{resource}"),
];

/** A String field (System.Title) holds 255 characters; a long text (HTML) field about a million. */
const FIELD_LIMITS: Readonly<Record<string, number>> = { "System.Title": 255, "System.Description": 1_048_576, "System.History": 1_048_576 };

/** The Basic process's Issue: To Do (Proposed), Doing (InProgress), Done (Completed). */
const STATES = [
  { name: "To Do", color: "b2b2b2", category: "Proposed" },
  { name: "Doing", color: "007acc", category: "InProgress" },
  { name: "Done", color: "339933", category: "Completed" },
];

/**
 * Azure DevOps Boards as azure-devops-node-api talks to it: location discovery first (resource
 * areas, then OPTIONS per area), then work items with JSON Patch, WIQL and the batch read.
 * Unknown projects answer 404, which the client turns into a null result.
 */
export class AzureDevOpsFake {
  readonly server: FakeServer;
  readonly workItems: FakeWorkItem[] = [];
  readonly #options: AzureDevOpsFakeOptions;

  private constructor(server: FakeServer, options: AzureDevOpsFakeOptions) {
    this.server = server;
    this.#options = options;
  }

  static async start(options: AzureDevOpsFakeOptions): Promise<AzureDevOpsFake> {
    let fake: AzureDevOpsFake | undefined;
    const server = await FakeServer.start((request) => fake!.#handle(request));
    fake = new AzureDevOpsFake(server, options);
    return fake;
  }

  get organizationUrl(): string {
    return `${this.server.url}/${this.#options.organization}`;
  }

  async stop(): Promise<void> {
    await this.server.stop();
  }

  #handle(request: RecordedRequest): FakeResponse {
    const expected = `Basic ${Buffer.from(`PAT:${this.#options.token}`).toString("base64")}`;
    if (request.headers.authorization !== expected) return { status: 401, body: "Access denied: the personal access token is not valid." };
    const org = `/${this.#options.organization}`;
    if (!request.path.startsWith(`${org}/`)) return { status: 404, body: { message: "organization not found" } };
    const rest = request.path.slice(org.length);
    if (request.method === "OPTIONS") {
      if (rest.toLowerCase() === "/_apis/location") return { status: 200, body: { count: LOCATION_AREA.length, value: LOCATION_AREA } };
      if (rest.toLowerCase() === "/_apis/wit") return { status: 200, body: { count: WIT_AREA.length, value: WIT_AREA } };
      return { status: 404 };
    }
    if (request.method === "GET" && rest.toLowerCase() === "/_apis/resourceareas") {
      return { status: 200, body: { count: 1, value: [{ id: WIT_AREA_ID, name: "wit", locationUrl: `${this.organizationUrl}/` }] } };
    }
    const parts = rest.split("/").map(decodeURIComponent);
    // ["", project, "_apis", "wit", ...]
    if (parts[1] !== this.#options.project || parts[2] !== "_apis" || parts[3] !== "wit") {
      return { status: 404, body: { $id: "1", message: `TF200016: The following project does not exist: ${parts[1]}.`, typeKey: "ProjectDoesNotExistWithNameException" } };
    }
    const resource = parts[4]?.toLowerCase();
    if (resource === "workitems" && request.method === "POST" && parts[5]?.startsWith("$")) return this.#create(request, parts[5].slice(1));
    if (resource === "workitems" && request.method === "PATCH" && parts[5]) return this.#update(request, Number(parts[5]));
    if (resource === "wiql" && request.method === "POST") return this.#wiql(request);
    if (resource === "workitemsbatch" && request.method === "POST") return this.#batch(request);
    if (resource === "workitemtypes" && parts[6] === "states" && request.method === "GET") return { status: 200, body: { count: STATES.length, value: STATES } };
    return { status: 404, body: { message: `no route for ${request.method} ${request.path}` } };
  }

  #wire(item: FakeWorkItem): Record<string, unknown> {
    return { id: item.id, rev: item.history.length + 1, fields: { "System.WorkItemType": item.type, ...item.fields }, url: `${this.organizationUrl}/_apis/wit/workItems/${item.id}` };
  }

  #applyPatch(item: FakeWorkItem, request: RecordedRequest): FakeResponse | undefined {
    if (!String(request.headers["content-type"]).startsWith("application/json-patch+json")) return { status: 415, body: { message: "expected application/json-patch+json" } };
    const operations = jsonBody(request) as { op: string; path: string; value: string }[];
    for (const operation of operations) {
      if (operation.op !== "add" || !operation.path.startsWith("/fields/")) return { status: 400, body: { message: `unsupported operation ${JSON.stringify(operation)}` } };
      const field = operation.path.slice("/fields/".length);
      const limit = FIELD_LIMITS[field];
      if (limit !== undefined && operation.value.length > limit) {
        return { status: 400, body: { message: `TF401324: Value for field '${field}' is too long.`, typeKey: "WorkItemFieldInvalidException" } };
      }
      if (field === "System.History") item.history.push(operation.value);
      else if (field === "System.State" && !STATES.some((s) => s.name === operation.value)) return { status: 400, body: { message: `TF401320: state ${operation.value} is not valid` } };
      else item.fields[field] = operation.value;
    }
    return undefined;
  }

  #create(request: RecordedRequest, type: string): FakeResponse {
    const item: FakeWorkItem = { id: this.workItems.length + 1, type, fields: { "System.State": "To Do", "System.TeamProject": this.#options.project }, history: [] };
    const refused = this.#applyPatch(item, request);
    if (refused) return refused;
    this.workItems.push(item);
    return { status: 200, body: this.#wire(item) };
  }

  #update(request: RecordedRequest, id: number): FakeResponse {
    const item = this.workItems.find((w) => w.id === id);
    if (!item) return { status: 404, body: { message: `TF401232: Work item ${id} does not exist` } };
    return this.#applyPatch(item, request) ?? { status: 200, body: this.#wire(item) };
  }

  /** Understands the one shape of query the sink sends: tags CONTAINS a value, newest first. */
  #wiql(request: RecordedRequest): FakeResponse {
    const { query } = jsonBody(request) as { query: string };
    const contains = /\[System\.Tags\] CONTAINS '((?:[^']|'')*)'/.exec(query)?.[1]?.replace(/''/g, "'");
    if (!/\[System\.TeamProject\] = @project/.test(query) || contains === undefined) return { status: 400, body: { message: `TF51005: unsupported query ${query}` } };
    const ids = this.workItems
      .filter((w) => (w.fields["System.Tags"] ?? "").toLowerCase().includes(contains.toLowerCase()))
      .sort((a, b) => b.id - a.id)
      .map((w) => ({ id: w.id, url: `${this.organizationUrl}/_apis/wit/workItems/${w.id}` }));
    return { status: 200, body: { queryType: "flat", asOf: new Date().toISOString(), workItems: ids } };
  }

  #batch(request: RecordedRequest): FakeResponse {
    const { ids, fields } = jsonBody(request) as { ids: number[]; fields?: string[] };
    if (ids.length > 200) return { status: 400, body: { message: "VS402337: at most 200 ids" } };
    const items = ids.flatMap((id) => this.workItems.filter((w) => w.id === id));
    const pick = (item: FakeWorkItem) => {
      const wire = this.#wire(item) as { fields: Record<string, string> };
      return { ...wire, fields: Object.fromEntries(Object.entries(wire.fields).filter(([name]) => !fields || fields.includes(name))) };
    };
    return { status: 200, body: { count: items.length, value: items.map(pick) } };
  }
}
