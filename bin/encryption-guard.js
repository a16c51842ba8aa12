#!/usr/bin/env node
// Runs the TypeScript sources directly: Node strips their types (by default from 22.18), so a
// checkout needs no build step. An older Node would fail with a stack trace on the first .ts
// import; this says what to do instead.
const MINIMUM = [22, 18];
const [major, minor] = process.versions.node.split(".").map(Number);
if (major < MINIMUM[0] || (major === MINIMUM[0] && minor < MINIMUM[1])) {
  process.stderr.write(
    `encryption-guard: needs Node 22 (22.18 or later), which runs its TypeScript sources directly; this is Node ${process.versions.node}.\n` +
      "Install Node 22 LTS, or run it as npx encryption-guard in a checkout after npm ci, which brings Node 22 with it.\n",
  );
  process.exitCode = 1;
} else {
  const { main } = await import("../cli/main.ts");
  process.exitCode = await main(process.argv.slice(2));
}
