/** The two documented deployments, with the example parameter files, walked as Azure would deploy them. */
import { type DeclaredResource, deployTemplate } from "./deployment.ts";
import type { DeploymentScope } from "./evaluate.ts";
import { deployableTemplates, exampleParameterFiles, isObject } from "./templates.ts";

export const SUBSCRIPTION_ID = "00000000-0000-0000-0000-000000000000";

const BASE_SCOPE = { tenantId: "72f988bf-0000-0000-0000-000000000000", location: "westeurope", deploymentName: "encryption-guard" };
export const SUBSCRIPTION_SCOPE: DeploymentScope = { ...BASE_SCOPE, subscriptionId: SUBSCRIPTION_ID };
export const MANAGEMENT_GROUP_SCOPE: DeploymentScope = { ...BASE_SCOPE, managementGroup: "platform" };

/** The example parameter values of an entry template, as `az deployment ... --parameters @file` passes them. */
export function exampleValues(entry: string): Record<string, unknown> {
  const file = exampleParameterFiles().find((candidate) => candidate.entry === entry);
  if (!file) throw new Error(`no example parameters for ${entry}`);
  return Object.fromEntries(Object.entries(file.parameters).map(([name, entry]) => [name, isObject(entry) ? entry.value : undefined]));
}

function template(entry: string) {
  const found = deployableTemplates().find((candidate) => candidate.file === entry);
  if (!found) throw new Error(`no deployable template ${entry}`);
  return found.template;
}

/** What `az deployment sub create --template-file infra/main.json` deploys. */
export function subscriptionDeployment(overrides: Record<string, unknown> = {}): DeclaredResource[] {
  return deployTemplate(template("main.json"), { ...exampleValues("main.json"), ...overrides }, SUBSCRIPTION_SCOPE);
}

/** What `az deployment mg create --template-file infra/managementGroup.json` deploys. */
export function managementGroupDeployment(overrides: Record<string, unknown> = {}): DeclaredResource[] {
  return deployTemplate(template("managementGroup.json"), { ...exampleValues("managementGroup.json"), ...overrides }, MANAGEMENT_GROUP_SCOPE);
}

export function ofType(resources: readonly DeclaredResource[], type: string): DeclaredResource[] {
  return resources.filter((resource) => resource.type.toLowerCase() === type.toLowerCase());
}
