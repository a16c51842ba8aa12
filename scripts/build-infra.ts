/**
 * Writes what infra/src derives from the code (the roles' actions from the resource modules and
 * the catalog's fixes, the Event Grid filter's operations from the covered types), then
 * composes the deployable templates from infra/src: every nested deployment that links a
 * module with `templateLink.relativePath` gets the module inlined as `template`, the way a
 * Bicep build emits modules. The result is one self-contained file per entry template that
 * `az deployment ... --template-file` and the portal's custom deployment both accept (neither
 * resolves relative links of a local file). The sources stay valid ARM templates too.
 *
 *   node scripts/build-infra.ts           write infra/main.json and infra/managementGroup.json
 *   node scripts/build-infra.ts --check   exit 1 when a written template is stale
 */
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { CATALOG, requiredFixParams, type Control } from "../shared/controls/index.ts";
import { FINDINGS_LOG_COLUMNS, FINDINGS_STREAM, FINDINGS_TABLE, findingsWorkbook, INGESTION_TRANSFORM, tableColumnType } from "../shared/ingest/index.ts";
import { coveredWriteOperations, eventFilterGroups, rolePermissions } from "../shared/resources/index.ts";

export const INFRA_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "../infra");
export const SOURCE_DIR = join(INFRA_DIR, "src");
export const ENTRY_TEMPLATES = ["main.json", "managementGroup.json"] as const;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function readJson(path: string): JsonObject {
  const parsed = JSON.parse(readFileSync(path, "utf8")) as Json;
  if (!isObject(parsed)) throw new Error(`${path}: a template is a JSON object`);
  return parsed;
}

function inlineDeployment(resource: JsonObject, fromDir: string, chain: readonly string[]): JsonObject {
  const properties = resource.properties;
  if (resource.type !== "Microsoft.Resources/deployments" || !isObject(properties)) return resource;
  const link = properties.templateLink;
  if (!isObject(link)) return resource;
  if (typeof link.relativePath !== "string") throw new Error(`${resource.name}: only relativePath links can be inlined`);
  const { templateLink: _link, ...rest } = properties;
  return { ...resource, properties: { ...rest, template: composeFile(resolve(fromDir, link.relativePath), chain) } };
}

function composeFile(path: string, chain: readonly string[]): JsonObject {
  if (chain.includes(path)) throw new Error(`module cycle: ${[...chain, path].map((p) => relative(SOURCE_DIR, p)).join(" -> ")}`);
  const template = readJson(path);
  const resources = Array.isArray(template.resources) ? template.resources : [];
  const fromDir = dirname(path);
  return {
    ...template,
    resources: resources.map((resource) => (isObject(resource) ? inlineDeployment(resource, fromDir, [...chain, path]) : resource)),
  };
}

/** The deployable form of one entry template under infra/src, as it is written to infra/. */
export function composeTemplate(entry: string): JsonObject {
  const composed = composeFile(join(SOURCE_DIR, entry), []);
  const metadata = isObject(composed.metadata) ? composed.metadata : {};
  return {
    ...composed,
    metadata: { ...metadata, generatedFrom: `infra/src/${entry}: edit the sources and run npm run build:infra` },
  };
}

export function renderTemplate(template: JsonObject): string {
  return `${JSON.stringify(template, null, 2)}\n`;
}

/** ARM reads a string that starts with `[` as an expression; `[[` keeps it a literal. */
export function armLiteral(value: Json): Json {
  if (typeof value === "string") return value.startsWith("[") ? `[${value}` : value;
  if (Array.isArray(value)) return value.map(armLiteral);
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([key, item]) => [armLiteral(key) as string, armLiteral(item)]));
  return value;
}

/** A fix that runs under the default policy: safe, and plannable without parameters the policy must give. */
function runsByDefault(control: Control): boolean {
  return control.fix?.safety === "safe" && requiredFixParams(control).length === 0;
}

const fixedTypes = (controls: readonly Control[]) => [...new Set(controls.filter((control) => control.fix).flatMap((control) => control.resourceTypes))];

/**
 * The two roles, derived from the modules and the catalog. The base role is what the fixes that
 * run under the default policy need: every module's reads and the writes of the document types
 * safe, parameterless fixes change. Everything else a fix may need goes to the opt-in role,
 * deployed only when asked (grantOptInActions): the writes only disruptive or irreversible fixes
 * or fixes that need policy parameters make (a gateway, a VM, a vault, a disk), and the actions a
 * module marks as needed by some writes only (an Application Gateway PUT's join and assign checks).
 */
