/**
 * Walks a template the way Azure Resource Manager deploys it: parameter values and defaults,
 * conditions, copy loops, and nested deployments with their own scope and parameters. The
 * result is every resource the deployment would create, with expressions evaluated where the
 * template alone decides them.
 */
import { childId, createContext, type Context, type DeploymentScope, evaluateValue, scopeId, TemplateError, toPlain } from "./evaluate.ts";
import { isObject, type JsonObject, resourcesOf } from "./templates.ts";

export interface DeclaredResource {
  /** The nesting path: entry template, then deployment names. */
  path: string;
  scope: DeploymentScope;
  id: string;
  type: string;
  name: string;
  /** The resource with its expressions evaluated; `properties.template` of a deployment is left out. */
  resource: JsonObject;
  /** For an extension resource (`scope` set): the id of the resource it extends. */
  extends?: string;
}

function declaredParameters(template: JsonObject): JsonObject {
  return isObject(template.parameters) ? template.parameters : {};
}

/** Parameter values as Azure binds them: given values, else defaults evaluated in scope. */
export function bindParameters(template: JsonObject, given: Record<string, unknown>, scope: DeploymentScope, path: string): Record<string, unknown> {
  const declared = declaredParameters(template);
  const unknown = Object.keys(given).filter((name) => !(name in declared));
  if (unknown.length > 0) throw new TemplateError(`${path}: parameters not declared: ${unknown.join(", ")}`);
  const bound: Record<string, unknown> = {};
  const context = createContext(scope, bound, {});
  for (const [name, definition] of Object.entries(declared)) {
    if (!isObject(definition)) continue;
    if (name in given) bound[name] = given[name];
    else if ("defaultValue" in definition) bound[name] = evaluateValue(definition.defaultValue, context);
    else throw new TemplateError(`${path}: parameter ${name} has no value and no default`);
    const allowed = definition.allowedValues;
    if (Array.isArray(allowed) && !allowed.some((value) => JSON.stringify(value) === JSON.stringify(bound[name]))) {
      throw new TemplateError(`${path}: ${name}=${JSON.stringify(bound[name])} is not one of ${JSON.stringify(allowed)}`);
    }
  }
  return bound;
}

/** The absolute id of a `scope` property: relative scopes ("Microsoft.X/y/name") are in the current resource group. */
function absoluteScope(scopeValue: string, scope: DeploymentScope): string {
  if (scopeValue.startsWith("/")) return scopeValue;
  const [namespace, ...rest] = scopeValue.split("/");
  const types = rest.filter((_, i) => i % 2 === 0);
  const names = rest.filter((_, i) => i % 2 === 1);
  return childId(scopeId(scope), [namespace, ...types].join("/"), names);
}

function nestedScope(deployment: JsonObject, scope: DeploymentScope): DeploymentScope {
  const subscriptionId = typeof deployment.subscriptionId === "string" ? deployment.subscriptionId : undefined;
  const resourceGroup = typeof deployment.resourceGroup === "string" ? deployment.resourceGroup : undefined;
  const location = typeof deployment.location === "string" ? deployment.location : scope.location;
  const deploymentName = String(deployment.name);
  if (resourceGroup !== undefined) return { ...scope, subscriptionId: subscriptionId ?? scope.subscriptionId, resourceGroup, location, deploymentName };
  if (subscriptionId !== undefined) return { ...scope, subscriptionId, resourceGroup: undefined, location, deploymentName };
  return { ...scope, location, deploymentName };
}

function copyInstances(resource: JsonObject, context: Context, path: string): Context[] {
  const copy = resource.copy;
  if (!isObject(copy)) return [context];
  const count = evaluateValue(copy.count, context);
  if (typeof count !== "number") throw new TemplateError(`${path}: copy count of ${String(resource.name)} is not known before deployment`);
  return Array.from({ length: count }, (_, index) => ({ ...context, copyIndexes: new Map([...context.copyIndexes, ["", index], [String(copy.name), index]]) }));
}

/** Resource groups are the one type whose id has no provider segment. */
function resourceIdOf(type: string, name: string, base: string): string {
  return type.toLowerCase() === "microsoft.resources/resourcegroups" ? `${base}/resourceGroups/${name}` : childId(base, type, [name]);
}

function withoutNestedTemplate(resource: JsonObject): JsonObject {
  const properties = resource.properties;
  if (resource.type !== "Microsoft.Resources/deployments" || !isObject(properties)) return resource;
  const { template: _template, ...rest } = properties;
  return { ...resource, properties: rest };
}

/** Every resource the template deploys with these parameter values, nested deployments included. */
export function deployTemplate(template: JsonObject, given: Record<string, unknown>, scope: DeploymentScope, path = scope.deploymentName): DeclaredResource[] {
  const parameters = bindParameters(template, given, scope, path);
  const context = createContext(scope, parameters, isObject(template.variables) ? template.variables : {});
  return resourcesOf(template).flatMap((raw) =>
    copyInstances(raw, context, path).flatMap((instance) => {
      if ("condition" in raw && evaluateValue(raw.condition, instance) === false) return [];
      const resource = evaluateValue(withoutNestedTemplate(raw), instance) as JsonObject;
      const type = String(resource.type);
      const name = String(toPlain(resource.name));
      const isDeployment = type === "Microsoft.Resources/deployments";
      const ownScope = isDeployment ? nestedScope(resource, scope) : scope;
      const extendsId = typeof resource.scope === "string" ? absoluteScope(resource.scope, scope) : undefined;
      const id = resourceIdOf(type, name, extendsId ?? scopeId(ownScope));
      const declared: DeclaredResource = { path, scope, id, type, name, resource: toPlain(resource) as JsonObject, ...(extendsId ? { extends: extendsId } : {}) };
      if (!isDeployment) return [declared];
      const properties = isObject(raw.properties) ? raw.properties : {};
      if (!isObject(properties.template)) return [declared];
      const passed = isObject(resource.properties) && isObject(resource.properties.parameters) ? resource.properties.parameters : {};
      const values = Object.fromEntries(Object.entries(passed).map(([key, entry]) => [key, isObject(entry) ? entry.value : undefined]));
      return [declared, ...deployTemplate(properties.template, values, ownScope, `${path} > ${name}`)];
    }),
  );
}
