/** The scopes one Resource Graph query covers: subscriptions, management groups, or both. */
export interface GraphScope {
  subscriptions?: readonly string[];
  managementGroups?: readonly string[];
}

/** Resource Graph answers at most 1,000 rows a page, and takes at most 1,000 subscriptions a query. */
export const GRAPH_PAGE_SIZE = 1000;
export const GRAPH_MAX_SUBSCRIPTIONS = 1000;

/** The queries a set of scopes needs: subscriptions in groups of at most 1,000, management groups together. */
export function graphScopes(subscriptions: readonly string[], managementGroups: readonly string[]): GraphScope[] {
  const scopes: GraphScope[] = [];
  for (let start = 0; start < subscriptions.length; start += GRAPH_MAX_SUBSCRIPTIONS) scopes.push({ subscriptions: subscriptions.slice(start, start + GRAPH_MAX_SUBSCRIPTIONS) });
  if (managementGroups.length > 0) scopes.push({ managementGroups: [...managementGroups] });
  return scopes;
}