export function remediatorActions(catalog: readonly Control[] = CATALOG): { base: string[]; optIn: string[]; baseData: string[]; optInData: string[] } {
  const base = rolePermissions(fixedTypes(catalog.filter(runsByDefault)));
  const all = rolePermissions(fixedTypes(catalog));
  const granted = new Set(base.actions.map((action) => action.toLowerCase()));
  const optIn = new Map([...all.actions, ...all.optInActions, ...base.optInActions].filter((action) => !granted.has(action.toLowerCase())).map((action) => [action.toLowerCase(), action]));
  // Data actions follow the same split: a disruptive fix's (a key's rotation policy) is opt-in.
  const grantedData = new Set(base.dataActions.map((action) => action.toLowerCase()));
  const byName = (a: string, b: string) => a.toLowerCase().localeCompare(b.toLowerCase());
  return {
    base: base.actions,
    optIn: [...optIn.values()].sort(byName),
    baseData: base.dataActions,
    optInData: all.dataActions.filter((action) => !grantedData.has(action.toLowerCase())).sort(byName),
  };
}

/** Variables of infra/src templates that are derived from the code, never edited by hand. */
export const DERIVED_VARIABLES: readonly { file: string; variable: string; value(): Json }[] = [
  { file: "modules/remediatorRole.json", variable: "actions", value: () => remediatorActions().base },
  { file: "modules/remediatorRole.json", variable: "optInActions", value: () => remediatorActions().optIn },
  { file: "modules/remediatorRole.json", variable: "dataActions", value: () => remediatorActions().baseData },
  { file: "modules/remediatorRole.json", variable: "optInDataActions", value: () => remediatorActions().optInData },
  { file: "modules/events.json", variable: "operationGroups", value: () => eventFilterGroups(coveredWriteOperations(CATALOG.flatMap((control) => control.resourceTypes))) },
  // The findings log: one list of columns makes the rule's stream and the table's schema.
  { file: "modules/findingsLog.json", variable: "tableName", value: () => FINDINGS_TABLE },
  { file: "modules/findingsLog.json", variable: "streamName", value: () => FINDINGS_STREAM },
  { file: "modules/findingsLog.json", variable: "streamColumns", value: () => FINDINGS_LOG_COLUMNS.map(({ name, type }) => ({ name, type })) },
  {
    file: "modules/findingsLog.json",
    variable: "tableColumns",
    value: () => FINDINGS_LOG_COLUMNS.map(({ name, type, description }) => ({ name, type: tableColumnType(type), description })),
  },
  { file: "modules/findingsLog.json", variable: "transformKql", value: () => INGESTION_TRANSFORM },
  { file: "modules/findingsLog.json", variable: "workbook", value: () => findingsWorkbook() as unknown as Json },
];

/** A source template with its derived variables set from the code. */
export function withDerivedVariables(file: string): JsonObject {
  const template = readJson(join(SOURCE_DIR, file));
  const variables = isObject(template.variables) ? { ...template.variables } : {};
  for (const derived of DERIVED_VARIABLES.filter((d) => d.file === file)) variables[derived.variable] = armLiteral(derived.value());
  return { ...template, variables };
}

function main(argv: readonly string[]): number {
  const check = argv.includes("--check");
  let stale = 0;
  for (const file of new Set(DERIVED_VARIABLES.map((d) => d.file))) {
    const target = join(SOURCE_DIR, file);
    const text = renderTemplate(withDerivedVariables(file));
    if (!check) writeFileSync(target, text);
    else if (readFileSync(target, "utf8") !== text) {
      stale += 1;
      console.error(`${relative(process.cwd(), target)} is stale: run npm run build:infra`);
    }
  }
  for (const entry of ENTRY_TEMPLATES) {
    const target = join(INFRA_DIR, entry);
    const text = renderTemplate(composeTemplate(entry));
    if (!check) {
      writeFileSync(target, text);
      console.log(`wrote ${relative(process.cwd(), target)}`);
      continue;
    }
    let current = "";
    try {
      current = readFileSync(target, "utf8");
    } catch {
      // A missing target is stale like an outdated one.
    }
    if (current !== text) {
      stale += 1;
      console.error(`${relative(process.cwd(), target)} is stale: run npm run build:infra`);
    }
  }
  return stale === 0 ? 0 : 1;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2));
}
