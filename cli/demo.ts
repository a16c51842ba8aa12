import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import azureFunctions from "@azure/functions";
import type { EventGridEvent } from "@azure/functions";
import { startEmulator, type RunningEmulator } from "../emulator/index.ts";
import { resourceChangedHandler } from "../functions/resourceChanged.ts";
import { ArmClients } from "../shared/azure/clients.ts";
import { EmulatorCredential } from "../shared/azure/credential.ts";
import { DEFAULT_POLICY } from "../shared/config/policy.ts";
import { parseSettings } from "../shared/config/settings.ts";
import type { Finding } from "../shared/controls/types.ts";
import { renderTable, summaryLine } from "../shared/report/index.ts";
import { MemoryRecorder, type ActionRecord } from "../shared/store/index.ts";
import { silentLogger, sweep, type GuardRuntime } from "../shared/workflow/index.ts";

// @azure/functions is CommonJS, so Node cannot bind its named exports in an ES module.
const { InvocationContext } = azureFunctions;

/** The identity the demo's service acts as; the emulator stamps it on the events our writes raise. */
export const DEMO_SERVICE_APPID = "e6c0a4f5-9d1b-4c52-8f2a-5a1e0b7d3c11";
const DEMO_USER_APPID = "04b07795-8ddb-461a-bbee-02f9e1bf7b46";

