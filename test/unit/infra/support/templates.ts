/** Loads the project's ARM templates and walks the templates nested inside them. */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { ENTRY_TEMPLATES, INFRA_DIR, SOURCE_DIR } from "../../../../scripts/build-infra.ts";

export type JsonObject = Record<string, unknown>;

export interface TemplateFile {
  /** Path relative to infra/, e.g. `src/modules/service.json` or `main.json`. */
  file: string;
  template: JsonObject;
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function readTemplate(path: string): TemplateFile {
  const template = JSON.parse(readFileSync(path, "utf8")) as unknown;
  if (!isObject(template)) throw new Error(`${path} is not a JSON object`);
  return { file: relative(INFRA_DIR, path), template };
}

function jsonFilesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? jsonFilesUnder(join(dir, entry.name)) : entry.name.endsWith(".json") ? [join(dir, entry.name)] : [],
  );
}

/** The hand-written templates: entry templates and modules under infra/src. */
export function sourceTemplates(): TemplateFile[] {
  return jsonFilesUnder(SOURCE_DIR).sort().map(readTemplate);
}

/** The deployable templates written by npm run build:infra. */
export function deployableTemplates(): TemplateFile[] {
  return ENTRY_TEMPLATES.map((entry) => readTemplate(join(INFRA_DIR, entry)));
}

/** The parameter files published next to the deployable templates. */
export function exampleParameterFiles(): { entry: string; file: string; parameters: JsonObject }[] {
  return ENTRY_TEMPLATES.map((entry) => {
    const file = entry.replace(/\.json$/, ".parameters.example.json");
    const document = JSON.parse(readFileSync(join(INFRA_DIR, file), "utf8")) as JsonObject;
    return { entry, file, parameters: isObject(document.parameters) ? document.parameters : {} };
  });
}

export function resourcesOf(template: JsonObject): JsonObject[] {
  return Array.isArray(template.resources) ? template.resources.filter(isObject) : [];
}

export interface TemplateUnit {
  /** Where the template is: file, then the names of the deployments that nest it. */
  label: string;
  template: JsonObject;
}

/** A template and every template nested inline in its deployments, depth first. */
export function templateUnits(file: TemplateFile): TemplateUnit[] {
  const walk = (template: JsonObject, label: string): TemplateUnit[] => [
    { label, template },
    ...resourcesOf(template).flatMap((resource) => {
      const properties = resource.properties;
      if (resource.type !== "Microsoft.Resources/deployments" || !isObject(properties) || !isObject(properties.template)) return [];
      return walk(properties.template, `${label} > ${String(resource.name)}`);
    }),
  ];
  return walk(file.template, file.file);
}
