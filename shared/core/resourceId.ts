/**
 * The one canonical ARM id parser. Ids arrive from events, HTTP bodies, queue messages, ledger
 * rows and ARM itself in any casing; every path that decides on an id (scope, ARM calls, writes)
 * parses it here. What ARM (or a URL on its way to ARM) could read differently from how a string
 * comparison reads it is refused outright: percent-encoding (`rg%2Dlegacy` is compared as one
 * name and decoded to another on the wire), `.` and `..` segments and names ending in a dot
 * (normalised away by URL handling), and the characters ARM forbids in names. Comparisons use
 * the canonical form: the lower-cased id without a trailing slash.
 */
export interface ResourceId {
  /** The id as given, without a trailing slash. */
  id: string;
  /** Lower-cased: what two ids are compared by. */
  canonical: string;
  subscriptionId: string;
  resourceGroup: string;
  provider: string;
  /** `Microsoft.Sql/servers/databases`: provider plus every type segment. */
  type: string;
  /** Names in order, one per type segment: ["server1", "db1"]. */
  names: string[];
  name: string;
}

/** What a scan may target: a subscription, a resource group in one, or one resource. */
export type ArmScope =
  | { kind: "subscription"; id: string; canonical: string; subscriptionId: string }
  | { kind: "resourceGroup"; id: string; canonical: string; subscriptionId: string; resourceGroup: string }
  | { kind: "resource"; id: string; canonical: string; subscriptionId: string; resourceGroup: string; resource: ResourceId };

export class ResourceIdError extends Error {
  readonly value: string;
  constructor(value: string, reason: string) {
    super(`invalid resource id ${JSON.stringify(value.length > 200 ? `${value.slice(0, 200)}…` : value)}: ${reason}`);
    this.name = "ResourceIdError";
    this.value = value;
  }
}

const MAX_ID_LENGTH = 2048;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** ARM's rule for resource group names: letters and digits (Unicode), `_ ( ) - .`, 1-90, not ending in a dot. */
const RESOURCE_GROUP = /^[\p{L}\p{N}_().-]{1,90}$/u;
/** `Microsoft.Storage`: dotted words. */
const NAMESPACE = /^[A-Za-z][A-Za-z0-9]*(\.[A-Za-z][A-Za-z0-9]*)+$/;
const TYPE_SEGMENT = /^[A-Za-z][A-Za-z0-9]{0,79}$/;
/**
 * Characters no ARM resource name may hold (the naming rules' common set), whitespace and
 * control and format characters, and `%`, which would be decoded on the way to ARM.
 */
const NAME_FORBIDDEN = /[<>%&:\\?/#*"'|\s\p{Cc}\p{Cf}]/u;

function nameProblem(name: string): string | undefined {
  if (name === "." || name === "..") return "is a relative path segment";
  if (name.length > 260) return "is longer than 260 characters";
  if (name.endsWith(".")) return "ends with a dot, which URL handling drops";
  const forbidden = NAME_FORBIDDEN.exec(name);
  if (forbidden) return `has the character ${JSON.stringify(forbidden[0])}, which ARM does not allow in names`;
  return undefined;
}

function segmentsOf(value: unknown): string[] {
  if (typeof value !== "string" || value.length === 0) throw new ResourceIdError(String(value), "not a non-empty string");
  if (value.length > MAX_ID_LENGTH) throw new ResourceIdError(value, `longer than ${MAX_ID_LENGTH} characters`);
  if (value.includes("%")) throw new ResourceIdError(value, "has a percent sign: ids are compared as written, and an encoded character would mean another id on the wire");
  const segments = value.replace(/\/$/, "").split("/");
  if (segments[0] !== "") throw new ResourceIdError(value, "must start with /subscriptions/");
  const parts = segments.slice(1);
  if (parts.some((p) => p === "")) throw new ResourceIdError(value, "has an empty segment");
  if (parts[0]?.toLowerCase() !== "subscriptions" || !parts[1]) throw new ResourceIdError(value, "must start with /subscriptions/{id}");
  if (!GUID.test(parts[1])) throw new ResourceIdError(value, `subscription id ${JSON.stringify(parts[1])} is not a GUID`);
  return parts;
}

function resourceGroupOf(value: string, name: string): string {
  if (!RESOURCE_GROUP.test(name) || name.endsWith(".")) {
    throw new ResourceIdError(value, `resource group ${JSON.stringify(name)} is not a valid name (letters, digits, _ ( ) - ., 1-90, not ending in a dot)`);
  }
  return name;
}

function resourceOf(value: string, parts: string[]): ResourceId {
  if (parts[2]?.toLowerCase() !== "resourcegroups" || !parts[3]) throw new ResourceIdError(value, "has no /resourceGroups/{name} segment");
  const resourceGroup = resourceGroupOf(value, parts[3]);
  if (parts[4]?.toLowerCase() !== "providers" || !parts[5]) throw new ResourceIdError(value, "has no /providers/{namespace} segment");
  if (!NAMESPACE.test(parts[5])) throw new ResourceIdError(value, `provider namespace ${JSON.stringify(parts[5])} is not one (Microsoft.Storage)`);
  const rest = parts.slice(6);
  if (rest.length < 2 || rest.length % 2 !== 0) throw new ResourceIdError(value, "type and name segments must come in pairs");
  const typeSegments: string[] = [];
  const names: string[] = [];
  for (let i = 0; i < rest.length; i += 2) {
    const typeSegment = rest[i]!;
    const name = rest[i + 1]!;
    if (!TYPE_SEGMENT.test(typeSegment)) throw new ResourceIdError(value, `type segment ${JSON.stringify(typeSegment)} has unexpected characters`);
    const problem = nameProblem(name);
    if (problem) throw new ResourceIdError(value, `name ${JSON.stringify(name)} ${problem}`);
    typeSegments.push(typeSegment);
    names.push(name);
  }
  const id = `/${parts.join("/")}`;
  return {
    id,
    canonical: id.toLowerCase(),
    subscriptionId: parts[1]!,
    resourceGroup,
    provider: parts[5],
    type: [parts[5], ...typeSegments].join("/"),
    names,
    name: names[names.length - 1]!,
  };
}

/** Parses a resource id strictly; throws ResourceIdError naming what is wrong. */
export function parseResourceId(value: unknown): ResourceId {
  const parts = segmentsOf(value);
  return resourceOf(value as string, parts);
}

/** Parses a subscription, resource group or resource id strictly; throws ResourceIdError naming what is wrong. */
export function parseArmScope(value: unknown): ArmScope {
  const parts = segmentsOf(value);
  const text = value as string;
  const subscriptionId = parts[1]!;
  if (parts.length === 2) {
    const id = `/subscriptions/${subscriptionId}`;
    return { kind: "subscription", id, canonical: id.toLowerCase(), subscriptionId };
  }
  if (parts.length === 4 && parts[2]!.toLowerCase() === "resourcegroups") {
    const resourceGroup = resourceGroupOf(text, parts[3]!);
    const id = `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}`;
    return { kind: "resourceGroup", id, canonical: id.toLowerCase(), subscriptionId, resourceGroup };
  }
  const resource = resourceOf(text, parts);
  return { kind: "resource", id: resource.id, canonical: resource.canonical, subscriptionId, resourceGroup: resource.resourceGroup, resource };
}

/** Whether `id` is `parent` itself or one of its children (a database's TDE setting), by canonical ids. */
export function isSelfOrChildOf(id: ResourceId, parent: ResourceId): boolean {
  return id.canonical === parent.canonical || id.canonical.startsWith(`${parent.canonical}/`);
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
