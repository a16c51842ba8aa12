import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { composeTemplate, DERIVED_VARIABLES, ENTRY_TEMPLATES, INFRA_DIR, renderTemplate, SOURCE_DIR, withDerivedVariables } from "../../../scripts/build-infra.ts";
import { deployTemplate } from "./support/deployment.ts";
import { managementGroupDeployment, subscriptionDeployment, SUBSCRIPTION_SCOPE } from "./support/deployments.ts";
import { referenceProblems } from "./support/references.ts";
import { parametersFileSchema, TEMPLATE_SCHEMAS, templateProblems } from "./support/templateSchema.ts";
import { deployableTemplates, exampleParameterFiles, isObject, type JsonObject, resourcesOf, sourceTemplates, templateUnits } from "./support/templates.ts";

const allFiles = [...sourceTemplates(), ...deployableTemplates()];
const allUnits = allFiles.flatMap(templateUnits);

describe("the deployment templates", () => {
  it.each(allFiles.map((file) => [file.file, file.template] as const))("%s follows the deployment template format", (_, template) => {
    expect(templateProblems(template)).toEqual([]);
  });

  it.each(ENTRY_TEMPLATES)("infra/%s is the composition of its sources (npm run build:infra)", (entry) => {
    expect(readFileSync(join(INFRA_DIR, entry), "utf8")).toBe(renderTemplate(composeTemplate(entry)));
  });

  it.each([...new Set(DERIVED_VARIABLES.map((d) => d.file))])("infra/src/%s carries what the code declares: the role's actions, the covered operations (npm run build:infra)", (file) => {
    expect(readFileSync(join(SOURCE_DIR, file), "utf8")).toBe(renderTemplate(withDerivedVariables(file)));
  });

  it.each(allUnits.map((unit) => [unit.label, unit.template] as const))("%s: expressions parse, references resolve, declarations are used", (_, template) => {
    expect(referenceProblems(template)).toEqual([]);
  });

  it("each module is written for the scope its deployments target", () => {
    // ARM ignores a nested template's $schema (Bicep writes the resource-group one for every
    // module), but editors and reviewers read it: a module deployed at one scope declares that
    // scope, and one deployed at several keeps the generic resource-group schema.
    const scopeOf = (schema: unknown) => Object.entries(TEMPLATE_SCHEMAS).find(([, uri]) => uri === schema)?.[0];
    const sources = new Map(sourceTemplates().map((file) => [file.file, file.template]));
    const targets = new Map<string, Set<string>>();
    const visit = (file: string, scope: string) => {
      for (const resource of resourcesOf(sources.get(file)!)) {
        const link = isObject(resource.properties) ? resource.properties.templateLink : undefined;
        if (!isObject(link) || typeof link.relativePath !== "string") continue;
        const module = join(dirname(file), link.relativePath);
        const target = "resourceGroup" in resource ? "resourceGroup" : "subscriptionId" in resource ? "subscription" : scope;
        targets.set(module, (targets.get(module) ?? new Set()).add(target));
        visit(module, target);
      }
    };
    for (const entry of ENTRY_TEMPLATES) visit(`src/${entry}`, scopeOf(sources.get(`src/${entry}`)!.$schema)!);
    const mismatches = [...targets].flatMap(([module, scopes]) => {
      const declared = scopeOf(sources.get(module)!.$schema);
      const expected = scopes.size === 1 ? [...scopes][0] : "resourceGroup";
      return declared === expected ? [] : [`${module}: deployed at ${[...scopes].join(" and ")}, declares ${declared}`];
    });
    expect(mismatches).toEqual([]);
    expect([...sources.keys()].filter((file) => file.startsWith("src/modules/") && !targets.has(file))).toEqual([]);
    expect(ENTRY_TEMPLATES.map((entry) => scopeOf(sources.get(`src/${entry}`)!.$schema))).toEqual(["subscription", "managementGroup"]);
  });

  it("the management-group variant takes main's parameters, plus where the service lives and what it guards", () => {
    const [main, group] = deployableTemplates().map((file) => file.template.parameters as JsonObject);
    const { hostSubscriptionId, guardedSubscriptionIds, ...shared } = group!;
    expect(shared).toEqual(main);
    expect([hostSubscriptionId, guardedSubscriptionIds].map((p) => (p as JsonObject).type)).toEqual(["string", "array"]);
  });

  it("parameters that carry secrets are secure types, and no output or setting echoes them", () => {
    const secretLike = /secret|password|token|credential/i;
    for (const unit of allUnits) {
      const parameters = isObject(unit.template.parameters) ? unit.template.parameters : {};
      for (const [name, definition] of Object.entries(parameters)) {
        if (!secretLike.test(name) || /Names$/.test(name)) continue;
        expect([unit.label, name, (definition as JsonObject).type]).toEqual([unit.label, name, expect.stringMatching(/^secure/)]);
      }
      expect(JSON.stringify(unit.template.outputs ?? {})).not.toMatch(/ticketSecretValues/);
    }
  });

  it.each(exampleParameterFiles().map((file) => [file.file, file] as const))("%s is a parameters file the template binds", (_, file) => {
    const text = JSON.parse(readFileSync(join(INFRA_DIR, file.file), "utf8")) as unknown;
    expect(parametersFileSchema.safeParse(text).error?.issues ?? []).toEqual([]);
  });

  it("both deployments bind their example parameters and every dependsOn names a resource of the same template", () => {
    const loopNames = allUnits.flatMap((unit) => resourcesOf(unit.template).flatMap((resource) => (isObject(resource.copy) ? [String(resource.copy.name).toLowerCase()] : [])));
    for (const resources of [subscriptionDeployment(), managementGroupDeployment()]) {
      const byTemplate = Map.groupBy(resources, (resource) => resource.path);
      const unresolved = resources.flatMap((resource) => {
        const dependsOn = Array.isArray(resource.resource.dependsOn) ? resource.resource.dependsOn.map(String) : [];
        const siblings = byTemplate.get(resource.path) ?? [];
        const known = new Set(
          [...siblings.flatMap((sibling) => [sibling.id, sibling.name].map((s) => s.toLowerCase())), ...loopNames],
        );
        return dependsOn.filter((entry) => !known.has(entry.toLowerCase())).map((entry) => `${resource.path} ${resource.name} -> ${entry}`);
      });
      expect(unresolved).toEqual([]);
    }
  });

  it("rejects what Azure would reject: an unknown field, an unverified API version, a missing parameter", () => {
    const [main] = deployableTemplates();
    const broken = structuredClone(main!.template);
    (broken as { resourcez?: unknown }).resourcez = [];
    const firstResource = resourcesOf(broken)[0]!;
    firstResource.apiVersion = "2019-01-01";
    expect(templateProblems(broken)).toEqual([
      expect.stringContaining("resources.0.apiVersion: Microsoft.Resources/deployments@2019-01-01 is not a verified API version"),
      expect.stringMatching(/Unrecognized key.*resourcez/),
    ]);
    const withoutDefault = structuredClone(main!.template);
    delete ((withoutDefault.parameters as JsonObject).resourceGroupName as JsonObject).defaultValue;
    expect(() => deployTemplate(withoutDefault, {}, SUBSCRIPTION_SCOPE)).toThrow(/resourceGroupName has no value and no default/);
  });
});
