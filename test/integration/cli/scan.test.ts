import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type Server, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../../emulator/index.ts";
import { CLI_BIN as BIN, runCli as run } from "../../support/cli.ts";
import { coveredEstate, ids, SUBSCRIPTION_ID } from "../../fixtures/coveredEstate.ts";

const UNKNOWN_SUBSCRIPTION = "11111111-2222-4333-8444-555555555555";

/** The same under a pseudo-terminal (script(1)), standard output to a file: what a person at a terminal sees on stderr. */
function runOnTerminal(args: string[]): Promise<{ terminal: string; stdout: string }> {
  const out = join(mkdtempSync(join(tmpdir(), "eg-tty-")), "stdout.json");
  const quote = (value: string) => `'${value.replaceAll("'", "'\\''")}'`;
  const command = `${[process.execPath, BIN, ...args].map(quote).join(" ")} > ${quote(out)}`;
  return new Promise((resolve, reject) => {
    const child = spawn("script", ["-qec", command, "/dev/null"], { env: { PATH: process.env.PATH, TERM: "dumb" }, stdio: ["ignore", "pipe", "pipe"] });
    let terminal = "";
    child.stdout.on("data", (chunk: Buffer) => (terminal += chunk.toString("utf8")));
    child.once("error", reject);
    child.once("close", () => resolve({ terminal, stdout: readFileSync(out, "utf8") }));
  });
}

