/**
 * Evaluates ARM template expressions well enough to see what a template deploys: parameters,
 * variables, string and array functions, resource ids, scope functions and copy loops. What
 * only Azure knows at deployment time (reference(), list*(), utcNow()...) is Unresolvable; the
 * caller keeps such a string as written.
 */
import { createHash } from "node:crypto";
import { type Expression, isExpression, literalValue, parseExpression } from "./expressions.ts";
import { isObject, type JsonObject } from "./templates.ts";

/** The documented template functions (Azure Resource Manager template functions reference). */
export const TEMPLATE_FUNCTIONS = new Set(
  [
    // any, array, comparison, logical, numeric, object, string
    "any", "array", "concat", "contains", "createArray", "empty", "first", "flatten", "indexOf", "intersection", "last",
    "lastIndexOf", "length", "max", "min", "range", "skip", "take", "union", "coalesce", "equals", "greater",
    "greaterOrEquals", "less", "lessOrEquals", "and", "bool", "false", "if", "not", "or", "true", "add", "div", "float",
    "int", "mod", "mul", "sub", "createObject", "items", "json", "null", "objectKeys", "shallowMerge", "tryGet",
    "base64", "base64ToJson", "base64ToString", "dataUri", "dataUriToString", "endsWith", "format", "guid", "join",
    "newGuid", "padLeft", "replace", "split", "startsWith", "string", "substring", "toLower", "toUpper", "trim",
    "uniqueString", "uri", "uriComponent", "uriComponentToString", "cidrHost", "cidrSubnet", "parseCidr",
    // date, deployment, lambda, resource, scope
    "dateTimeAdd", "dateTimeFromEpoch", "dateTimeToEpoch", "utcNow", "deployment", "environment", "parameters", "variables",
    "copyIndex", "filter", "groupBy", "lambda", "lambdaVariables", "map", "mapValues", "reduce", "sort", "toObject",
    "extensionResourceId", "managementGroupResourceId", "pickZones", "providers", "reference", "references", "resourceId",
    "subscriptionResourceId", "tenantResourceId", "managementGroup", "resourceGroup", "subscription", "tenant",
  ].map((name) => name.toLowerCase()),
);

export class Unresolvable extends Error {}

/** A value only Azure knows at deployment time, kept as the expression that computes it. */
export class Opaque {
  readonly expression: string;
  constructor(expression: string) {
    this.expression = expression;
  }
}
export class TemplateError extends Error {}

export interface DeploymentScope {
  tenantId: string;
  location: string;
  deploymentName: string;
  managementGroup?: string;
  subscriptionId?: string;
  resourceGroup?: string;
}

export const PUBLIC_CLOUD = {
  name: "AzureCloud",
  resourceManager: "https://management.azure.com/",
  authentication: { loginEndpoint: "https://login.microsoftonline.com/" },
  suffixes: { storage: "core.windows.net", keyvaultDns: ".vault.azure.net", sqlServerHostname: ".database.windows.net" },
};

export function scopeId(scope: DeploymentScope): string {
  if (scope.subscriptionId === undefined) return `/providers/Microsoft.Management/managementGroups/${scope.managementGroup}`;
  const subscription = `/subscriptions/${scope.subscriptionId}`;
  return scope.resourceGroup === undefined ? subscription : `${subscription}/resourceGroups/${scope.resourceGroup}`;
}

/** `<base>/providers/NS/t1/n1/t2/n2` from type `NS/t1/t2` and names [n1, n2] (or one `n1/n2`). */
export function childId(base: string, type: string, names: readonly string[]): string {
  const [namespace, ...types] = type.split("/");
  const nameParts = names.flatMap((name) => name.split("/"));
  if (types.length !== nameParts.length) throw new TemplateError(`type ${type} needs ${types.length} names, got ${nameParts.join("/")}`);
  return `${base}/providers/${namespace}${types.map((t, i) => `/${t}/${nameParts[i]}`).join("")}`;
}

interface Lambda {
  lambda: true;
  parameters: string[];
  body: Expression;
}

