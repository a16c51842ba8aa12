import { getPersonalAccessTokenHandler, WebApi } from "azure-devops-node-api";
import type { IWorkItemTrackingApi } from "azure-devops-node-api/WorkItemTrackingApi.js";
import type { TicketContent } from "../content.ts";
import { httpFailure, SinkError, unexpectedFailure } from "../errors.ts";
import { fingerprintFromMarker, fingerprintMarker, severityMarker, TICKET_MARKER } from "../fingerprint.ts";
import { plainLine, renderHtml, type TicketText } from "../text/index.ts";
import type { Closing, TicketRef, TicketSink, Update } from "./types.ts";

export interface AzureDevOpsSinkOptions {
  /** `https://dev.azure.com/contoso`, or an Azure DevOps Server collection URL. */
  organizationUrl: string;
  project: string;
  token: string;
  workItemType?: string;
  areaPath?: string;
  tags?: readonly string[];
}

/** Basic, Agile and CMMI processes all have it; a Scrum project names its own type in the policy. */
export const DEFAULT_WORK_ITEM_TYPE = "Issue";

/** State categories are the same in every process; state names are not ("Done", "Closed", "To Do", "New"). */
const CLOSED_CATEGORIES = new Set(["resolved", "completed", "removed"]);

/**
 * System.Title is a String field (255 characters); Description and History are long text (HTML)
 * fields of up to a million characters (Azure Boards' work tracking limits).
 */
export const AZURE_DEVOPS_LIMITS = { title: 255, html: 1_000_000 } as const;

/** The rich-text fields take HTML: values escaped, markup only from the ticket's structure. */
function html(text: TicketText): string {
  return renderHtml(text, AZURE_DEVOPS_LIMITS.html);
}

/** A work item list query holds at most 200 ids. */
const BATCH_SIZE = 200;

interface StateNames {
  /** The first state of the Proposed category (else In Progress): where a reopened item goes. */
  proposed: string;
  /** The first state of the Completed category: where a closed item goes. */
  completed: string;
  closed: Set<string>;
}

interface WorkItemLike {
  id?: number;
  fields?: Record<string, unknown>;
}

export function azureDevOpsSinkId(organizationUrl: string, project: string): string {
  return `azure-devops:${organizationUrl.replace(/\/+$/, "")}/${project}`;
}

function wiqlString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

function tagsOf(item: WorkItemLike): string[] {
  const tags = item.fields?.["System.Tags"];
  return typeof tags === "string" ? tags.split(";").map((tag) => tag.trim()) : [];
}

function azureDevOpsFailure(error: unknown): SinkError {
  const e = error as { statusCode?: unknown; message?: unknown; rateLimit?: { retryAfter?: number } };
  if (typeof e?.statusCode !== "number") return unexpectedFailure("Azure DevOps", error);
  const failure = httpFailure("Azure DevOps", e.statusCode, typeof e.message === "string" ? e.message : "request failed", undefined, error);
  const retryAfter = e.rateLimit?.retryAfter;
  return retryAfter === undefined ? failure : new SinkError(failure.kind, failure.message, { status: e.statusCode, retryAfterMs: retryAfter * 1000, cause: error });
}

/**
 * Azure DevOps Boards work items through azure-devops-node-api. The fingerprint is a tag; the
 * discussion (System.History) takes comments; states are chosen by category so any process works.
 */
export class AzureDevOpsSink implements TicketSink {
  readonly id: string;
  readonly #options: AzureDevOpsSinkOptions;
  readonly #organizationUrl: string;
  readonly #type: string;
  readonly #webApi: WebApi;
  #client?: Promise<IWorkItemTrackingApi>;
  #stateNamesLoaded?: Promise<StateNames>;

  constructor(options: AzureDevOpsSinkOptions) {
    this.#options = options;
    this.#organizationUrl = options.organizationUrl.replace(/\/+$/, "");
    this.#type = options.workItemType ?? DEFAULT_WORK_ITEM_TYPE;
    this.id = azureDevOpsSinkId(options.organizationUrl, options.project);
    this.#webApi = new WebApi(this.#organizationUrl, getPersonalAccessTokenHandler(options.token), { socketTimeout: 30_000 });
  }

