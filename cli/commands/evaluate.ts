import { basename } from "node:path";
import type { Command } from "commander";
import type { ArmDocument } from "../../shared/core/index.ts";
import { checkDocument, findingsOf, KeyBook } from "../../shared/engine/index.ts";
import { fromAzCertificate } from "../../shared/resources/index.ts";
import { findingWriter, type UnevaluatedDocument } from "../../shared/report/index.ts";
import { CliError } from "../errors.ts";
import { readInputText } from "../input.ts";
import { addGateOptions, docsBaseUrl, FailOnGate, formatOption, outputOption, policyFrom, policyOption, quietOption, reportDestination, type ReportOptions } from "../options.ts";
import { startProgress } from "../progress.ts";
import { examples } from "./help.ts";

/**
 * Accepts one document, an array of them, or an ARM list body `{"value":[…]}`; checks every one
 * before any output. A Key Vault certificate as `az keyvault certificate show` prints it (its id
 * a vault URL, no ARM type) becomes the certificate document the controls judge.
 */
export function parseDocuments(text: string, source: string): ArmDocument[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new CliError(`${source}: not JSON: ${(error as Error).message}`);
  }
  const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === "object" && !Array.isArray(v);
  const given: unknown[] = Array.isArray(parsed) ? parsed : isObject(parsed) && !("id" in parsed) && Array.isArray(parsed.value) ? parsed.value : [parsed];
  const list = given.map((doc) => fromAzCertificate(doc) ?? doc);
  const problems: string[] = [];
  list.forEach((doc, index) => {
    if (!isObject(doc)) problems.push(`document ${index}: not a JSON object`);
    else if (typeof doc.id !== "string" || doc.id === "") problems.push(`document ${index}: missing "id" (a resource id string)`);
    else if (typeof doc.type !== "string" || doc.type === "") problems.push(`document ${index} (${doc.id}): missing "type" (an ARM resource type string)`);
  });
  if (problems.length > 0) throw new CliError(`${source}: ${problems.join("; ")}`);
  return list as ArmDocument[];
}

/** What is wrong (or only not covered) among the documents, on standard error: the wrong ones each, the uncovered ones counted by type. */
function reportUnevaluated(unevaluated: readonly UnevaluatedDocument[], source: string): void {
  const wrong = unevaluated.filter((u) => u.problem !== "not-covered");
  for (const u of wrong.slice(0, 20)) process.stderr.write(`encryption-guard: ${source}: document ${u.index} (${u.resourceId}) was not evaluated: ${u.message}\n`);
  if (wrong.length > 20) process.stderr.write(`encryption-guard: ${source}: and ${wrong.length - 20} more documents were not evaluated (--format json lists them all)\n`);
  const uncovered = new Map<string, number>();
  for (const u of unevaluated.filter((u) => u.problem === "not-covered")) uncovered.set(u.type, (uncovered.get(u.type) ?? 0) + 1);
  if (uncovered.size > 0) {
    const types = [...uncovered].map(([type, n]) => `${type} (${n})`).join(", ");
    process.stderr.write(`encryption-guard: ${source}: no control covers ${[...uncovered.values()].reduce((a, b) => a + b, 0)} document(s) of these types: ${types}\n`);
  }
}

export function register(program: Command): void {
  const command = program
    .command("evaluate")
    .description('evaluate ARM documents offline (a JSON object, an array, or {"value":[…]}; - reads stdin)')
    .argument("<file>", "JSON file of ARM documents (UTF-8, or UTF-16 with a byte order mark), or - for standard input")
    .addOption(formatOption())
    .addOption(outputOption())
    .addOption(policyOption())
    .addOption(quietOption());
  addGateOptions(command)
    .addHelpText(
      "after",
      examples([
        ["evaluate the examples, most severe problems first", "encryption-guard evaluate examples/resources.json"],
        ["a pipeline gate on high and critical findings", "encryption-guard evaluate --fail-on noncompliant --severity high estate.json"],
        ["SARIF for GitHub code scanning", "encryption-guard evaluate --format sarif --output guard.sarif estate.json"],
        ["documents from the Azure CLI", "az storage account list -o json | encryption-guard evaluate --format json -"],
        ["a Key Vault certificate as the Azure CLI prints it", "az keyvault certificate show --vault-name kv-apps --name www -o json | encryption-guard evaluate -"],
      ]),
    )
    .action(async (file: string, options: ReportOptions) => {
      const policy = await policyFrom(options.policy);
      const source = file === "-" ? "stdin" : file;
      const reading = startProgress("evaluate", "MB", { quiet: options.quiet });
      const docs: (ArmDocument | undefined)[] = parseDocuments(await readInputText(file, { progress: reading }), source);
      reading.finish();
      const generatedAt = new Date();
      const unevaluated: UnevaluatedDocument[] = [];
      const gate = new FailOnGate(options);
      docs.forEach((doc, index) => {
        const problem = checkDocument(doc!);
        if (problem) unevaluated.push({ index, resourceId: doc!.id, type: doc!.type, problem: problem.kind, message: problem.message });
        // A wrong document is not judged: what its findings said would be about another resource or type.
        if (problem?.wrong) {
          gate.wrongInput();
          docs[index] = undefined;
        }
      });
      reportUnevaluated(unevaluated, source);
      // Bindings are judged with the key documents of the same input; keys with the resources that use them.
      const keys = new KeyBook(docs);
      const destination = await reportDestination(options.output);
      const base = docsBaseUrl();
      const writer = findingWriter(options.format, destination.out, {
        generatedAt,
        ...(base ? { docsBaseUrl: base } : {}),
        ...(file === "-" ? {} : { inputFile: file }),
        extras: { source: `evaluate ${file === "-" ? "stdin" : basename(file)}`, exemptions: policy.exemptions },
        unevaluated,
      });
      // A progress line would interleave with a format that streams to the same terminal.
      const streamsToTerminal = !options.output && process.stdout.isTTY && ["json", "csv", "sarif"].includes(options.format);
      const progress = startProgress("evaluate", "documents", { quiet: options.quiet || streamsToTerminal });
      for (let i = 0; i < docs.length; i++) {
        const doc = docs[i];
        // Each document is let go once evaluated: the streamed formats then hold little more than the one at hand.
        docs[i] = undefined;
        for (const finding of doc ? findingsOf(keys.inputFor(doc), { policy, now: generatedAt }) : []) {
          gate.see(finding);
          await writer.add(finding);
        }
        progress.update(i + 1, docs.length);
      }
      progress.finish();
      await writer.end();
      await destination.close();
      gate.apply();
    });
}
