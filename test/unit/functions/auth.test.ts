import { describe, expect, it } from "vitest";
import { authenticate, requireReader, requireRole, scanDryRun, type Caller } from "../../../functions/http/auth.ts";
import { RequestSlots } from "../../../functions/http/limits.ts";
import { readBoundedText } from "../../../functions/http/problem.ts";
import { ALICE, apiRequest, principalHeader, signedIn } from "../../support/principal.ts";

const caller = (request: ReturnType<typeof apiRequest>, platform: boolean): Caller => {
  const auth = authenticate(request, platform);
  if ("response" in auth) throw new Error(`not authenticated: ${JSON.stringify(auth.response.jsonBody)}`);
  return auth.caller;
};

describe("authenticate", () => {
  it("takes the platform's principal when App Service authentication is on, and records it as the actor", () => {
    const who = caller(apiRequest("POST", "remediations", { headers: signedIn(["Remediator", "Reader", "Owner"]) }), true);
    expect(who.actor).toBe(`user:${ALICE.name} (oid ${ALICE.oid})`);
    expect([...who.roles].sort()).toEqual(["Reader", "Remediator"]);
  });

  it("ignores a principal header when the platform does not say authentication is on: a function key can only read", () => {
    const forged = apiRequest("POST", "remediations", { headers: { ...signedIn(["Remediator", "Approver"]), "x-ms-client-principal-name": "admin@contoso.com" } });
    const who = caller(forged, false);
    expect(who.actor).toBe("api:function-key");
    expect([...who.roles]).toEqual(["Reader"]);
    expect(requireRole(who, "Remediator", "Applying a fix")).toMatchObject({ status: 403, jsonBody: { detail: expect.stringContaining("A function key alone never allows it") } });
    expect(requireRole(who, "Approver", "Applying a rollback")?.status).toBe(403);
  });

  it.each([
    ["no header", {}],
    ["not base64 JSON", { "x-ms-client-principal": "%%%" }],
    ["another shape", { "x-ms-client-principal": Buffer.from(JSON.stringify({ userId: "x", userRoles: ["Approver"] })).toString("base64") }],
    ["nobody named", { "x-ms-client-principal": Buffer.from(JSON.stringify({ auth_typ: "aad", claims: [{ typ: "roles", val: "Approver" }] })).toString("base64") }],
    ["an oversized header", { "x-ms-client-principal": "A".repeat(20_000) }],
  ])("answers 401 with authentication on and %s", (_what, headers) => {
    const auth = authenticate(apiRequest("GET", "findings", { headers }), true);
    expect("response" in auth && auth.response).toMatchObject({ status: 401, headers: { "content-type": "application/problem+json" } });
  });

  it("keeps outside text in the actor to one bounded line", () => {
    const header = principalHeader({ name: `eve\u202e\n${"x".repeat(500)}`, oid: ALICE.oid, roles: [] });
    const who = caller(apiRequest("GET", "findings", { headers: { "x-ms-client-principal": header } }), true);
    expect(who.actor).not.toMatch(/[\u202e\n]/);
    expect(who.actor.length).toBeLessThan(300);
    expect(requireReader(who)?.status).toBe(403);
  });
});

describe("scanDryRun", () => {
  const reader = caller(apiRequest("POST", "sweeps", { headers: signedIn(["Reader"]) }), true);
  const remediator = caller(apiRequest("POST", "sweeps", { headers: signedIn(["Remediator"]) }), true);

  it("plans for a caller who may not fix, and refuses their dryRun: false", () => {
    expect(scanDryRun(reader, undefined)).toEqual({ dryRun: true });
    expect(scanDryRun(reader, true)).toEqual({ dryRun: true });
    expect(scanDryRun(reader, false)).toMatchObject({ response: { status: 403 } });
  });

  it("leaves a Remediator's scan to the request and the deployment", () => {
    expect(scanDryRun(remediator, undefined)).toEqual({ dryRun: undefined });
    expect(scanDryRun(remediator, false)).toEqual({ dryRun: false });
  });
});

describe("request bounds", () => {
  it("refuses a declared Content-Length past the limit before reading, and a longer body when it runs past", async () => {
    const declared = apiRequest("POST", "sweeps", { body: "{}", headers: { "content-length": String(11 * 1024 * 1024) } });
    expect(await readBoundedText(declared, 1024)).toMatchObject({ response: { status: 413, jsonBody: { limit: 1024 } } });
    expect(await readBoundedText(apiRequest("POST", "sweeps", { body: "x".repeat(2048) }), 1024)).toMatchObject({ response: { status: 413 } });
    expect(await readBoundedText(apiRequest("POST", "sweeps", { body: "x".repeat(1024) }), 1024)).toEqual({ text: "x".repeat(1024) });
  });

  it("runs as many requests at once as there are slots, and answers 429 with Retry-After beyond", async () => {
    const slots = new RequestSlots(2, "scans");
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const running = [slots.run(async () => (await held, { status: 200 })), slots.run(async () => (await held, { status: 200 }))];
    const refused = await slots.run(async () => ({ status: 200 }));
    expect(refused).toMatchObject({ status: 429, headers: { "retry-after": expect.any(String), "content-type": "application/problem+json" } });
    release();
    expect((await Promise.all(running)).map((r) => r.status)).toEqual([200, 200]);
    expect((await slots.run(async () => ({ status: 200 }))).status).toBe(200);
    expect(slots.running).toBe(0);
  });
});
