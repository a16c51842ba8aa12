import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import SwaggerParser from "@apidevtools/swagger-parser";
import type { HttpRequest, HttpResponseInit } from "@azure/functions";
import Ajv2020 from "ajv/dist/2020.js";
import ajvFormats from "ajv-formats";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getActionHandler, rollbackHandler } from "../../../functions/actions.ts";
import { legacyScanHandler, legacyScansHandler } from "../../../functions/deprecatedRoutes.ts";
import { clearExceptionHandler } from "../../../functions/exceptions.ts";
import { findingsHandler } from "../../../functions/findings.ts";
import type { RuntimeFactory } from "../../../functions/hostRuntime.ts";
import { API_BODY_LIMIT } from "../../../functions/http/problem.ts";
import { synchronousWork } from "../../../functions/http/limits.ts";
import { remediationsHandler } from "../../../functions/remediations.ts";
import { scanResourceHandler } from "../../../functions/scanResource.ts";
import { sweepsHandler } from "../../../functions/sweeps.ts";
import type { RollbackOutcome } from "../../../shared/workflow/index.ts";
import { coveredEstate, ids, SUBSCRIPTION_ID } from "../../fixtures/coveredEstate.ts";
import { context, PLATFORM_AUTHENTICATION, startGuardStack, type GuardStack } from "../../setup/stack.ts";
import { apiRequest, signedIn } from "../../support/principal.ts";

const ROOT = join(import.meta.dirname, "../../..");
const SPEC = JSON.parse(readFileSync(join(ROOT, "docs/openapi.json"), "utf8"));
const OUTSIDE = "11111111-2222-4333-8444-555555555555";

type Schema = Record<string, unknown>;
interface Operation {
  responses: Record<string, { content?: Record<string, { schema: Schema }>; headers?: Record<string, unknown> }>;
}

const ajv = new Ajv2020.default({ allErrors: true, strict: false });
ajvFormats.default(ajv);

