/**
 * The project's own schema of the Azure Resource Manager deployment template format (the
 * published JSON Schemas cannot be vendored here): the sections a template may have, the
 * fields of parameters, resources, copy loops, nested deployments and outputs, and the API
 * versions each resource type is deployed with. Written from the "Understand the structure
 * and syntax of ARM templates" reference; strict, so a misspelt field fails instead of being
 * ignored by Azure.
 */
import { z } from "zod";
import { isExpression } from "./expressions.ts";

export const TEMPLATE_SCHEMAS = {
  resourceGroup: "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  subscription: "https://schema.management.azure.com/schemas/2018-05-01/subscriptionDeploymentTemplate.json#",
  managementGroup: "https://schema.management.azure.com/schemas/2019-08-01/managementGroupDeploymentTemplate.json#",
  tenant: "https://schema.management.azure.com/schemas/2019-08-01/tenantDeploymentTemplate.json#",
} as const;

export const PARAMETERS_SCHEMA = "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#";

/**
 * API versions each resource type is deployed with, every one checked to exist in the
 * Azure REST API specifications (specification/<service>/resource-manager/<namespace>/{stable|preview}/<version>).
 * A new type or version is added here only after that check.
 */
export const KNOWN_API_VERSIONS: Record<string, readonly string[]> = {
  "microsoft.resources/deployments": ["2022-09-01"],
  "microsoft.resources/resourcegroups": ["2022-09-01"],
  "microsoft.authorization/roledefinitions": ["2022-04-01"],
  "microsoft.authorization/roleassignments": ["2022-04-01"],
  "microsoft.managedidentity/userassignedidentities": ["2023-01-31"],
  "microsoft.operationalinsights/workspaces": ["2023-09-01"],
  "microsoft.insights/components": ["2020-02-02"],
  "microsoft.insights/diagnosticsettings": ["2021-05-01-preview"],
  "microsoft.insights/activitylogalerts": ["2020-10-01"],
  "microsoft.insights/datacollectionendpoints": ["2023-03-11"],
  "microsoft.insights/datacollectionrules": ["2023-03-11"],
  "microsoft.insights/workbooks": ["2023-06-01"],
  "microsoft.operationalinsights/workspaces/tables": ["2023-09-01"],
  "microsoft.keyvault/vaults": ["2023-07-01"],
  "microsoft.keyvault/vaults/keys": ["2023-07-01"],
  "microsoft.keyvault/vaults/secrets": ["2023-07-01"],
  "microsoft.storage/storageaccounts": ["2023-05-01"],
  "microsoft.storage/storageaccounts/blobservices": ["2023-05-01"],
  "microsoft.storage/storageaccounts/blobservices/containers": ["2023-05-01"],
  "microsoft.network/virtualnetworks": ["2024-05-01"],
  "microsoft.network/privateendpoints": ["2024-05-01"],
  "microsoft.network/privateendpoints/privatednszonegroups": ["2024-05-01"],
  "microsoft.network/privatednszones": ["2020-06-01"],
  "microsoft.network/privatednszones/virtualnetworklinks": ["2020-06-01"],
  "microsoft.web/serverfarms": ["2024-04-01"],
  "microsoft.web/sites": ["2024-04-01"],
  "microsoft.web/sites/config": ["2024-04-01"],
  "microsoft.web/sites/extensions": ["2024-04-01"],
  "microsoft.web/sites/basicpublishingcredentialspolicies": ["2024-04-01"],
  "microsoft.eventgrid/systemtopics": ["2022-06-15"],
  "microsoft.eventgrid/systemtopics/eventsubscriptions": ["2022-06-15"],
};

const expression = z.string().refine(isExpression, "expected a template expression such as [parameters('x')]");
const name = z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, "names are letters, digits and _ and start with a letter");
const metadata = z.record(z.string(), z.unknown());
const resourceType = z.string().regex(/^[A-Za-z]+\.[A-Za-z.]+(\/[A-Za-z0-9]+)+$/, "expected Namespace.Provider/type[/childType]");
const apiVersion = z.string().regex(/^\d{4}-\d{2}-\d{2}(-(preview|beta|alpha|privatepreview))?$/, "expected yyyy-mm-dd or yyyy-mm-dd-preview");

const PARAMETER_TYPES = ["string", "securestring", "int", "bool", "object", "secureObject", "array"] as const;

const parameter = z
  .strictObject({
    type: z.enum(PARAMETER_TYPES),
    defaultValue: z.unknown().optional(),
    allowedValues: z.array(z.unknown()).min(1).optional(),
    minValue: z.number().int().optional(),
    maxValue: z.number().int().optional(),
    minLength: z.number().int().min(0).optional(),
    maxLength: z.number().int().min(0).optional(),
    nullable: z.boolean().optional(),
    metadata: metadata.optional(),
  })
  .superRefine((definition, ctx) => {
    const value = definition.defaultValue;
    if (value === undefined || (typeof value === "string" && isExpression(value))) return;
    const typeOf = Array.isArray(value) ? "array" : typeof value;
    const expected: Record<(typeof PARAMETER_TYPES)[number], string> = {
      string: "string", securestring: "string", int: "number", bool: "boolean", object: "object", secureObject: "object", array: "array",
    };
    if (expected[definition.type] !== typeOf) ctx.addIssue({ code: "custom", path: ["defaultValue"], message: `a ${definition.type} parameter defaults to a ${typeOf}` });
    if (definition.allowedValues && !definition.allowedValues.some((allowed) => JSON.stringify(allowed) === JSON.stringify(value))) {
      ctx.addIssue({ code: "custom", path: ["defaultValue"], message: "the default is not one of allowedValues" });
    }
  });

