/**
 * Package figures: the bundle and zip sizes, and the cold-start import time of the bundle
 * against the unbundled sources (TypeScript run by type stripping over node_modules), each
 * imported in fresh processes the way the Functions worker loads the app. Figures, not a
 * pass/fail test: the machine's load moves them, so it reports min and median of many runs.
 *
 * `functionsOnlyMs` is a fresh process importing only `@azure/functions`, the floor every v4 app
 * pays, measured the same way and alternately; `coldImportMs` is the bundle's median.
 *
 *   npm run bench:package -- [--runs 15] [--json]
 */
import { relative } from "node:path";
import { parseArgs } from "node:util";
import { BUNDLE, ENTRY, ROOT } from "../../scripts/build.ts";
import { packageApp } from "../../scripts/package.ts";
import { fileURLToPath } from "node:url";
import { importInFreshProcess } from "./freshImport.ts";

const FUNCTIONS_ONLY = fileURLToPath(new URL("./functionsOnly.ts", import.meta.url));

function summary(samples: readonly number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const round = (ms: number) => Math.round(ms);
  return { min: round(sorted[0]!), median: round(sorted[Math.floor(sorted.length / 2)]!), max: round(sorted.at(-1)!) };
}

const { values } = parseArgs({ options: { runs: { type: "string", default: "15" }, json: { type: "boolean", default: false } } });
const runs = Number(values.runs);

const packaged = await packageApp();
const bundleBytes = packaged.entries.find((entry) => entry.name === BUNDLE)!.bytes;

// Alternate the two so that a burst of load on the machine hits both alike.
const samples = { bundle: [] as number[], sources: [] as number[], functionsOnly: [] as number[] };
for (let run = 0; run < runs; run += 1) {
  samples.functionsOnly.push(importInFreshProcess(FUNCTIONS_ONLY, ROOT).importMs);
  samples.bundle.push(importInFreshProcess(BUNDLE, ROOT).importMs);
  samples.sources.push(importInFreshProcess(ENTRY, ROOT).importMs);
}
const bundle = summary(samples.bundle);
const sources = summary(samples.sources);
const functionsOnly = summary(samples.functionsOnly);

const figures = {
  node: process.version,
  runs,
  bundleBytes,
  zipBytes: packaged.zipBytes,
  zipEntries: packaged.entries.map((entry) => entry.name),
  importMs: { bundle, sources, functionsOnly },
  speedup: Number((sources.median / bundle.median).toFixed(1)),
  functionsOnlyMs: functionsOnly.median,
  coldImportMs: bundle.median,
  coldOverFunctionsOnly: Number((bundle.median / functionsOnly.median).toFixed(2)),
};

console.log(`package   ${relative(process.cwd(), packaged.zipPath)}: ${(packaged.zipBytes / 1024).toFixed(0)} KiB, ${packaged.entries.length} files`);
console.log(`bundle    ${BUNDLE}: ${(bundleBytes / 1024).toFixed(0)} KiB`);
console.log(`import    bundle  min ${bundle.min} ms, median ${bundle.median} ms, max ${bundle.max} ms (${runs} fresh processes, ${process.version})`);
console.log(`import    sources min ${sources.min} ms, median ${sources.median} ms, max ${sources.max} ms (${ENTRY} by type stripping, node_modules)`);
console.log(`          the bundle imports ${figures.speedup}x faster at the median`);
console.log(`import    @azure/functions alone median ${functionsOnly.median} ms: the bundle's cold import is ${figures.coldOverFunctionsOnly}x that`);
if (values.json) console.log(JSON.stringify(figures));
