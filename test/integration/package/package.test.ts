import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { type ImportRun, importInFreshProcess } from "../../../bench/package/freshImport.ts";
import { BUNDLE, bundleProblems, ENTRY, ROOT } from "../../../scripts/build.ts";
import { packageApp, type PackageResult } from "../../../scripts/package.ts";
import { readZip } from "../../unit/infra/support/zipReader.ts";
import { sourceTemplates } from "../../unit/infra/support/templates.ts";

const workDir = mkdtempSync(join(tmpdir(), "encryption-guard-package-"));
let packaged: PackageResult;
let fromPackage: ImportRun;
let fromSources: ImportRun;

beforeAll(async () => {
  packaged = await packageApp({ policyPath: join(ROOT, "examples/encryption-guard.policy.yaml"), outFile: join(workDir, "released-package.zip") });
  // Run the package as Azure does: extracted on its own, with no node_modules beside it.
  const appRoot = join(workDir, "wwwroot");
  for (const entry of readZip(readFileSync(packaged.zipPath))) {
    mkdirSync(dirname(join(appRoot, entry.name)), { recursive: true });
    writeFileSync(join(appRoot, entry.name), entry.data);
  }
  fromPackage = importInFreshProcess(BUNDLE, appRoot);
  fromSources = importInFreshProcess(ENTRY, ROOT);
}, 180_000);

describe("npm run package", () => {
  it("zips host.json, package.json, the bundle and its handler chunks with their licence notices, the control pages tickets quote, and the validated policy", () => {
    const controlPages = readdirSync(join(ROOT, "docs/controls")).map((page) => `docs/controls/${page}`);
    const names = packaged.entries.map((entry) => entry.name);
    const chunks = names.filter((name) => /^dist\/functions\/chunks\/[\w-]+\.js$/.test(name));
    // Each handler is a chunk of its own, loaded on its first invocation.
    for (const handler of ["resourceChanged", "worker", "sweepTimer", "keyAccess", "clients"])
      expect(
        chunks.some((name) => name.includes(`/${handler}-`)),
        handler,
      ).toBe(true);
    expect(names).toEqual(["dist/functions/THIRD-PARTY-NOTICES.txt", "dist/functions/index.js", ...chunks, ...controlPages, "host.json", "package.json", "policy/encryption-guard.policy.yaml"].sort());
    expect(packaged.policyFile).toBe("policy/encryption-guard.policy.yaml");
    const manifest = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { main: string; type: string };
    expect([manifest.main, manifest.type]).toEqual([BUNDLE, "module"]);
  });

  it("runs from the extracted package alone and registers exactly the functions the sources register", () => {
    expect(fromPackage.registered.length).toBeGreaterThanOrEqual(3);
    expect(fromPackage.registered).toEqual(fromSources.registered);
  });

  it("registers the Event Grid function the template subscribes to", () => {
    const service = sourceTemplates().find((file) => file.file === "src/modules/service.json")!.template;
    const subscribed = (service.variables as Record<string, string>).resourceChangedFunctionName;
    expect(fromPackage.registered).toContainEqual({ name: subscribed, trigger: "eventGridTrigger" });
  });

  it("refuses a policy file with problems before anything is deployed", async () => {
    const badPolicy = join(workDir, "bad.policy.yaml");
    writeFileSync(badPolicy, "defaultMode: fix\n");
    await expect(packageApp({ policyPath: badPolicy, outFile: join(workDir, "bad.zip") })).rejects.toThrow(/defaultMode/);
  });
});

describe("the bundle guard", () => {
  it("rejects development-only sources and devDependencies pulled in by an import", () => {
    expect(
      bundleProblems([
        "shared/engine/evaluate.ts",
        "emulator/index.ts",
        "dev/emulatorCredential.ts",
        "test/fixtures/x.ts",
        "node_modules/vitest/dist/index.js",
        "node_modules/@azure/arm-storage/dist/esm/index.js",
        "node_modules/.pnpm/node_modules/azurite/dist/index.js",
      ]),
    ).toEqual([
      "emulator/index.ts: emulator/ is development-only",
      "dev/emulatorCredential.ts: dev/ is development-only",
      "test/fixtures/x.ts: test/ is development-only",
      "node_modules/vitest/dist/index.js: vitest is a devDependency",
      "node_modules/.pnpm/node_modules/azurite/dist/index.js: azurite is a devDependency",
    ]);
  });
});
