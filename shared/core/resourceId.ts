/**
 * Strict ARM resource id parsing. Ids arrive from events, HTTP bodies and ARM itself in any
 * casing; the parsed form keeps the original segments and offers a lower-cased key for
 * comparisons.
 */
export interface ResourceId {
  id: string;
  subscriptionId: string;
  resourceGroup: string;
  provider: string;
  /** `Microsoft.Sql/servers/databases`: provider plus every type segment. */
  type: string;
  /** Names in order, one per type segment: ["server1", "db1"]. */
  names: string[];
  name: string;
}

export class ResourceIdError extends Error {
  readonly value: string;
  constructor(value: string, reason: string) {
    super(`invalid resource id ${JSON.stringify(value)}: ${reason}`);
    this.name = "ResourceIdError";
    this.value = value;
  }
}

const GUIDISH = /^[0-9a-zA-Z-]{1,64}$/;
const NAME = /^[^/?#\s]{1,260}$/;

export function parseResourceId(value: unknown): ResourceId {
  if (typeof value !== "string" || value.length === 0) throw new ResourceIdError(String(value), "not a non-empty string");
  if (value.length > 2048) throw new ResourceIdError(value.slice(0, 80), "longer than 2048 characters");
  const segments = value.replace(/\/+$/, "").split("/");
  if (segments[0] !== "") throw new ResourceIdError(value, "must start with /subscriptions/");
  const parts = segments.slice(1);
  if (parts.some((p) => p === "")) throw new ResourceIdError(value, "has an empty segment");
  if (parts[0]?.toLowerCase() !== "subscriptions" || !parts[1]) throw new ResourceIdError(value, "must start with /subscriptions/{id}");
  if (!GUIDISH.test(parts[1])) throw new ResourceIdError(value, "subscription id has unexpected characters");
  if (parts[2]?.toLowerCase() !== "resourcegroups" || !parts[3]) throw new ResourceIdError(value, "has no /resourceGroups/{name} segment");
  if (parts[4]?.toLowerCase() !== "providers" || !parts[5]) throw new ResourceIdError(value, "has no /providers/{namespace} segment");
  const rest = parts.slice(6);
  if (rest.length < 2 || rest.length % 2 !== 0) throw new ResourceIdError(value, "type and name segments must come in pairs");
  const typeSegments: string[] = [];
  const names: string[] = [];
  for (let i = 0; i < rest.length; i += 2) {
    const typeSegment = rest[i]!;
    const name = rest[i + 1]!;
    if (!NAME.test(name) || !NAME.test(typeSegment)) throw new ResourceIdError(value, `segment ${JSON.stringify(name)} has unexpected characters`);
    typeSegments.push(typeSegment);
    names.push(name);
  }
  return {
    id: value,
    subscriptionId: parts[1],
    resourceGroup: parts[3],
    provider: parts[5],
    type: [parts[5], ...typeSegments].join("/"),
    names,
    name: names[names.length - 1]!,
  };
}

/** Case-insensitive identity of a resource, for maps and dedup keys. */
export function resourceKey(id: string): string {
  return id.replace(/\/+$/, "").toLowerCase();
}

export function sameType(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** Child documents that always carry the same name add nothing to a title: `db1/current` reads as `db1`. */
const SINGLETON_CHILD_NAMES = new Set(["current", "default", "web"]);

/**
 * The name a person recognises: `server/db1` for a database's TDE document, `app1` for a site,
 * `pg01/require_secure_transport` for a server parameter. Reports and tickets show this.
 */
export function resourceNameOf(resourceId: string): string {
  try {
    const { names } = parseResourceId(resourceId);
    const shown = names.length > 1 && SINGLETON_CHILD_NAMES.has(names[names.length - 1]!.toLowerCase()) ? names.slice(0, -1) : names;
    return shown.join("/");
  } catch {
    return resourceId.replace(/\/+$/, "").split("/").pop() ?? resourceId;
  }
}
