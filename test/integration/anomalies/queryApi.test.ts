import { request } from "node:https";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../../emulator/index.ts";
import { keyAccessQuery } from "../../../shared/anomalies/index.ts";

const WORKSPACE = "7a1b2c3d-0000-4000-8000-00000000f002";
let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator();
  emulator.logAnalytics.addRows(WORKSPACE, "AZKVAuditLogs", []);
});
afterAll(async () => {
  await emulator.stop();
});

function post(path: string, body: unknown, authorization: string | null = "Bearer token"): Promise<{ status: number; headers: Record<string, unknown>; body: unknown }> {
  return new Promise((resolve, reject) => {
    const url = new URL(path, emulator.endpoint);
    const req = request(url, { method: "POST", ca: emulator.ca, headers: { "content-type": "application/json", ...(authorization ? { authorization } : {}) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: JSON.parse(Buffer.concat(chunks).toString("utf8")) }));
    });
    req.on("error", reject);
    req.end(typeof body === "string" ? body : JSON.stringify(body));
  });
}

describe("the emulator's Log Analytics query API", () => {
  it("answers the key access query with the documented table shape", async () => {
    const answer = await post(`/v1/workspaces/${WORKSPACE}/query`, { query: keyAccessQuery("AZKVAuditLogs"), timespan: "PT1H" });
    expect(answer.status).toBe(200);
    expect(answer.headers["content-type"]).toMatch(/^application\/json/);
    expect(answer.body).toEqual({
      tables: [
        {
          name: "PrimaryResult",
          columns: expect.arrayContaining([
            { name: "Hour", type: "datetime" },
            { name: "Count", type: "long" },
          ]),
          rows: [],
        },
      ],
    });
  });

  it.each([
    ["no bearer token", `/v1/workspaces/${WORKSPACE}/query`, { query: "x" }, null, 401, "AuthorizationRequiredError"],
    ["an unknown workspace", "/v1/workspaces/00000000-0000-0000-0000-000000000000/query", { query: "x" }, "Bearer t", 404, "WorkspaceNotFoundError"],
    ["a body without a query", `/v1/workspaces/${WORKSPACE}/query`, { timespan: "PT1H" }, "Bearer t", 400, "BadArgumentError"],
    ["a body that is not JSON", `/v1/workspaces/${WORKSPACE}/query`, "{", "Bearer t", 400, "BadArgumentError"],
    ["a query it does not serve", `/v1/workspaces/${WORKSPACE}/query`, { query: "AZKVAuditLogs | take 1" }, "Bearer t", 400, "BadArgumentError"],
    ["a table the workspace never received", `/v1/workspaces/${WORKSPACE}/query`, { query: keyAccessQuery("AzureDiagnostics") }, "Bearer t", 400, "BadArgumentError"],
    ["a bad timespan", `/v1/workspaces/${WORKSPACE}/query`, { query: keyAccessQuery("AZKVAuditLogs"), timespan: "soon" }, "Bearer t", 400, "BadArgumentError"],
  ])("answers %s with a JSON error", async (_what, path, body, authorization, status, code) => {
    const answer = await post(path, body, authorization);
    expect(answer.status).toBe(status);
    expect(answer.body).toMatchObject({ error: { code, message: expect.any(String) } });
  });
});
