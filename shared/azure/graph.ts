import { ResourceGraphClient } from "@azure/arm-resourcegraph";
import { armClientOptions, type ArmConnection } from "./clientOptions.ts";
import { GRAPH_PAGE_SIZE, type GraphScope } from "./graphScopes.ts";
import { UnexpectedArmResponseError } from "./wire.ts";

export type { GraphScope } from "./graphScopes.ts";

/** One page of a query's rows (object-array format) and the token of the next, if any. */
export interface GraphPage {
  rows: Record<string, unknown>[];
  skipToken?: string;
  totalRecords: number;
}

const MAX_SKIP_TOKEN = 8192;

/**
 * Resource Graph's query API through the typed client (`@azure/arm-resourcegraph`), one page at
 * a time: the caller streams pages (and a sweep hands the next page's token to another worker),
 * so no one ever holds a whole estate.
 */
export class ResourceGraph {
  readonly #client: ResourceGraphClient;

  /** `connection.policies` are the Resource Graph pacing, not ARM's: the graph has its own quota. */
  constructor(connection: ArmConnection) {
    this.#client = new ResourceGraphClient(connection.credential, armClientOptions(connection));
  }

  async page(query: string, scope: GraphScope, skipToken?: string): Promise<GraphPage> {
    const response = await this.#client.resources({
      query,
      ...(scope.subscriptions?.length ? { subscriptions: [...scope.subscriptions] } : {}),
      ...(scope.managementGroups?.length ? { managementGroups: [...scope.managementGroups] } : {}),
      options: { resultFormat: "objectArray", top: GRAPH_PAGE_SIZE, ...(skipToken ? { skipToken } : {}) },
    });
    if (!Array.isArray(response.data)) throw new UnexpectedArmResponseError("a Resource Graph answer whose data is not an object array");
    const rows = response.data.filter((row): row is Record<string, unknown> => row !== null && typeof row === "object" && !Array.isArray(row));
    const next = typeof response.skipToken === "string" && response.skipToken.length > 0 && response.skipToken.length <= MAX_SKIP_TOKEN ? response.skipToken : undefined;
    return { rows, totalRecords: Number(response.totalRecords ?? rows.length), ...(next ? { skipToken: next } : {}) };
  }

  /** Every page of a query over the scopes, in order. */
  async *pages(query: string, scope: GraphScope): AsyncGenerator<GraphPage> {
    let skipToken: string | undefined;
    do {
      const page = await this.page(query, scope, skipToken);
      yield page;
      skipToken = page.skipToken;
    } while (skipToken);
  }
}