export interface Context {
  scope: DeploymentScope;
  parameters: Record<string, unknown>;
  variableDefinitions: JsonObject;
  /** Loop name -> index; "" is the loop of the resource being evaluated. */
  copyIndexes: ReadonlyMap<string, number>;
  lambdaVariables: ReadonlyMap<string, unknown>;
  variableCache: Map<string, unknown>;
}

export function createContext(scope: DeploymentScope, parameters: Record<string, unknown>, variableDefinitions: JsonObject): Context {
  return { scope, parameters, variableDefinitions, copyIndexes: new Map(), lambdaVariables: new Map(), variableCache: new Map() };
}

function hash(algorithm: "sha1" | "sha256", parts: readonly unknown[]): Buffer {
  return createHash(algorithm).update(parts.map(String).join("\u0000")).digest();
}

/** Deterministic stand-in for ARM's uniqueString: 13 lower-case base-32 characters. */
function uniqueString(parts: readonly unknown[]): string {
  const alphabet = "abcdefghijklmnopqrstuvwxyz234567";
  return [...hash("sha256", parts).subarray(0, 13)].map((byte) => alphabet[byte % 32]).join("");
}

/** Deterministic stand-in for ARM's guid(): a name-based UUID of the arguments. */
function guid(parts: readonly unknown[]): string {
  const hex = hash("sha1", parts).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function cidrSubnet(network: string, newPrefix: number, index: number): string {
  const [address, prefix] = network.split("/");
  const octets = (address ?? "").split(".").map(Number);
  if (octets.length !== 4 || octets.some((o) => !Number.isInteger(o) || o < 0 || o > 255)) throw new TemplateError(`not an IPv4 CIDR: ${network}`);
  if (newPrefix < Number(prefix) || newPrefix > 32) throw new TemplateError(`cannot cut /${newPrefix} from ${network}`);
  const base = octets.reduce((sum, octet) => sum * 256 + octet, 0);
  const start = base + index * 2 ** (32 - newPrefix);
  if (start + 2 ** (32 - newPrefix) > base + 2 ** (32 - Number(prefix))) throw new TemplateError(`subnet ${index} of /${newPrefix} is outside ${network}`);
  return `${[24, 16, 8, 0].map((shift) => Math.floor(start / 2 ** shift) % 256).join(".")}/${newPrefix}`;
}

function propertyOf(target: unknown, name: string): unknown {
  if (target instanceof Opaque) throw new Unresolvable(`.${name} of ${target.expression}`);
  if (!isObject(target)) throw new TemplateError(`.${name} of a non-object`);
  const key = Object.keys(target).find((k) => k.toLowerCase() === name.toLowerCase());
  if (key === undefined) throw new TemplateError(`no property ${name} (has ${Object.keys(target).join(", ")})`);
  return target[key];
}

function asString(value: unknown, what: string): string {
  if (typeof value !== "string") throw new TemplateError(`${what} expects a string, got ${JSON.stringify(value)}`);
  return value;
}

function asArray(value: unknown, what: string): unknown[] {
  if (!Array.isArray(value)) throw new TemplateError(`${what} expects an array, got ${JSON.stringify(value)}`);
  return value;
}

function typeSplit(args: readonly unknown[]): { prefix: string[]; type: string; names: string[] } {
  const typeAt = args.findIndex((arg) => typeof arg === "string" && arg.includes("/"));
  if (typeAt < 0) throw new TemplateError(`no resource type in (${args.join(", ")})`);
  return { prefix: args.slice(0, typeAt).map(String), type: String(args[typeAt]), names: args.slice(typeAt + 1).map(String) };
}

function formatString(template: string, args: readonly unknown[]): string {
  return template.replace(/\{(\d+)(:[^}]*)?\}/g, (_, index: string) => {
    const value = args[Number(index)];
    return typeof value === "string" ? value : JSON.stringify(value);
  });
}