/** The routes the function app registers (app.http in functions/), as method and OpenAPI path. */
function registeredRoutes(): string[] {
  return readdirSync(join(ROOT, "functions"))
    .filter((file) => file.endsWith(".ts"))
    .flatMap((file) => [...readFileSync(join(ROOT, "functions", file), "utf8").matchAll(/app\.http\(\s*"\w+",\s*\{\s*methods:\s*\[([^\]]+)\][^}]*?route:\s*"([^"]+)"/g)])
    .flatMap(([, methods, route]) => methods!.split(",").map((m) => `${JSON.parse(m.trim()).toLowerCase()} /api/${route}`))
    .sort();
}

describe("docs/openapi.json, the API's description", () => {
  let api: { paths: Record<string, Record<string, Operation>> };
  let stack: GuardStack;
  let factory: RuntimeFactory;

  beforeAll(async () => {
    // A well-formed OpenAPI 3.1 document, checked against the specification's schema, with every $ref resolved.
    api = (await SwaggerParser.validate(structuredClone(SPEC))) as unknown as typeof api;
    // As in Azure: App Service authentication in front, the function authorizing from the principal's app roles.
    stack = await startGuardStack({ emulator: { estate: coveredEstate(), subscriptions: [SUBSCRIPTION_ID] }, env: PLATFORM_AUTHENTICATION });
    factory = stack.factory;
  });
  afterAll(() => stack?.stop());

  /** The response is one the description declares for that route: its status, its headers, its media type, a body its schema accepts. */
  function conforms(method: string, path: string, response: HttpResponseInit): void {
    const operation = api.paths[path]?.[method];
    expect(operation, `${method} ${path} is described`).toBeDefined();
    const declared = operation!.responses[String(response.status)];
    expect(declared, `${method} ${path} declares ${response.status}`).toBeDefined();
    const headers = Object.fromEntries(Object.entries((response.headers as Record<string, string> | undefined) ?? {}).map(([name, value]) => [name.toLowerCase(), value]));
    for (const name of Object.keys(declared!.headers ?? {})) expect(headers[name.toLowerCase()], `${method} ${path} ${response.status} sends ${name}`).toBeDefined();
    if (!declared!.content) return;
    // The host sends a jsonBody without a content-type header as application/json.
    const contentType = headers["content-type"] ?? "application/json";
    const media = declared!.content[contentType];
    expect(media, `${method} ${path} ${response.status} is ${Object.keys(declared!.content).join(" or ")}, got ${contentType}`).toBeDefined();
    const validate = ajv.compile(media!.schema);
    const body = JSON.parse(JSON.stringify(response.jsonBody ?? null));
    expect(validate(body) ? [] : validate.errors, `${method} ${path} ${response.status}`).toEqual([]);
  }

  type Handler = (factory: RuntimeFactory) => (request: HttpRequest, ctx: ReturnType<typeof context>) => Promise<HttpResponseInit>;
  /** A request App Service authentication let through for a person holding these app roles (none: no principal at all). */
  const call = (handler: Handler, method: string, route: string, options: { body?: unknown; params?: Record<string, string>; roles?: string[]; headers?: Record<string, string> } = {}) => {
    const { roles, headers = {}, ...rest } = options;
    return handler(factory)(apiRequest(method, route, { ...rest, headers: { ...(roles ? signedIn(roles) : {}), ...headers } }), context("api"));
  };
  const READER = ["Reader"];

  it("describes exactly the routes the function app registers", () => {
    const described = Object.entries(api.paths)
      .flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method} ${path}`))
      .sort();
    expect(described).toEqual(registeredRoutes());
  });

  it("fails a response the description does not allow (the check can fail)", () => {
    expect(() => conforms("post", "/api/scan-resource", { status: 200, jsonBody: { findings: [{ resourceId: 1 }] } })).toThrow();
    expect(() => conforms("post", "/api/scan-resource", { status: 418, jsonBody: {} })).toThrow(/declares 418/);
    const busy = { status: 429, headers: { "content-type": "application/problem+json" }, jsonBody: { type: "about:blank", title: "Too many requests", status: 429, detail: "d", limit: 4 } };
    expect(() => conforms("post", "/api/scan-resource", busy)).toThrow(/sends Retry-After/);
  });

  it("matches what scan-resource answers: a plan, bad ids and types, a missing resource, no principal, a missing role, out of scope, too large, too busy", async () => {
    const scan = (body: unknown, options: { roles?: string[]; headers?: Record<string, string> } = { roles: READER }) => call(scanResourceHandler, "POST", "scan-resource", { body, ...options });
    const planned = await scan({ resourceId: ids.weakStorage, dryRun: true });
    expect(planned.status).toBe(200);
    conforms("post", "/api/scan-resource", planned);
    const answers = [
      await scan({ resourceId: 1 }),
      await scan({ resourceId: `/subscriptions/${SUBSCRIPTION_ID}/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v` }),
      await scan({ resourceId: ids.weakStorage.replace("stweak", "stnone") }),
      await scan({ resourceId: ids.weakStorage.replace(SUBSCRIPTION_ID, OUTSIDE) }),
      await scan({ resourceId: ids.weakStorage, dryRun: false }),
      await scan({ resourceId: ids.weakStorage }, {}),
      await scan("x".repeat(API_BODY_LIMIT + 1)),
    ];
    expect(answers.map((answer) => answer.status)).toEqual([400, 400, 404, 403, 403, 401, 413]);
    for (const answer of answers) conforms("post", "/api/scan-resource", answer);

    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const holders = Array.from({ length: 4 }, () => synchronousWork.run(async () => (await held, { status: 200 })));
    const busy = await scan({ resourceId: ids.weakStorage, dryRun: true });
    release();
    await Promise.all(holders);
    expect(busy.status).toBe(429);
    conforms("post", "/api/scan-resource", busy);
  });

  it("matches what findings, remediations, actions, the reviewed rollback and clearing its exception answer", async () => {
    const list = (query: string, signedIn = true) => call(findingsHandler, "GET", `findings?${query}`, signedIn ? { roles: READER } : {});
    const listed = [await list("limit=5&code=key"), await list("status=broken"), await list(`subscription=${OUTSIDE}`), await list("limit=5", false)];
    expect(listed.map((answer) => answer.status)).toEqual([200, 400, 403, 401]);
    for (const answer of listed) conforms("get", "/api/findings", answer);

    const remediate = (body: unknown, roles = ["Remediator"]) => call(remediationsHandler, "POST", "remediations", { body, roles });
    const applied = await remediate({ resourceId: ids.weakStorage, controlId: "storage.min-tls", dryRun: false });
    expect(applied.status).toBe(200);
    conforms("post", "/api/remediations", applied);
    for (const answer of [
      await remediate({ resourceId: ids.goodStorage, controlId: "storage.min-tls" }),
      await remediate({ resourceId: ids.weakStorage, controlId: "nope" }),
      await remediate({ resourceId: ids.weakStorage, controlId: "storage.min-tls", dryRun: false }, READER),
    ]) {
      conforms("post", "/api/remediations", answer);
    }

    const actionId = (applied.jsonBody as { action: { id: string } }).action.id;
    const getAction = (id: string) => call(getActionHandler, "GET", `actions/${id}`, { params: { id }, roles: READER });
    for (const id of [actionId, "not-a-guid", "3f9c2a10-0000-4000-8000-00000000ffff"]) conforms("get", "/api/actions/{id}", await getAction(id));

    const rollback = (roles: string[], body?: unknown) => call(rollbackHandler, "POST", `actions/${actionId}/rollback`, { params: { id: actionId }, roles, ...(body === undefined ? {} : { body }) });
    const plan = await rollback(READER);
    expect(plan.status).toBe(200);
    conforms("post", "/api/actions/{id}/rollback", plan);
    const { digest } = (plan.jsonBody as RollbackOutcome).review;
    const refused = [
      await rollback(READER, { dryRun: false, reason: "a client still speaks TLS 1.0", digest }),
      await rollback(["Approver"], { dryRun: false, digest }),
      await rollback(["Approver"], { dryRun: false, reason: "a client still speaks TLS 1.0", digest: "0".repeat(64) }),
    ];
    expect(refused.map((answer) => answer.status)).toEqual([403, 400, 412]);
    for (const answer of refused) conforms("post", "/api/actions/{id}/rollback", answer);
    const rolledBack = await rollback(["Approver"], { dryRun: false, reason: "a client still speaks TLS 1.0", digest, exceptionDays: 7 });
    expect(rolledBack.status).toBe(200);
    expect(rolledBack.jsonBody).toMatchObject({ action: { status: "applied" }, exception: { kind: "rollback" } });
    conforms("post", "/api/actions/{id}/rollback", rolledBack);
    conforms("post", "/api/actions/{id}/rollback", await rollback(READER));

    const clear = (roles: string[]) =>
      call(clearExceptionHandler, "POST", "exceptions/clear", { body: { resourceId: ids.weakStorage, controlId: "storage.min-tls", reason: "client upgraded" }, roles });
    const clearing = [await clear(READER), await clear(["Approver"]), await clear(["Approver"])];
    expect(clearing.map((answer) => answer.status)).toEqual([403, 200, 404]);
    for (const answer of clearing) conforms("post", "/api/exceptions/clear", answer);
  });

  it("matches what sweeps and the deprecated routes answer", async () => {
    const sweep = (body: unknown, roles = READER) => call(sweepsHandler, "POST", "sweeps", { body, roles });
    for (const answer of [
      await sweep({ scope: `/subscriptions/${SUBSCRIPTION_ID}`, dryRun: true }),
      await sweep({ scope: ids.weakStorage, dryRun: true }),
      await sweep({ scope: "nope" }),
      await sweep({ scope: `/subscriptions/${SUBSCRIPTION_ID}`, dryRun: false }),
    ]) {
      conforms("post", "/api/sweeps", answer);
    }
    conforms("post", "/api/scans", await call(legacyScansHandler, "POST", "scans", { body: { scope: `/subscriptions/${SUBSCRIPTION_ID}`, dryRun: true }, roles: READER }));
    conforms("post", "/api/scan", await call(legacyScanHandler, "POST", "scan", { body: { resourceId: ids.weakStorage, dryRun: true }, roles: READER }));
    await stack.drain();
  });
});