  async #call<T>(request: (client: IWorkItemTrackingApi) => Promise<T>): Promise<T> {
    try {
      // The client discovers the work item area's URL once; a failed discovery is tried again next time.
      this.#client ??= this.#webApi.getWorkItemTrackingApi().catch((error: unknown) => {
        this.#client = undefined;
        throw error;
      });
      return await request(await this.#client);
    } catch (error) {
      throw azureDevOpsFailure(error);
    }
  }

  /** The client answers 404 with null instead of an error; a project or item that is not there is a configuration problem. */
  #expectItem<T>(item: T | null | undefined, what: string): T {
    if (item === null || item === undefined) {
      throw new SinkError(
        "permanent",
        `Azure DevOps: ${what} not found (project ${JSON.stringify(this.#options.project)}, type ${JSON.stringify(this.#type)}); check the sink's organizationUrl, project and workItemType, and the token's scope`,
      );
    }
    return item;
  }

  #stateNames(): Promise<StateNames> {
    this.#stateNamesLoaded ??= this.#call((client) => client.getWorkItemTypeStates(this.#options.project, this.#type))
      .then((states) => {
        const list = this.#expectItem(states, `work item type ${this.#type}`);
        const inCategory = (category: string) => list.find((state) => state.category?.toLowerCase() === category)?.name;
        // Some types start In Progress (Agile's Issue is Active from its creation).
        const proposed = inCategory("proposed") ?? inCategory("inprogress");
        const completed = inCategory("completed");
        if (!proposed || !completed) throw new SinkError("permanent", `Azure DevOps: work item type ${this.#type} has no Proposed (or In Progress) and Completed states`);
        return { proposed, completed, closed: new Set(list.filter((s) => CLOSED_CATEGORIES.has(s.category?.toLowerCase() ?? "")).map((s) => s.name!.toLowerCase())) };
      })
      .catch((error: unknown) => {
        this.#stateNamesLoaded = undefined;
        throw error;
      });
    return this.#stateNamesLoaded;
  }

  #ref(item: WorkItemLike, states: StateNames): TicketRef {
    const id = this.#expectItem(item.id, "work item");
    const state = String(item.fields?.["System.State"] ?? "");
    return {
      key: String(id),
      display: `AB#${id}`,
      url: `${this.#organizationUrl}/${encodeURIComponent(this.#options.project)}/_workitems/edit/${id}`,
      state: states.closed.has(state.toLowerCase()) ? "closed" : "open",
    };
  }

  async #query(condition: string): Promise<WorkItemLike[]> {
    const query = `SELECT [System.Id] FROM WorkItems WHERE [System.TeamProject] = @project AND ${condition} ORDER BY [System.CreatedDate] DESC`;
    const result = await this.#call((client) => client.queryByWiql({ query }, { project: this.#options.project }));
    const ids = this.#expectItem(result, "project").workItems?.flatMap((item) => (item.id === undefined ? [] : [item.id])) ?? [];
    const items: WorkItemLike[] = [];
    for (let start = 0; start < ids.length; start += BATCH_SIZE) {
      const batch = ids.slice(start, start + BATCH_SIZE);
      const page = await this.#call((client) => client.getWorkItemsBatch({ ids: batch, fields: ["System.Id", "System.State", "System.Tags"] }, this.#options.project));
      items.push(...(page ?? []));
    }
    return items;
  }

  async find(fingerprint: string): Promise<TicketRef | undefined> {
    const states = await this.#stateNames();
    const refs = (await this.#query(`[System.Tags] CONTAINS ${wiqlString(fingerprintMarker(fingerprint))}`)).map((item) => this.#ref(item, states));
    return refs.find((ref) => ref.state === "open") ?? refs[0];
  }

  async listOpen(): Promise<{ fingerprint: string; ref: TicketRef }[]> {
    const states = await this.#stateNames();
    const items = await this.#query(`[System.Tags] CONTAINS ${wiqlString(TICKET_MARKER)}`);
    return items.flatMap((item) => {
      const ref = this.#ref(item, states);
      const fingerprint = tagsOf(item)
        .map(fingerprintFromMarker)
        .find((fp) => fp !== undefined);
      return fingerprint && ref.state === "open" ? [{ fingerprint, ref }] : [];
    });
  }

  async open(content: TicketContent): Promise<TicketRef> {
    const states = await this.#stateNames();
    const tags = [TICKET_MARKER, fingerprintMarker(content.fingerprint), severityMarker(content.finding.severity), ...(this.#options.tags ?? [])];
    const document = [
      { op: "add", path: "/fields/System.Title", value: plainLine(content.title, AZURE_DEVOPS_LIMITS.title) },
      { op: "add", path: "/fields/System.Description", value: html(content.body) },
      { op: "add", path: "/fields/System.Tags", value: tags.join("; ") },
      ...(this.#options.areaPath ? [{ op: "add", path: "/fields/System.AreaPath", value: this.#options.areaPath }] : []),
    ];
    const item = await this.#call((client) => client.createWorkItem(null, document, this.#options.project, this.#type));
    return this.#ref(this.#expectItem(item, "project or work item type"), states);
  }

  async #update(ref: TicketRef, comment: TicketText, state?: string): Promise<void> {
    const document = [...(state ? [{ op: "add", path: "/fields/System.State", value: state }] : []), { op: "add", path: "/fields/System.History", value: html(comment) }];
    const item = await this.#call((client) => client.updateWorkItem(null, document, Number(ref.key), this.#options.project));
    this.#expectItem(item, `work item ${ref.key}`);
  }

  async comment(ref: TicketRef, update: Update): Promise<void> {
    await this.#update(ref, update.comment);
  }

  async close(ref: TicketRef, closing: Closing): Promise<void> {
    // State and discussion in one patch: the item never shows closed without its reason.
    await this.#update(ref, closing.comment, (await this.#stateNames()).completed);
  }

  async reopen(ref: TicketRef, update: Update): Promise<boolean> {
    await this.#update(ref, update.comment, (await this.#stateNames()).proposed);
    return true;
  }
}