function callLambda(lambda: unknown, values: readonly unknown[], context: Context): unknown {
  if (!isObject(lambda) || lambda.lambda !== true) throw new TemplateError("expected a lambda");
  const { parameters, body } = lambda as unknown as Lambda;
  const lambdaVariables = new Map(context.lambdaVariables);
  parameters.forEach((name, i) => lambdaVariables.set(name, values[i]));
  return evaluateExpression(body, { ...context, lambdaVariables });
}

type Implementation = (args: unknown[], context: Context) => unknown;

const IMPLEMENTATIONS: Record<string, Implementation> = {
  parameters([name], context) {
    const key = asString(name, "parameters()");
    if (!(key in context.parameters)) throw new TemplateError(`parameter ${key} is not declared`);
    return context.parameters[key];
  },
  variables([name], context) {
    const key = asString(name, "variables()");
    if (!context.variableCache.has(key)) {
      if (!(key in context.variableDefinitions)) throw new TemplateError(`variable ${key} is not declared`);
      const definition = context.variableDefinitions[key];
      context.variableCache.set(key, evaluateValue(definition, { ...context, copyIndexes: new Map() }));
    }
    return context.variableCache.get(key);
  },
  copyindex(args, context) {
    const [first, second] = args;
    const loop = typeof first === "string" ? first : "";
    const offset = Number(typeof first === "number" ? first : (second ?? 0));
    const index = context.copyIndexes.get(loop);
    if (index === undefined) throw new TemplateError(`copyIndex(${loop}) outside its loop`);
    return index + offset;
  },
  lambdavariables([name], context) {
    const key = asString(name, "lambdaVariables()");
    if (!context.lambdaVariables.has(key)) throw new TemplateError(`lambda variable ${key} is not bound`);
    return context.lambdaVariables.get(key);
  },
  toobject([array, keyLambda, valueLambda], context) {
    return Object.fromEntries(
      asArray(array, "toObject()").map((item) => [
        String(callLambda(keyLambda, [item], context)),
        valueLambda === undefined ? item : callLambda(valueLambda, [item], context),
      ]),
    );
  },
  subscription: (_, { scope }) => {
    if (scope.subscriptionId === undefined) throw new TemplateError("subscription() at management group scope");
    return { id: `/subscriptions/${scope.subscriptionId}`, subscriptionId: scope.subscriptionId, tenantId: scope.tenantId, displayName: "guarded" };
  },
  resourcegroup: (_, { scope }) => {
    if (scope.resourceGroup === undefined) throw new TemplateError("resourceGroup() outside a resource group deployment");
    return { id: scopeId(scope), name: scope.resourceGroup, location: scope.location, type: "Microsoft.Resources/resourceGroups", properties: {} };
  },
  managementgroup: (_, { scope }) => {
    if (scope.managementGroup === undefined) throw new TemplateError("managementGroup() outside a management group deployment");
    return { id: `/providers/Microsoft.Management/managementGroups/${scope.managementGroup}`, name: scope.managementGroup, type: "Microsoft.Management/managementGroups", properties: {} };
  },
  tenant: (_, { scope }) => ({ tenantId: scope.tenantId }),
  deployment: (_, { scope }) => ({ name: scope.deploymentName, location: scope.location, properties: {} }),
  environment: () => PUBLIC_CLOUD,
  resourceid(args, { scope }) {
    const { prefix, type, names } = typeSplit(args);
    const subscriptionId = prefix.length === 2 ? prefix[0] : scope.subscriptionId;
    const resourceGroup = prefix.length === 2 ? prefix[1] : prefix.length === 1 ? prefix[0] : scope.resourceGroup;
    return childId(scopeId({ ...scope, subscriptionId, resourceGroup }), type, names);
  },
  subscriptionresourceid(args, { scope }) {
    const { prefix, type, names } = typeSplit(args);
    return childId(`/subscriptions/${prefix[0] ?? scope.subscriptionId}`, type, names);
  },
  extensionresourceid([base, ...rest]) {
    const { type, names } = typeSplit(rest);
    return childId(asString(base, "extensionResourceId()"), type, names);
  },
  tenantresourceid(args) {
    const { type, names } = typeSplit(args);
    return childId("", type, names);
  },
  guid: (args) => guid(args),
  uniquestring: (args) => uniqueString(args),
  cidrsubnet: ([network, prefix, index]) => cidrSubnet(asString(network, "cidrSubnet()"), Number(prefix), Number(index)),
  format: ([template, ...args]) => formatString(asString(template, "format()"), args),
  concat: (args) => (Array.isArray(args[0]) ? args.flatMap((a) => asArray(a, "concat()")) : args.map((a) => (typeof a === "string" ? a : JSON.stringify(a))).join("")),
  tolower: ([s]) => asString(s, "toLower()").toLowerCase(),
  toupper: ([s]) => asString(s, "toUpper()").toUpperCase(),
  replace: ([s, oldText, newText]) => asString(s, "replace()").split(asString(oldText, "replace()")).join(asString(newText, "replace()")),
  split: ([s, delimiter]) => asString(s, "split()").split(new RegExp(`[${(Array.isArray(delimiter) ? delimiter : [delimiter]).map((d) => String(d).replace(/[-\\\]^]/g, "\\$&")).join("")}]`)),
  join: ([array, delimiter]) => asArray(array, "join()").map(String).join(asString(delimiter, "join()")),
  last: ([v]) => (typeof v === "string" ? v.at(-1) : asArray(v, "last()").at(-1)),
  first: ([v]) => (typeof v === "string" ? v[0] : asArray(v, "first()")[0]),
  take: ([v, n]) => (typeof v === "string" ? v.slice(0, Number(n)) : asArray(v, "take()").slice(0, Number(n))),
  skip: ([v, n]) => (typeof v === "string" ? v.slice(Number(n)) : asArray(v, "skip()").slice(Number(n))),
  length: ([v]) => (typeof v === "string" || Array.isArray(v) ? v.length : isObject(v) ? Object.keys(v).length : 0),
  empty: ([v]) => v === null || v === "" || (Array.isArray(v) && v.length === 0) || (isObject(v) && Object.keys(v).length === 0),
  contains: ([container, item]) =>
    typeof container === "string" ? container.toLowerCase().includes(String(item).toLowerCase()) : Array.isArray(container) ? container.includes(item) : isObject(container) && String(item) in container,
  startswith: ([s, prefix]) => asString(s, "startsWith()").toLowerCase().startsWith(asString(prefix, "startsWith()").toLowerCase()),
  endswith: ([s, suffix]) => asString(s, "endsWith()").toLowerCase().endsWith(asString(suffix, "endsWith()").toLowerCase()),
  trim: ([s]) => asString(s, "trim()").trim(),
  substring: ([s, start, length]) => asString(s, "substring()").substr(Number(start), length === undefined ? undefined : Number(length)),
  string: ([v]) => (typeof v === "string" ? v : JSON.stringify(v)),
  json: ([s]) => JSON.parse(asString(s, "json()")),
  int: ([v]) => Number.parseInt(String(v), 10),
  bool: ([v]) => v === true || String(v).toLowerCase() === "true",
  createarray: (args) => args,
  createobject: (args) => Object.fromEntries(args.flatMap((arg, i) => (i % 2 === 0 ? [[String(arg), args[i + 1]]] : []))),
  union: (args) => (Array.isArray(args[0]) ? [...new Set(args.flatMap((a) => asArray(a, "union()")))] : Object.assign({}, ...args)),
  items: ([object]) => {
    if (!isObject(object)) throw new TemplateError("items() expects an object");
    return Object.keys(object)
      .sort((a, b) => a.localeCompare(b))
      .map((key) => ({ key, value: object[key] }));
  },
  coalesce: (args) => args.find((a) => a !== null && a !== undefined) ?? null,
  equals: ([a, b]) => JSON.stringify(a) === JSON.stringify(b),
  not: ([v]) => !v,
  and: (args) => args.every(Boolean),
  or: (args) => args.some(Boolean),
  true: () => true,
  false: () => false,
  null: () => null,
  add: ([a, b]) => Number(a) + Number(b),
  sub: ([a, b]) => Number(a) - Number(b),
  less: ([a, b]) => Number(a) < Number(b),
  greater: ([a, b]) => Number(a) > Number(b),
};

