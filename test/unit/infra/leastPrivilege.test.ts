import { describe, expect, it } from "vitest";
import { RESOURCES, writerFor } from "../../../shared/resources/index.ts";
import { CATALOG } from "../../../shared/controls/index.ts";
import { managementGroupDeployment, ofType, subscriptionDeployment } from "./support/deployments.ts";

const lower = (action: string) => action.toLowerCase();
const sorted = (actions: Iterable<string>) => [...new Set([...actions].map(lower))].sort();

/** The document types some control can fix: their writers' actions are what the role may write. */
const fixedTypes = sorted(CATALOG.filter((control) => control.fix).flatMap((control) => control.resourceTypes));

/** Exactly what the code needs: every adapter's reads, and the writes of every fixable document type. */
function requiredActions(): string[] {
  const reads = RESOURCES.flatMap((adapter) => adapter.readActions);
  const writes = fixedTypes.flatMap((type) => writerFor(type)?.actions ?? []);
  return sorted([...reads, ...writes]);
}

function roleDefinitions() {
  return [...ofType(subscriptionDeployment(), "Microsoft.Authorization/roleDefinitions"), ...ofType(managementGroupDeployment(), "Microsoft.Authorization/roleDefinitions")];
}

function permissionsOf(role: ReturnType<typeof roleDefinitions>[number]) {
  const properties = role.resource.properties as { permissions: { actions: string[]; notActions: string[]; dataActions: string[]; notDataActions: string[] }[] };
  expect(properties.permissions).toHaveLength(1);
  return properties.permissions[0]!;
}

describe("the remediator role is least privilege by construction", () => {
  it("every control with a fix has an adapter that writes its document type", () => {
    expect(fixedTypes.filter((type) => writerFor(type) === undefined).map((type) => `${type}: a control can fix it, but no adapter writes it`)).toEqual([]);
  });

  it("defines one custom role per deployment, with exactly the actions the adapters and the catalog's fixes need", () => {
    const roles = roleDefinitions();
    expect(roles.map((role) => role.path)).toEqual(["encryption-guard > encryption-guard-remediator-role", "encryption-guard > encryption-guard-remediator-role"]);
    const required = requiredActions();
    for (const role of roles) {
      const granted = sorted(permissionsOf(role).actions);
      expect({ missing: required.filter((a) => !granted.includes(a)), unneeded: granted.filter((a) => !required.includes(a)) }).toEqual({ missing: [], unneeded: [] });
    }
  });

  it("grants no data-plane access, no wildcards, and no actions beyond the linked-access checks a write needs", () => {
    for (const role of roleDefinitions()) {
      const permissions = permissionsOf(role);
      expect([permissions.dataActions, permissions.notActions, permissions.notDataActions]).toEqual([[], [], []]);
      expect(permissions.actions.filter((action) => action.includes("*"))).toEqual([]);
      // ARM checks join/assign on what a write links to (a subnet, a public IP, an identity); any
      // other POST action (listKeys, regenerateKey, listSecrets...) would reach secrets.
      expect(permissions.actions.filter((action) => /\/action$/i.test(action) && !/\/(join|assign)\/action$/i.test(action))).toEqual([]);
      expect(permissions.actions.filter((action) => /list|regenerate|secrets/i.test(action))).toEqual([]);
    }
  });

  it("is assignable only where it is defined, and assigned at subscription scope to the service's identity in each guarded subscription", () => {
    const [subscriptionRole, groupRole] = roleDefinitions();
    const assignableScopes = (role: typeof subscriptionRole) => (role!.resource.properties as { assignableScopes: string[] }).assignableScopes;
    expect(assignableScopes(subscriptionRole)).toEqual(["/subscriptions/00000000-0000-0000-0000-000000000000"]);
    expect(assignableScopes(groupRole)).toEqual(["/providers/Microsoft.Management/managementGroups/platform"]);
    const subscriptionWide = (resources: ReturnType<typeof subscriptionDeployment>) =>
      ofType(resources, "Microsoft.Authorization/roleAssignments")
        .filter((assignment) => assignment.extends === undefined)
        .map((assignment) => ({
          subscription: assignment.scope.subscriptionId,
          role: (assignment.resource.properties as { roleDefinitionId: string }).roleDefinitionId.includes("remediatorRoleDefinitionName") ? "remediator" : "other",
          principal: (assignment.resource.properties as { principalId: string }).principalId.includes("servicePrincipalId") ? "service" : "other",
        }));
    expect(subscriptionWide(subscriptionDeployment())).toEqual([{ subscription: "00000000-0000-0000-0000-000000000000", role: "remediator", principal: "service" }]);
    expect(subscriptionWide(managementGroupDeployment())).toEqual(
      ["00000000-0000-0000-0000-000000000000", "11111111-1111-1111-1111-111111111111"].map((subscription) => ({ subscription, role: "remediator", principal: "service" })),
    );
  });

  it("scopes every other role assignment to one resource and names every assignment with a deterministic GUID", () => {
    for (const assignment of ofType([...subscriptionDeployment(), ...managementGroupDeployment()], "Microsoft.Authorization/roleAssignments")) {
      expect(assignment.name).toMatch(/^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\[guid\(.*\)\])$/);
      expect((assignment.resource.properties as { principalType: string }).principalType).toBe("ServicePrincipal");
      if (assignment.extends !== undefined) expect(assignment.extends).toMatch(/\/providers\/Microsoft\.[A-Za-z]+\/[A-Za-z]+\/[^/]+/);
    }
  });
});
