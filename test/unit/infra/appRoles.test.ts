import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ROLES } from "../../../functions/http/auth.ts";

const appRoles = JSON.parse(readFileSync(new URL("../../../infra/appRoles.json", import.meta.url), "utf8")) as { value: string; id: string; allowedMemberTypes: string[]; isEnabled: boolean; description: string }[];

describe("infra/appRoles.json, the API app registration's roles (az ad app create --app-roles)", () => {
  it("declares exactly the roles the functions authorize with, enabled, for people and applications", () => {
    expect(appRoles.map((role) => role.value)).toEqual([...ROLES]);
    for (const role of appRoles) expect(role).toMatchObject({ isEnabled: true, allowedMemberTypes: ["User", "Application"], description: expect.any(String) });
  });

  it("gives each role a stable, distinct id (Entra ID keys assignments by it)", () => {
    const ids = appRoles.map((role) => role.id);
    expect(ids.every((id) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