export function evaluateExpression(expression: Expression, context: Context): unknown {
  switch (expression.kind) {
    case "string":
    case "number":
      return expression.value;
    case "property":
      return propertyOf(evaluateExpression(expression.target, context), expression.name);
    case "index": {
      const target = evaluateExpression(expression.target, context);
      const index = evaluateExpression(expression.index, context);
      if (target instanceof Opaque || index instanceof Opaque) throw new Unresolvable("an index into a deployment-time value");
      if (Array.isArray(target)) {
        if (typeof index !== "number" || index < 0 || index >= target.length) throw new TemplateError(`index ${String(index)} outside an array of ${target.length}`);
        return target[index];
      }
      return propertyOf(target, String(index));
    }
    case "call": {
      const name = expression.name.toLowerCase();
      if (name === "lambda") {
        const parameters = expression.args.slice(0, -1).map((arg) => String(evaluateExpression(arg, context)));
        return { lambda: true, parameters, body: expression.args.at(-1) };
      }
      if (name === "if") {
        const [condition, whenTrue, whenFalse] = expression.args;
        if (!condition || !whenTrue || !whenFalse) throw new TemplateError("if() takes three arguments");
        return evaluateExpression(evaluateExpression(condition, context) ? whenTrue : whenFalse, context);
      }
      const implementation = IMPLEMENTATIONS[name];
      if (!implementation) throw new Unresolvable(`${expression.name}() is known only at deployment time`);
      const args = expression.args.map((arg) => evaluateExpression(arg, context));
      const opaque = args.find((arg) => arg instanceof Opaque);
      if (opaque) throw new Unresolvable(`${expression.name}() of ${(opaque as Opaque).expression}`);
      return implementation(args, context);
    }
  }
}