describe("encryption-guard scan, against the emulator", () => {
  let emulator: RunningEmulator;
  let other: RunningEmulator;
  let policyFile: string;
  const target = () => ["--endpoint", emulator.endpoint, "--ca", emulator.caFile, "--policy", policyFile];
  const rebreak = () => emulator.write(ids.weakStorage, { properties: { minimumTlsVersion: "TLS1_0", supportsHttpsTrafficOnly: false } });

  beforeAll(async () => {
    [emulator, other] = await Promise.all([startEmulator({ subscriptions: [SUBSCRIPTION_ID], estate: coveredEstate(), throttle: false }), startEmulator({ estate: "empty" })]);
    policyFile = join(mkdtempSync(join(tmpdir(), "eg-scan-")), "policy.json");
    // The estate is small and mostly weak: let one sweep fix all of it.
    writeFileSync(policyFile, JSON.stringify({ limits: { maxSweepFixShare: 1 } }));
  });
  afterAll(async () => {
    await Promise.all([emulator?.stop(), other?.stop()]);
  });

  describe("errors that name their input", () => {
    it("a subscription ARM does not know: named, exit 2, nothing on stdout", async () => {
      const result = await run(["scan", ...target(), "--subscription", UNKNOWN_SUBSCRIPTION, "--dry-run", "--format", "json"]);
      expect(result.code).toBe(2);
      expect(result.stdout).toBe("");
      expect(result.stderr).toContain(`encryption-guard: --subscription ${UNKNOWN_SUBSCRIPTION}: not found (SubscriptionNotFound)`);
      expect(result.stderr).toContain("no subscription to scan: ARM refused every --subscription given");
      expect(result.stderr).not.toMatch(/Pagination failed/);
    });

    it("one bad subscription among good ones: the good one is scanned and written, the bad one named, exit 2", async () => {
      const result = await run(["scan", ...target(), "--subscription", UNKNOWN_SUBSCRIPTION, SUBSCRIPTION_ID, "--dry-run", "--format", "json"]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`--subscription ${UNKNOWN_SUBSCRIPTION}: not found`);
      const { findings } = JSON.parse(result.stdout);
      expect(findings.some((f: { resourceId: string }) => f.resourceId === ids.weakStorage)).toBe(true);
    });

    it("something that is not a subscription id is a usage error before any call", async () => {
      const result = await run(["scan", ...target(), "--subscription", "my-subscription"]);
      expect([result.code, result.stderr]).toEqual([2, 'encryption-guard: --subscription: expected subscription ids (GUIDs), got "my-subscription"\n']);
    });

    it("a certificate the --ca file does not vouch for names --ca; none at all says to pass one", async () => {
      const wrongCa = await run(["scan", "--endpoint", emulator.endpoint, "--ca", other.caFile, "--subscription", SUBSCRIPTION_ID, "--dry-run"]);
      expect(wrongCa.code).toBe(2);
      expect(wrongCa.stderr).toContain(`encryption-guard: the certificate of ${emulator.endpoint} is not trusted with --ca ${other.caFile} (`);
      const noCa = await run(["scan", "--endpoint", emulator.endpoint, "--credential", "emulator", "--subscription", SUBSCRIPTION_ID, "--dry-run"]);
      expect(noCa.code).toBe(2);
      expect(noCa.stderr).toContain("pass its CA with --ca FILE");
    });

    it("an endpoint that accepts connections and never answers: --timeout bounds the wait and the error names the endpoint", async () => {
      const held: Socket[] = [];
      const silent: Server = createServer((socket) => void held.push(socket));
      await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
      const endpoint = `https://127.0.0.1:${(silent.address() as { port: number }).port}`;
      try {
        const result = await run(["scan", "--endpoint", endpoint, "--credential", "emulator", "--subscription", SUBSCRIPTION_ID, "--dry-run", "--timeout", "2"]);
        expect(result.code).toBe(1);
        expect(result.stderr).toBe(`encryption-guard: no answer from ${endpoint} within 2 s (--timeout 2); check --endpoint, or allow longer\n`);
      } finally {
        for (const socket of held) socket.destroy();
        await new Promise((resolve) => silent.close(resolve));
      }
    });
  });

  describe("fixes", () => {
    it("are listed with their action ids and in --format json, the fixed findings show compliant, and the output says rollback cannot undo them without a ledger", async () => {
      rebreak();
      const result = await run(["scan", ...target(), "--subscription", SUBSCRIPTION_ID, "--format", "json"]);
      expect(result.code).toBe(0);
      const output = JSON.parse(result.stdout);
      const fix = output.fixes.find((f: { resourceId: string; controlId: string }) => f.resourceId === ids.weakStorage && f.controlId === "storage.min-tls");
      expect(fix).toMatchObject({
        actionId: expect.stringMatching(/^[0-9a-f-]{36}$/),
        status: "applied",
        recorded: false,
        changes: [{ path: "properties.minimumTlsVersion", before: "TLS1_0", after: "TLS1_2" }],
      });
      const finding = output.findings.find((f: { resourceId: string; controlId: string }) => f.resourceId === ids.weakStorage && f.controlId === "storage.min-tls");
      expect(finding).toMatchObject({ status: "compliant", evidence: { actual: "TLS1_2" }, reason: `fixed by action ${fix.actionId}` });
      expect(result.stderr).toContain(`storage.min-tls  Set minimumTlsVersion to TLS1_2  applied  action ${fix.actionId}`);
      expect(result.stderr).toContain("These fixes are not recorded in a ledger, so encryption-guard rollback cannot undo them. Set GUARD_STORAGE (or --storage) and GUARD_LEDGER_KEYS to record them");
    });

    it("the table lists them after the findings and no longer shows a fixed row as noncompliant … remediate", async () => {
      rebreak();
      const result = await run(["scan", ...target(), "--subscription", SUBSCRIPTION_ID, "--quiet"]);
      expect(result.code).toBe(0);
      const rows = result.stdout.split("\n").filter((line) => line.includes("stweak") && line.includes("storage.min-tls"));
      expect(rows.filter((line) => line.includes("noncompliant"))).toEqual([]);
      expect(rows.some((line) => /compliant .*fixed by action [0-9a-f-]{36}/.test(line))).toBe(true);
      expect(result.stdout).toMatch(/\nFixes \(\d+\):\n(.+\n)* {2}stweak {2}storage\.min-tls {2}Set minimumTlsVersion to TLS1_2 {2}applied {2}action [0-9a-f-]{36}\n/);
    });

    it("with GUARD_STORAGE they are recorded in the sealed ledger, and encryption-guard rollback plans, then applies the reviewed plan", async () => {
      rebreak();
      const env = {
        GUARD_STORAGE: inject("azuriteConnectionString"),
        GUARD_TABLE_PREFIX: `t${randomBytes(5).toString("hex")}`,
        GUARD_LEDGER_KEYS: randomBytes(32).toString("base64"),
      };
      const { GUARD_LEDGER_KEYS: _keys, ...withoutKeys } = env;
      const unsealed = await run(["scan", ...target(), "--subscription", SUBSCRIPTION_ID, "--format", "json"], withoutKeys);
      expect(unsealed).toMatchObject({ code: 2, stdout: "" });
      expect(unsealed.stderr).toContain("set GUARD_LEDGER_KEYS");
      const result = await run(["scan", ...target(), "--subscription", SUBSCRIPTION_ID, "--format", "json"], env);
      expect(result.code).toBe(0);
      const fix = JSON.parse(result.stdout).fixes.find((f: { resourceId: string; controlId: string }) => f.resourceId === ids.weakStorage && f.controlId === "storage.min-tls");
      expect(fix).toMatchObject({ status: "applied", recorded: true });
      expect(result.stderr).toContain("Recorded in the ledger (tables ");
      const rollback = ["rollback", fix.actionId, "--endpoint", emulator.endpoint, "--ca", emulator.caFile, "--credential", "emulator", "--format", "json"];
      const plan = await run(rollback, env);
      expect(plan.stderr).toBe("");
      expect(plan.code).toBe(0);
      const planned = JSON.parse(plan.stdout);
      expect(planned.action).toMatchObject({ kind: "rollback", rollbackOf: fix.actionId, status: "planned" });
      expect((emulator.store.get(ids.weakStorage)!.properties as { minimumTlsVersion: string }).minimumTlsVersion).toBe("TLS1_2");
      const undo = await run([...rollback, "--apply", "--reason", "a client still speaks TLS 1.0", "--digest", planned.review.digest], env);
      expect(undo.code).toBe(0);
      expect(JSON.parse(undo.stdout).action).toMatchObject({ kind: "rollback", rollbackOf: fix.actionId, status: "applied" });
      expect((emulator.store.get(ids.weakStorage)!.properties as { minimumTlsVersion: string }).minimumTlsVersion).toBe("TLS1_0");
    });
  });

  describe("progress", () => {
    it("is drawn on a terminal's stderr, never on stdout, and --quiet turns it off", async () => {
      const args = ["scan", ...target(), "--subscription", SUBSCRIPTION_ID, "--dry-run", "--format", "json"];
      const shown = await runOnTerminal(args);
      expect(shown.terminal).toMatch(/\rscan: \d+ resources · (\d+(\.\d)?\/s · )?listing \d+ of \d+: Microsoft\.\w+\/\w+/);
      expect(JSON.parse(shown.stdout).findings.length).toBeGreaterThan(0);
      expect(shown.stdout).not.toContain("scan:");
      const quiet = await runOnTerminal([...args, "--quiet"]);
      expect(quiet.terminal).not.toContain("scan:");
      // Not a terminal (a pipeline): nothing drawn.
      expect((await run(args)).stderr).not.toContain("scan:");
    });
  });
});