const copy = z.strictObject({
  name,
  count: z.union([z.number().int().min(0).max(800), expression]),
  mode: z.enum(["serial", "parallel"]).optional(),
  batchSize: z.number().int().min(1).optional(),
});

/** Property iteration: `copy: [{ name, count, input }]` builds the array property `name`. */
const propertyLoop = (loopName: string) => z.strictObject({ name: z.literal(loopName), count: z.union([z.number().int().min(0).max(800), expression]), input: z.unknown() });

const output = z.strictObject({
  type: z.enum(PARAMETER_TYPES),
  value: z.unknown().optional(),
  condition: z.union([z.boolean(), expression]).optional(),
  copy: z.strictObject({ count: z.union([z.number().int(), expression]), input: z.unknown() }).optional(),
  metadata: metadata.optional(),
});

const objectOrExpression = z.union([z.record(z.string(), z.unknown()), expression]);

const deploymentProperties = z
  .strictObject({
    mode: z.enum(["Incremental", "Complete"]),
    expressionEvaluationOptions: z.strictObject({ scope: z.enum(["inner", "outer"]) }).optional(),
    parameters: z.record(z.string(), z.union([z.strictObject({ value: z.unknown() }), z.strictObject({ reference: z.record(z.string(), z.unknown()) }), z.strictObject({ copy: z.tuple([propertyLoop("value")]) })])).optional(),
    // Lazy: a nested deployment holds a whole template again.
    template: z.lazy(() => templateSchema).optional(),
    templateLink: z.strictObject({ relativePath: z.string().optional(), uri: z.string().optional(), id: z.string().optional(), contentVersion: z.string().optional() }).optional(),
    debugSetting: z.strictObject({ detailLevel: z.string() }).optional(),
  })
  .refine((properties) => (properties.template === undefined) !== (properties.templateLink === undefined), "a deployment has exactly one of template and templateLink");

const resource = z
  .strictObject({
    condition: z.union([z.boolean(), expression]).optional(),
    type: resourceType,
    apiVersion,
    name: z.string().min(1),
    comments: z.string().optional(),
    location: z.string().optional(),
    dependsOn: z.array(z.string()).optional(),
    tags: objectOrExpression.optional(),
    sku: z.record(z.string(), z.unknown()).optional(),
    kind: z.string().optional(),
    identity: z.record(z.string(), z.unknown()).optional(),
    properties: z.unknown().optional(),
    copy: copy.optional(),
    scope: z.string().optional(),
    zones: z.union([z.array(z.string()), expression]).optional(),
    plan: z.record(z.string(), z.unknown()).optional(),
    managedBy: z.string().optional(),
    subscriptionId: z.string().optional(),
    resourceGroup: z.string().optional(),
  })
  .superRefine((declared, ctx) => {
    const known = KNOWN_API_VERSIONS[declared.type.toLowerCase()];
    if (!known) {
      ctx.addIssue({ code: "custom", path: ["type"], message: `${declared.type} has no verified API versions in KNOWN_API_VERSIONS` });
    } else if (!known.includes(declared.apiVersion)) {
      ctx.addIssue({ code: "custom", path: ["apiVersion"], message: `${declared.type}@${declared.apiVersion} is not a verified API version (${known.join(", ")})` });
    }
    const isDeployment = declared.type === "Microsoft.Resources/deployments";
    if (isDeployment) {
      const result = deploymentProperties.safeParse(declared.properties);
      if (!result.success) for (const issue of result.error.issues) ctx.addIssue({ code: "custom", path: ["properties", ...issue.path], message: issue.message });
    } else if (declared.subscriptionId !== undefined || declared.resourceGroup !== undefined) {
      ctx.addIssue({ code: "custom", path: ["subscriptionId"], message: "only a deployment targets another subscription or resource group" });
    }
  });

export const templateSchema: z.ZodType = z.strictObject({
  $schema: z.enum(Object.values(TEMPLATE_SCHEMAS) as [string, ...string[]]),
  contentVersion: z.string().regex(/^\d+\.\d+\.\d+\.\d+$/, "expected four dot-separated numbers"),
  apiProfile: z.string().optional(),
  languageVersion: z.string().optional(),
  metadata: metadata.optional(),
  parameters: z.record(name, parameter).optional(),
  variables: z.record(name, z.unknown()).optional(),
  functions: z.array(z.unknown()).optional(),
  resources: z.array(resource),
  outputs: z.record(name, output).optional(),
});

export const parametersFileSchema = z.strictObject({
  $schema: z.literal(PARAMETERS_SCHEMA),
  contentVersion: z.string().regex(/^\d+\.\d+\.\d+\.\d+$/),
  parameters: z.record(name, z.union([z.strictObject({ value: z.unknown() }), z.strictObject({ reference: z.record(z.string(), z.unknown()) })])),
});

/** Every problem of a template, as "path: message" lines. */
export function templateProblems(candidate: unknown): string[] {
  const result = templateSchema.safeParse(candidate);
  return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join(".") || "(template)"}: ${issue.message}`);
}
