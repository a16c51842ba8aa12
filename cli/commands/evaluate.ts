import { basename } from "node:path";
import type { Command } from "commander";
import type { Status } from "../../shared/controls/types.ts";
import type { ArmDocument } from "../../shared/core/index.ts";
import { findingsOf } from "../../shared/engine/index.ts";
import { findingWriter } from "../../shared/report/index.ts";
import { CliError } from "../errors.ts";
import { readInputText } from "../input.ts";
import { applyFailOn, docsBaseUrl, failOnOption, formatOption, outputOption, policyFrom, policyOption, reportDestination, type ReportOptions } from "../options.ts";

/** Accepts one document, an array of them, or an ARM list body `{"value":[…]}`; checks every one before any output. */
export function parseDocuments(text: string, source: string): ArmDocument[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new CliError(`${source}: not JSON: ${(error as Error).message}`);
  }
  const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === "object" && !Array.isArray(v);
  const list = Array.isArray(parsed) ? parsed : isObject(parsed) && !("id" in parsed) && Array.isArray(parsed.value) ? parsed.value : [parsed];
  const problems: string[] = [];
  list.forEach((doc, index) => {
    if (!isObject(doc)) problems.push(`document ${index}: not a JSON object`);
    else if (typeof doc.id !== "string" || doc.id === "") problems.push(`document ${index}: missing "id" (a resource id string)`);
    else if (typeof doc.type !== "string" || doc.type === "") problems.push(`document ${index} (${doc.id}): missing "type" (an ARM resource type string)`);
  });
  if (problems.length > 0) throw new CliError(`${source}: ${problems.join("; ")}`);
  return list as ArmDocument[];
}

export function register(program: Command): void {
  program
    .command("evaluate")
    .description('evaluate ARM documents offline (a JSON object, an array, or {"value":[…]}; - reads stdin)')
    .argument("<file>", "JSON file of ARM documents, or - for standard input")
    .addOption(formatOption())
    .addOption(outputOption())
    .addOption(policyOption())
    .addOption(failOnOption())
    .action(async (file: string, options: ReportOptions) => {
      const policy = await policyFrom(options.policy);
      const docs: (ArmDocument | undefined)[] = parseDocuments(await readInputText(file), file === "-" ? "stdin" : file);
      const generatedAt = new Date();
      const destination = await reportDestination(options.output);
      const base = docsBaseUrl();
      const writer = findingWriter(options.format, destination.out, {
        generatedAt,
        ...(base ? { docsBaseUrl: base } : {}),
        ...(file === "-" ? {} : { inputFile: file }),
        extras: { source: `evaluate ${file === "-" ? "stdin" : basename(file)}`, exemptions: policy.exemptions },
      });
      const statuses = new Set<Status>();
      for (let i = 0; i < docs.length; i++) {
        const doc = docs[i]!;
        // Each document is let go once evaluated: the streamed formats then hold little more than the one at hand.
        docs[i] = undefined;
        for (const finding of findingsOf({ doc }, { policy, now: generatedAt })) {
          statuses.add(finding.status);
          await writer.add(finding);
        }
      }
      await writer.end();
      await destination.close();
      applyFailOn(statuses, options.failOn);
    });
}