/** Evaluates every expression in a JSON value; strings Azure alone can resolve stay as written. */
export function evaluateValue(value: unknown, context: Context): unknown {
  if (typeof value === "string") {
    if (!isExpression(value)) return literalValue(value);
    try {
      return evaluateExpression(parseExpression(value), context);
    } catch (error) {
      if (error instanceof Unresolvable) return new Opaque(value);
      throw error;
    }
  }
  if (Array.isArray(value)) return value.map((item) => evaluateValue(item, context));
  if (!isObject(value)) return value;
  const { copy, ...rest } = value;
  const properties = Object.entries(rest).map(([key, item]) => [String(toPlain(evaluateValue(key, context))), evaluateValue(item, context)]);
  return Object.fromEntries([...properties, ...(Array.isArray(copy) ? propertyLoops(copy, context) : copy === undefined ? [] : [["copy", evaluateValue(copy, context)]])]);
}

/** Property iteration: each `copy` entry makes an array property `name` of `count` evaluated `input`s. */
function propertyLoops(loops: unknown[], context: Context): [string, unknown[]][] {
  return loops.map((loop) => {
    if (!isObject(loop) || typeof loop.name !== "string") throw new TemplateError("a property copy needs a name, a count and an input");
    const count = evaluateValue(loop.count, context);
    if (typeof count !== "number") throw new TemplateError(`the count of property loop ${loop.name} is not known before deployment`);
    const name = loop.name;
    return [name, Array.from({ length: count }, (_, index) => evaluateValue(loop.input, { ...context, copyIndexes: new Map([...context.copyIndexes, [name, index]]) }))];
  });
}

/** The value as plain JSON, deployment-time values written as their expressions. */
export function toPlain(value: unknown): unknown {
  if (value instanceof Opaque) return value.expression;
  if (Array.isArray(value)) return value.map(toPlain);
  if (!isObject(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, toPlain(item)]));
}
