import { spawn } from "node:child_process";
import { once } from "node:events";
import { readFileSync } from "node:fs";
import { request } from "node:https";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { describe, expect, it } from "vitest";

const BIN = join(import.meta.dirname, "../../../bin/encryption-guard.js");

function getJson(url: string, ca: string): Promise<{ status: number; body: { value?: { subscriptionId: string }[] } }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { ca, headers: { authorization: "Bearer any-token" } }, (res) => {
      let text = "";
      res.on("data", (chunk: Buffer) => (text += chunk.toString("utf8")));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("encryption-guard emulator", () => {
  it("prints {endpoint, ca, subscriptions} once ready and serves ARM over HTTPS trusted through that CA file", async () => {
    const child = spawn(process.execPath, [BIN, "emulator", "--port", "0", "--estate", "5"], { stdio: ["ignore", "pipe", "inherit"] });
    try {
      const lines = createInterface({ input: child.stdout });
      const [first] = (await once(lines, "line")) as [string];
      const ready = JSON.parse(first) as { endpoint: string; ca: string; subscriptions: string[] };
      expect(ready.endpoint).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      expect(ready.subscriptions).toHaveLength(1);
      const ca = readFileSync(ready.ca, "utf8");
      expect(ca).toContain("-----BEGIN CERTIFICATE-----");
      const listed = await getJson(`${ready.endpoint}/subscriptions?api-version=2022-12-01`, ca);
      expect(listed.status).toBe(200);
      expect(listed.body.value?.map((s) => s.subscriptionId)).toEqual(ready.subscriptions);
    } finally {
      child.kill("SIGTERM");
      await once(child, "exit");
    }
  });

  it("exits 2 with the reason for a bad --estate", async () => {
    const child = spawn(process.execPath, [BIN, "emulator", "--estate", "lots"], { stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    const [code] = (await once(child, "exit")) as [number];
    expect(code).toBe(2);
    expect(stderr).toContain("--estate must be demo, empty or a positive number");
  });
});
