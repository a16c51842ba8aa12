/**
 * Bundles the Functions app into ES modules: dist/functions/index.js (package.json `main`), which
 * registers every function, and one chunk per handler (dist/functions/chunks/), which the handler
 * imports on its first invocation, so a cold start parses what registration needs and no more.
 *
 * Everything the functions import is bundled, @azure/functions included: the package then
 * needs no node_modules, so the deployment zip stays small and a cold start resolves one file
 * instead of walking hundreds of packages. The only external is `@azure/functions-core`, which
 * is not on npm: the Node.js worker injects it when the host loads the app.
 *
 *   node scripts/build.ts
 */
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { build, type Metafile } from "esbuild";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const ENTRY = "functions/index.ts";
export const BUNDLE = "dist/functions/index.js";
export const NOTICES = "dist/functions/THIRD-PARTY-NOTICES.txt";

/** Project folders that exist for development only; a bundle that pulls one in is broken. */
const DEVELOPMENT_ONLY_FOLDERS = ["test", "emulator", "bench", "cli", "dev", "scripts", "infra", "docs"];

/**
 * The bundled CommonJS packages call require() for Node built-ins and for the worker's
 * `@azure/functions-core`; an ES module has no require of its own, so the bundle makes one.
 */
const REQUIRE_SHIM = 'import { createRequire as __createRequire } from "node:module"; const require = __createRequire(import.meta.url);';

export interface BuildResult {
  bundlePath: string;
  /** The entry module's size: what a cold start loads before the first invocation. */
  bundleBytes: number;
  /** The entry and every chunk. */
  totalBytes: number;
  /** Source files of the project in the bundle, relative to the root. */
  projectInputs: string[];
  /** npm packages in the bundle, by name. */
  packages: string[];
}

/** The npm package a bundled input comes from, e.g. `@azure/arm-storage`, or undefined for project files. */
export function packageOf(input: string): string | undefined {
  const parts = input.split(/[\\/]/);
  const at = parts.lastIndexOf("node_modules");
  if (at < 0) return undefined;
  const [scopeOrName, name] = parts.slice(at + 1);
  return scopeOrName?.startsWith("@") ? `${scopeOrName}/${name}` : scopeOrName;
}

function packageDir(input: string): string {
  const parts = input.split(/[\\/]/);
  const at = parts.lastIndexOf("node_modules");
  const length = parts[at + 1]?.startsWith("@") ? at + 3 : at + 2;
  return join(ROOT, ...parts.slice(0, length));
}

function devDependencies(): Set<string> {
  const manifest = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { devDependencies?: Record<string, string> };
  return new Set(Object.keys(manifest.devDependencies ?? {}));
}

/** Why the bundle must not ship: development-only sources or packages pulled in by an import. */
export function bundleProblems(inputs: readonly string[]): string[] {
  const dev = devDependencies();
  return inputs.flatMap((input) => {
    const name = packageOf(input);
    if (name !== undefined) return dev.has(name) ? [`${input}: ${name} is a devDependency`] : [];
    const folder = input.split(/[\\/]/)[0] ?? "";
    return DEVELOPMENT_ONLY_FOLDERS.includes(folder) ? [`${input}: ${folder}/ is development-only`] : [];
  });
}

const LICENSE_FILES = ["LICENSE", "LICENSE.md", "LICENSE.txt", "license", "LICENCE", "NOTICE"];

/** The licence text of every bundled package, which bundling would otherwise strip. */
function thirdPartyNotices(inputs: readonly string[]): string {
  const dirs = new Map<string, string>();
  for (const input of inputs) {
    const name = packageOf(input);
    if (name !== undefined && !dirs.has(name)) dirs.set(name, packageDir(input));
  }
  const sections = [...dirs]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, dir]) => {
      const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { version?: string; license?: string };
      const texts = LICENSE_FILES.flatMap((file) => {
        try {
          return [readFileSync(join(dir, file), "utf8").trim()];
        } catch {
          return [];
        }
      });
      return [`${name}@${manifest.version ?? "?"} (${manifest.license ?? "see below"})`, ...texts].join("\n\n");
    });
  return `Third-party software bundled in index.js\n\n${sections.join(`\n\n${"-".repeat(72)}\n\n`)}\n`;
}

/** Bundles the functions into `outDir` (dist/functions by default) and checks what went in. */
export async function buildBundle(outDir = join(ROOT, dirname(BUNDLE))): Promise<BuildResult> {
  const bundlePath = join(outDir, "index.js");
  // Chunk names carry hashes: last build's would linger and ship.
  rmSync(outDir, { recursive: true, force: true });
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: { index: ENTRY },
    outdir: outDir,
    splitting: true,
    chunkNames: "chunks/[name]-[hash]",
    bundle: true,
    platform: "node",
    target: "node22",
    format: "esm",
    external: ["@azure/functions-core"],
    banner: { js: REQUIRE_SHIM },
    // Halves the bundle (the typed ARM clients are most of it) and so its parse time; keepNames
    // leaves function and class names readable in the stack traces operators see.
    minify: true,
    keepNames: true,
    legalComments: "none",
    metafile: true,
    logLevel: "warning",
  });
  const metafile = result.metafile as Metafile;
  const inputs = Object.keys(metafile.inputs);
  const problems = bundleProblems(inputs);
  if (problems.length > 0) throw new Error(`the bundle includes development-only code:\n  ${problems.join("\n  ")}`);
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, "THIRD-PARTY-NOTICES.txt"), thirdPartyNotices(inputs));
  return {
    bundlePath,
    bundleBytes: statSync(bundlePath).size,
    totalBytes: Object.entries(metafile.outputs).reduce((sum, [, output]) => sum + output.bytes, 0),
    projectInputs: inputs.filter((input) => packageOf(input) === undefined).sort(),
    packages: [...new Set(inputs.map(packageOf).filter((name): name is string => name !== undefined))].sort(),
  };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const built = await buildBundle();
  console.log(
    `${relative(process.cwd(), built.bundlePath).split(sep).join("/")}: ${(built.bundleBytes / 1024).toFixed(0)} KiB, ${built.projectInputs.length} project files, ${built.packages.length} packages`,
  );
}