const out = (text = "") => process.stdout.write(`${text}\n`);
const name = (id: string) => id.split("/").filter(Boolean).slice(-1)[0] ?? id;

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** A local Event Grid webhook that hands each delivered event to the resourceChanged function. */
async function startWebhook(runtime: GuardRuntime, seen: EventGridEvent[]): Promise<{ url: string; server: Server }> {
  const settings = parseSettings({});
  const handler = resourceChangedHandler(async (context) => ({ ...runtime, logger: context, settings }));
  const server = createServer(async (request, response) => {
    const events = JSON.parse(await readBody(request)) as EventGridEvent[];
    for (const event of events) {
      seen.push(event);
      await handler(event, new InvocationContext({ functionName: "resourceChanged", invocationId: event.id, logHandler: () => {} }));
    }
    response.writeHead(200).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/events`, server };
}

function requestCounts(emulator: RunningEmulator) {
  const counts = { GET: 0, PUT: 0, PATCH: 0, POST: 0, DELETE: 0, throttled: 0 };
  for (const r of emulator.requests) {
    if (r.method in counts) counts[r.method as keyof typeof counts] += 1;
    if (r.status === 429) counts.throttled += 1;
  }
  return counts;
}

function actionRows(actions: readonly ActionRecord[]): string[][] {
  return actions.map((a) => [name(a.resourceId), a.controlId, a.fix?.summary ?? "", a.status]);
}

function ticketRows(findings: readonly Finding[], actions: readonly ActionRecord[]): string[][] {
  return actions
    .filter((a) => a.kind === "ticket")
    .map((a) => {
      const f = findings.find((x) => x.resourceId === a.resourceId && x.controlId === a.controlId) ?? a.finding;
      return [name(a.resourceId), a.controlId, f.severity, f.reason ?? `expected ${f.evidence.expected}`];
    });
}

/**
 * The main job on the embedded default: an emulated subscription with a demo estate, a sweep
 * that fixes what is safe and lists what needs a ticket, then a resource turned insecure
 * again and the Event Grid event that brings it back.
 */
export async function runDemo(): Promise<void> {
  const started = performance.now();
  const emulator = await startEmulator({ estate: "demo" });
  const webhook = { server: undefined as Server | undefined };
  try {
    const recorder = new MemoryRecorder();
    const runtime: GuardRuntime = {
      clients: new ArmClients({ endpoint: emulator.endpoint, ca: emulator.ca, credential: new EmulatorCredential({ appid: DEMO_SERVICE_APPID }), retry: { retryDelayInMs: 200 } }),
      policy: DEFAULT_POLICY,
      recorder,
      logger: silentLogger,
      actor: DEMO_SERVICE_APPID,
    };
    const delivered: EventGridEvent[] = [];
    const hook = await startWebhook(runtime, delivered);
    webhook.server = hook.server;
    emulator.webhooks.add(hook.url);
    const [subscriptionId] = emulator.subscriptions as [string];

    out(`Encryption Guard demo: ARM emulator at ${emulator.endpoint}, subscription ${subscriptionId}`);
    out();
    out("1. Sweep: evaluate every resource, fix what is safe, ticket the rest");
    const result = await sweep(runtime, [subscriptionId], { concurrency: 4 });
    const noncompliant = result.findings.filter((f) => f.status === "noncompliant");
    out(`   ${result.resources} resources, ${summaryLine(result.findings)}`);
    out();
    const fixes = result.actions.filter((a) => a.kind === "remediation");
    out(`   Fixed (${fixes.filter((a) => a.status === "applied").length} applied and confirmed by a re-read):`);
    out(indent(renderTable(actionRows(fixes), ["resource", "control", "change", "outcome"])));
    out(`   Needs a ticket (${result.actions.filter((a) => a.kind === "ticket").length}: disruptive, irreversible or impossible in place):`);
    out(indent(renderTable(ticketRows(result.findings, result.actions), ["resource", "control", "severity", "why"])));

    const writes = () => {
      const c = requestCounts(emulator);
      return c.PUT + c.PATCH + c.POST;
    };
    const sweepWrites = writes();
    await emulator.flushEvents();
    const writesAfterSweep = requestCounts(emulator);
    const extraWrites = writes() - sweepWrites;
    out(
      `   The ${fixes.filter((a) => a.status === "applied").length} fixes went out as ${sweepWrites} ARM writes (batched per resource); their ${delivered.length} events were re-evaluated ` +
        (extraWrites === 0 ? "and found compliant: no second write." : `and caused ${extraWrites} more writes.`),
    );
    out();

    const drifted = result.findings.find((f) => f.controlId === "storage.min-tls" && f.decision === "remediate") ?? noncompliant.find((f) => f.decision === "remediate");
    if (drifted) {
      out(`2. Drift: someone sets ${name(drifted.resourceId)} back to an insecure value`);
      const before = delivered.length;
      const insecure = drifted.controlId === "storage.min-tls" ? { minimumTlsVersion: "TLS1_0" } : {};
      emulator.write(drifted.resourceId, { properties: insecure }, { appid: DEMO_USER_APPID });
      await emulator.flushEvents();
      const event = delivered[before];
      if (event) out(`   Event Grid delivered ${event.eventType} for ${name(event.subject)} (caller appid ${(event.data as { claims?: { appid?: string } }).claims?.appid})`);
      const fix = [...recorder.actions.values()].filter((a) => a.resourceId.toLowerCase() === drifted.resourceId.toLowerCase() && a.kind === "remediation").pop();
      out(`   resourceChanged re-read it and ${fix ? `${fix.status === "applied" ? "fixed it" : fix.status}: ${fix.fix?.summary}` : "found nothing to do"}`);
      out();
    }

    const counts = requestCounts(emulator);
    out("Summary");
    out(`   resources ${result.resources}; findings ${result.findings.length} (${noncompliant.length} non-compliant before fixes)`);
    out(`   fixes applied ${[...recorder.actions.values()].filter((a) => a.status === "applied").length}; tickets ${result.actions.filter((a) => a.kind === "ticket").length}; errors ${result.errors.length}`);
    out(`   ARM requests: ${counts.GET} GET, ${counts.PUT} PUT, ${counts.PATCH} PATCH, ${counts.POST} POST (${counts.throttled} throttled); sweep alone ${writesAfterSweep.GET} GET`);
    out(`   wall time ${((performance.now() - started) / 1000).toFixed(2)} s`);
    for (const { resourceId, error } of result.errors) out(`   error: ${resourceId}: ${error}`);
  } finally {
    webhook.server?.close();
    await emulator.stop();
  }
}

function indent(text: string): string {
  return text
    .trimEnd()
    .split("\n")
    .map((line) => `   ${line}`)
    .join("\n");
}
