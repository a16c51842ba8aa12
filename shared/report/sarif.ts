import { createHash } from "node:crypto";
import { relative, sep } from "node:path";
import { pathToFileURL } from "node:url";
import type { Log, ReportingDescriptor, Result } from "sarif";
import { CATALOG } from "../controls/index.ts";
import type { Control, Finding, Severity } from "../controls/types.ts";
import { resourceKey } from "../core/index.ts";
import { placeOf, resourceNameOf, shown } from "./cells.ts";
import { controlDocUrl, isWebUrl, TOOL_NAME, toolVersion, type ReportContext } from "./context.ts";
import type { TextOutput } from "./output.ts";
import type { FindingWriter } from "./writer.ts";

/**
 * GitHub code scanning ranks security results by `security-severity` (a CVSS-like score):
 * critical above 9.0, high 7.0 to 8.9, medium 4.0 to 6.9, low below 4.0.
 */
const SECURITY_SEVERITY: Record<Severity, string> = { critical: "9.5", high: "8.0", medium: "5.5", low: "3.0" };
const LEVEL: Record<Severity, NonNullable<Result["level"]>> = { critical: "error", high: "error", medium: "warning", low: "note" };

/** `storage.min-tls` -> `StorageMinTls`: SARIF's rule name is an identifier, the id stays the key. */
const ruleName = (id: string) => id.replace(/(^|[.\-_])([a-z0-9])/gi, (_m, _sep, c: string) => c.toUpperCase());

function describe(control: Control): string {
  const fix = control.fix ? `a ${control.fix.safety} automatic fix` : `no automatic fix (a ${control.defaultDecision})`;
  const refs = [control.refs.mcsb && `MCSB ${control.refs.mcsb}`, control.refs.policy && `Azure Policy ${control.refs.policy}`].filter(Boolean).join(", ");
  return (
    `${control.title}. Evaluates ${control.resourceTypes.join(", ")} classified ${control.minClassification} or above; ` +
    `WAF SE:07 stage ${control.stage}; ${fix}.${refs ? ` References: ${refs}.` : ""}`
  );
}

function rule(control: Control, context: ReportContext): ReportingDescriptor {
  const doc = controlDocUrl(control.id, context.docsBaseUrl);
  const text = describe(control);
  return {
    id: control.id,
    name: ruleName(control.id),
    shortDescription: { text: control.title },
    fullDescription: { text },
    help: {
      text: `${text} What goes wrong, the platform default and how to fix it by hand: ${doc}`,
      markdown: `${text}\n\nWhat goes wrong, the platform default and how to fix it by hand: [${control.id}](${doc})`,
    },
    ...(isWebUrl(doc) ? { helpUri: doc } : {}),
    defaultConfiguration: { level: LEVEL[control.severity] },
    properties: {
      "security-severity": SECURITY_SEVERITY[control.severity],
      precision: "very-high",
      tags: ["security", "encryption", control.stage, "WAF SE:07"],
      severity: control.severity,
      stage: control.stage,
      resourceTypes: [...control.resourceTypes],
      ...(control.refs.mcsb ? { mcsb: control.refs.mcsb } : {}),
      ...(control.refs.policy ? { azurePolicy: control.refs.policy } : {}),
    },
  };
}

/** Stable across runs, machines and id casing: code scanning tracks an alert by it. */
export function fingerprintOf(finding: Pick<Finding, "resourceId" | "controlId">): string {
  return createHash("sha256")
    .update(`${resourceKey(finding.resourceId)}|${finding.controlId}`)
    .digest("hex");
}

/** The evaluated file as a location GitHub can show, relative to the working directory when inside it. */
function artifactUri(file: string): string {
  const path = relative(process.cwd(), file);
  return path.startsWith("..") || path === "" ? pathToFileURL(file).href : encodeURI(path.split(sep).join("/"));
}

function result(finding: Finding, ruleIndex: number | undefined, context: ReportContext): Result {
  const name = resourceNameOf(finding.resourceId);
  const { resourceGroup } = placeOf(finding.resourceId);
  const { path, actual, expected } = finding.evidence;
  const where = resourceGroup ? `${name} (resource group ${resourceGroup})` : name;
  return {
    ruleId: finding.controlId,
    ...(ruleIndex === undefined ? {} : { ruleIndex }),
    level: LEVEL[finding.severity],
    kind: "fail",
    message: { text: `${where}: ${finding.title}. ${path} is ${shown(actual)}, expected ${expected}.${finding.reason ? ` ${finding.reason}.` : ""} Decision: ${finding.decision}.` },
    locations: [
      {
        ...(context.inputFile ? { physicalLocation: { artifactLocation: { uri: artifactUri(context.inputFile) } } } : {}),
        logicalLocations: [{ name, fullyQualifiedName: finding.resourceId, kind: "resource" }],
      },
    ],
    partialFingerprints: { "resourceControl/v1": fingerprintOf(finding) },
    properties: {
      "security-severity": SECURITY_SEVERITY[finding.severity],
      resourceId: finding.resourceId,
      resourceType: finding.resourceType,
      resourceName: name,
      classification: finding.classification,
      stage: finding.stage,
      decision: finding.decision,
      evidence: { path, actual: actual ?? null, expected },
      ...(finding.reason ? { reason: finding.reason } : {}),
    },
  };
}

/**
 * SARIF 2.1.0, the format GitHub code scanning and Azure DevOps read: one rule per control of
 * the catalog, one result per non-compliant finding, written as the findings come.
 */
export function sarifWriter(out: TextOutput, context: ReportContext): FindingWriter {
  const ruleIndex = new Map(CATALOG.map((control, index) => [control.id, index]));
  const version = toolVersion();
  const head: Log = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: TOOL_NAME,
            version,
            semanticVersion: version,
            ...(context.docsBaseUrl && isWebUrl(context.docsBaseUrl) ? { informationUri: context.docsBaseUrl } : {}),
            rules: CATALOG.map((c) => rule(c, context)),
          },
        },
        invocations: [{ executionSuccessful: true, endTimeUtc: context.generatedAt.toISOString() }],
        results: [],
      },
    ],
  };
  // Everything up to the results array is written first; each result then follows as it comes.
  const opening = JSON.stringify(head, null, 2);
  const [before, after] = opening.split('"results": []') as [string, string];
  let count = 0;
  return {
    async add(finding) {
      if (finding.status !== "noncompliant") return;
      const item = JSON.stringify(result(finding, ruleIndex.get(finding.controlId), context), null, 2).replaceAll("\n", "\n        ");
      await out.write(`${count++ === 0 ? `${before}"results": [\n` : ",\n"}        ${item}`);
    },
    async end() {
      await out.write(count === 0 ? `${before}"results": []${after}\n` : `\n      ]${after}\n`);
    },
  };
}
