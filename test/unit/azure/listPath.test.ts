import { createHttpHeaders, type PipelinePolicy, type PipelineRequest } from "@azure/core-rest-pipeline";
import { describe, expect, it } from "vitest";
import { SubscriptionClients } from "../../../shared/azure/clients.ts";
import { listDocuments } from "../../../shared/azure/index.ts";

const ENDPOINT = "https://arm.example";
const VAULT = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.DataProtection/backupVaults/bv";
const instance = (name: string) => ({ id: `${VAULT}/backupInstances/${name}`, type: "Microsoft.DataProtection/backupVaults/backupInstances", name });

/** Answers every request from a table of bodies by URL, without a network: what ARM would send. */
function answering(pages: Record<string, { status?: number; body: unknown }>, seen: string[]): PipelinePolicy {
  return {
    name: "answering",
    async sendRequest(request: PipelineRequest) {
      seen.push(request.url);
      const page = pages[request.url] ?? { status: 404, body: { error: { code: "NotFound", message: `no page ${request.url}` } } };
      return { request, status: page.status ?? 200, headers: createHttpHeaders({ "content-type": "application/json" }), bodyAsText: JSON.stringify(page.body) };
    },
  };
}

function clientsAnswering(pages: Record<string, { status?: number; body: unknown }>, seen: string[]): SubscriptionClients {
  const credential = { getToken: async () => ({ token: "token", expiresOnTimestamp: Date.now() + 3_600_000 }) };
  return new SubscriptionClients({ endpoint: ENDPOINT, credential, retry: { maxRetries: 0 }, policies: [answering(pages, seen)] }, "00000000-0000-0000-0000-000000000001");
}

async function all(clients: SubscriptionClients): Promise<string[]> {
  const names: string[] = [];
  for await (const doc of listDocuments(() => clients.listPath(`${VAULT}/backupInstances`, "2025-07-01"))) names.push(doc.name!);
  return names;
}

describe("listPath: a paged GET through the generic client's pipeline", () => {
  const first = `${ENDPOINT}${VAULT}/backupInstances?api-version=2025-07-01`;

  it("follows nextLinks on the ARM endpoint and yields every document", async () => {
    const seen: string[] = [];
    const next = `${ENDPOINT}${VAULT}/backupInstances?api-version=2025-07-01&$skiptoken=a`;
    const clients = clientsAnswering({ [first]: { body: { value: [instance("a")], nextLink: next } }, [next]: { body: { value: [instance("b")] } } }, seen);
    expect(await all(clients)).toEqual(["a", "b"]);
    expect(seen).toEqual([first, next]);
  });

  it("refuses a nextLink that leaves the ARM endpoint, so the bearer token goes nowhere else", async () => {
    const seen: string[] = [];
    const clients = clientsAnswering({ [first]: { body: { value: [instance("a")], nextLink: "https://collector.example/steal?x=1" } } }, seen);
    await expect(all(clients)).rejects.toThrow(/a nextLink outside https:\/\/arm\.example was refused/);
    expect(seen).toEqual([first]);
  });

  it("turns an ARM error into a RestError with its status and code", async () => {
    const seen: string[] = [];
    const clients = clientsAnswering({ [first]: { status: 403, body: { error: { code: "AuthorizationFailed", message: "no access" } } } }, seen);
    await expect(all(clients)).rejects.toMatchObject({ statusCode: 403, code: "AuthorizationFailed", message: "no access" });
  });
});
