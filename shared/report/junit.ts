import { controlById } from "../controls/index.ts";
import type { Finding } from "../controls/types.ts";
import { placeOf, resourceNameOf, shown } from "./cells.ts";
import { TOOL_NAME, type ReportContext } from "./context.ts";
import type { TextOutput } from "./output.ts";
import { sortedWriter, type FindingWriter } from "./writer.ts";

/** Characters XML 1.0 cannot hold at all (most control characters, lone surrogates, U+FFFE/FFFF) become U+FFFD. */
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const XML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;", "\n": "&#10;", "\r": "&#13;", "\t": "&#9;" };

/** Text for an attribute value: line breaks and tabs as references, so that attribute normalisation keeps them. */
export function xmlAttribute(value: string): string {
  return value.replace(NOT_XML, "\ufffd").replace(/[&<>"'\n\r\t]/g, (c) => XML_ESCAPES[c]!);
}

function xmlText(value: string): string {
  return value.replace(NOT_XML, "\ufffd").replace(/[&<>]/g, (c) => XML_ESCAPES[c]!);
}

const attributes = (values: Record<string, string | number>) =>
  Object.entries(values)
    .map(([name, value]) => ` ${name}="${xmlAttribute(String(value))}"`)
    .join("");

function testcase(finding: Finding): string {
  const { resourceGroup, subscriptionId } = placeOf(finding.resourceId);
  const name = `${resourceNameOf(finding.resourceId)}${resourceGroup ? ` in ${resourceGroup}` : ""}`;
  const { path, actual, expected } = finding.evidence;
  const detail = `${finding.resourceId}\n${path} is ${shown(actual)}, expected ${expected}\ndecision: ${finding.decision}${finding.reason ? `\nreason: ${finding.reason}` : ""}`;
  const open = `    <testcase${attributes({ classname: finding.controlId, name, time: 0 })}>\n`;
  const properties =
    `      <properties>\n` +
    Object.entries({ resourceId: finding.resourceId, subscriptionId, severity: finding.severity, classification: finding.classification, stage: finding.stage })
      .map(([key, value]) => `        <property${attributes({ name: key, value })}/>\n`)
      .join("") +
    `      </properties>\n`;
  const outcome =
    finding.status === "noncompliant"
      ? `      <failure${attributes({ message: `${finding.severity}: ${finding.title}`, type: finding.severity })}>${xmlText(detail)}</failure>\n`
      : finding.status === "unknown"
        ? `      <error${attributes({ message: `could not decide: ${finding.reason ?? `${path} is ${shown(actual)}`}`, type: "unknown" })}>${xmlText(detail)}</error>\n`
        : finding.status === "exempt"
          ? `      <skipped${attributes({ message: `exempt: ${finding.reason ?? "exempted"}` })}/>\n`
          : "";
  return `${open}${properties}${outcome}    </testcase>\n`;
}

/**
 * JUnit XML for pipelines that show test results: a test suite per control, a test case per
 * resource the control applies to (not-applicable findings are no test). Non-compliant is a
 * failure, unknown an error (the check could not decide), exempt a skipped test.
 */
export function junitWriter(out: TextOutput, context: ReportContext): FindingWriter {
  return sortedWriter(async (findings) => {
    const byControl = new Map<string, Finding[]>();
    for (const finding of findings) {
      if (finding.status === "not-applicable") continue;
      const list = byControl.get(finding.controlId);
      if (list) list.push(finding);
      else byControl.set(finding.controlId, [finding]);
    }
    const count = (list: readonly Finding[]) => ({
      tests: list.length,
      failures: list.filter((f) => f.status === "noncompliant").length,
      errors: list.filter((f) => f.status === "unknown").length,
      skipped: list.filter((f) => f.status === "exempt").length,
    });
    const all = [...byControl.values()].flat();
    const timestamp = context.generatedAt.toISOString().replace(/\.\d{3}Z$/, "");
    await out.write(`<?xml version="1.0" encoding="UTF-8"?>\n<testsuites${attributes({ name: TOOL_NAME, ...count(all), time: 0 })}>\n`);
    for (const [controlId, list] of [...byControl].sort(([a], [b]) => a.localeCompare(b))) {
      const title = controlById(controlId)?.title ?? list[0]!.title;
      await out.write(`  <testsuite${attributes({ name: `${controlId}: ${title}`, ...count(list), timestamp, time: 0 })}>\n`);
      for (const finding of list) await out.write(testcase(finding));
      await out.write("  </testsuite>\n");
    }
    await out.write("</testsuites>\n");
  });
}
