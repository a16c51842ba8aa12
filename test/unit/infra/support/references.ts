/**
 * Static checks of one template (nested templates are checked on their own, since every
 * deployment here evaluates its template in the inner scope): expressions parse and call
 * documented functions, every parameters()/variables() names a declared one, every declared
 * one is used, and each nested deployment passes exactly the parameters its template takes.
 */
import { calls, expressionStrings, parseExpression } from "./expressions.ts";
import { TEMPLATE_FUNCTIONS } from "./evaluate.ts";
import { isObject, type JsonObject, resourcesOf } from "./templates.ts";

/** The template without the templates nested in its deployments. */
function ownText(template: JsonObject): JsonObject {
  return {
    ...template,
    resources: resourcesOf(template).map((resource) => {
      const properties = resource.properties;
      if (resource.type !== "Microsoft.Resources/deployments" || !isObject(properties)) return resource;
      const { template: _nested, ...rest } = properties;
      return { ...resource, properties: rest };
    }),
  };
}

function declaredNames(section: unknown): Set<string> {
  return new Set(isObject(section) ? Object.keys(section) : []);
}

export function referenceProblems(template: JsonObject): string[] {
  const problems: string[] = [];
  const parameters = declaredNames(template.parameters);
  const variables = declaredNames(template.variables);
  const used = { parameters: new Set<string>(), variables: new Set<string>() };

  for (const { path, text } of expressionStrings(ownText(template))) {
    let expression;
    try {
      expression = parseExpression(text);
    } catch (error) {
      problems.push(`${path}: ${(error as Error).message}`);
      continue;
    }
    for (const call of calls(expression)) {
      const fn = call.name.toLowerCase();
      if (!TEMPLATE_FUNCTIONS.has(fn) && !fn.startsWith("list")) problems.push(`${path}: ${call.name}() is not a template function`);
      if (fn.startsWith("list")) problems.push(`${path}: ${call.name}() reads secrets into the deployment; use identities instead`);
      if (fn !== "parameters" && fn !== "variables") continue;
      const [argument] = call.args;
      if (call.args.length !== 1 || argument?.kind !== "string") {
        problems.push(`${path}: ${call.name}() takes one literal name`);
        continue;
      }
      const declared = fn === "parameters" ? parameters : variables;
      if (!declared.has(argument.value)) problems.push(`${path}: ${fn}('${argument.value}') is not declared`);
      (fn === "parameters" ? used.parameters : used.variables).add(argument.value);
    }
  }
  for (const name of parameters) if (!used.parameters.has(name)) problems.push(`parameters.${name}: declared but never used`);
  for (const name of variables) if (!used.variables.has(name)) problems.push(`variables.${name}: declared but never used`);
  return [...problems, ...nestedParameterProblems(template)];
}

/** A nested deployment must pass every parameter its template requires and nothing it does not declare. */
function nestedParameterProblems(template: JsonObject): string[] {
  return resourcesOf(template).flatMap((resource) => {
    const properties = resource.properties;
    if (resource.type !== "Microsoft.Resources/deployments" || !isObject(properties) || !isObject(properties.template)) return [];
    const label = `deployment ${String(resource.name)}`;
    const problems: string[] = [];
    const scope = isObject(properties.expressionEvaluationOptions) ? properties.expressionEvaluationOptions.scope : undefined;
    if (scope !== "inner") problems.push(`${label}: evaluate nested templates in the inner scope, so they see only what is passed`);
    const passed = declaredNames(properties.parameters);
    const declared = isObject(properties.template.parameters) ? properties.template.parameters : {};
    for (const name of passed) if (!(name in declared)) problems.push(`${label}: passes ${name}, which its template does not declare`);
    for (const [name, definition] of Object.entries(declared)) {
      if (isObject(definition) && !("defaultValue" in definition) && !passed.has(name)) problems.push(`${label}: does not pass the required ${name}`);
    }
    return problems;
  });
}
