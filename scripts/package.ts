/**
 * Builds the bundle and writes the run-from-package zip the Flex Consumption plan deploys
 * (it expects the name released-package.zip). The zip holds what .funcignore keeps, plus the
 * policy file given with --policy, validated first and placed at policy/<file name>: the
 * value of the template's policyFile parameter.
 *
 *   node scripts/package.ts [--policy encryption-guard.policy.yaml] [--out dist/released-package.zip]
 */
import { mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { parsePolicy } from "../shared/config/policy.ts";
import { buildBundle, ROOT } from "./build.ts";
import { readIgnoreRules, selectFiles } from "./packageFiles.ts";
import { createZip, type ZipEntry } from "./packageZip.ts";

export const PACKAGE = "dist/released-package.zip";
export const POLICY_DIR = "policy";

export interface PackageResult {
  zipPath: string;
  zipBytes: number;
  entries: { name: string; bytes: number }[];
  /** The policyFile parameter value for the template, when a policy was packaged. */
  policyFile?: string;
}

function readPolicy(path: string): ZipEntry {
  const text = readFileSync(path, "utf8");
  // A bad policy fails here, with every problem, rather than at the first invocation in Azure.
  parsePolicy(text, path);
  return { name: `${POLICY_DIR}/${basename(path)}`, data: Buffer.from(text) };
}

export async function packageApp(options: { policyPath?: string; outFile?: string } = {}): Promise<PackageResult> {
  const policy = options.policyPath === undefined ? undefined : readPolicy(options.policyPath);
  await buildBundle();
  const files = selectFiles(ROOT, readIgnoreRules(ROOT));
  const manifest = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { main?: string };
  const missing = ["host.json", "package.json", manifest.main ?? "(package.json has no main)"].filter((required) => !files.includes(required));
  if (missing.length > 0) throw new Error(`.funcignore leaves out what the host needs: ${missing.join(", ")}`);

  const entries: ZipEntry[] = files.map((name) => ({ name, data: readFileSync(join(ROOT, name)) }));
  if (policy) entries.push(policy);

  const zipPath = resolve(ROOT, options.outFile ?? PACKAGE);
  mkdirSync(dirname(zipPath), { recursive: true });
  writeFileSync(zipPath, createZip(entries));
  return {
    zipPath,
    zipBytes: statSync(zipPath).size,
    entries: entries.map((entry) => ({ name: entry.name, bytes: entry.data.length })),
    ...(policy ? { policyFile: policy.name } : {}),
  };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { policy: { type: "string" }, out: { type: "string" } } });
  const result = await packageApp({ ...(values.policy ? { policyPath: values.policy } : {}), ...(values.out ? { outFile: values.out } : {}) });
  const unpacked = result.entries.reduce((sum, entry) => sum + entry.bytes, 0);
  for (const entry of result.entries) console.log(`  ${entry.name} (${(entry.bytes / 1024).toFixed(0)} KiB)`);
  console.log(`${relative(process.cwd(), result.zipPath)}: ${(result.zipBytes / 1024).toFixed(0)} KiB (${(unpacked / 1024).toFixed(0)} KiB unpacked)`);
  if (result.policyFile) console.log(`deploy with the parameter policyFile=${result.policyFile}`);
}
