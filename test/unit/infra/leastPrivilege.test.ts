import { describe, expect, it } from "vitest";
import { remediatorActions } from "../../../scripts/build-infra.ts";
import { CATALOG, requiredFixParams } from "../../../shared/controls/index.ts";
import { RESOURCES, writerFor } from "../../../shared/resources/index.ts";
import { managementGroupDeployment, ofType, subscriptionDeployment } from "./support/deployments.ts";

const lower = (action: string) => action.toLowerCase();
const sorted = (actions: Iterable<string>) => [...new Set([...actions].map(lower))].sort();

const fixing = CATALOG.filter((control) => control.fix);
/** The fixes the default policy runs: safe ones that need no parameters from the policy. */
const byDefault = fixing.filter((control) => control.fix!.safety === "safe" && requiredFixParams(control).length === 0);
const typesOf = (controls: typeof CATALOG) => sorted(controls.flatMap((control) => control.resourceTypes));

/** Worked out here from the modules and the catalog, independently of scripts/build-infra.ts. */
function expectedRoles(): { base: string[]; optIn: string[] } {
  const reads = RESOURCES.flatMap((module) => module.readActions);
  const base = sorted([...reads, ...typesOf(byDefault).flatMap((type) => writerFor(type)?.actions ?? [])]);
  const everything = sorted(typesOf(fixing).flatMap((type) => [...(writerFor(type)?.actions ?? []), ...(writerFor(type)?.optInActions ?? [])]));
  return { base, optIn: everything.filter((action) => !base.includes(action)) };
}

type Permissions = { actions: string[]; notActions: string[]; dataActions: string[]; notDataActions: string[] };

function roles(resources: ReturnType<typeof subscriptionDeployment>) {
  return ofType(resources, "Microsoft.Authorization/roleDefinitions").map((role) => {
    const properties = role.resource.properties as { roleName: string; assignableScopes: string[]; permissions: Permissions[] };
    expect(properties.permissions).toHaveLength(1);
    return { path: role.path, name: properties.roleName, scopes: properties.assignableScopes, permissions: properties.permissions[0]! };
  });
}

const withOptIn = { grantOptInActions: true };
const allRoles = () => [...roles(subscriptionDeployment(withOptIn)), ...roles(managementGroupDeployment(withOptIn))];

describe("the remediator roles are least privilege by construction", () => {
  it("every control with a fix has a module that writes its document type", () => {
    expect(typesOf(fixing).filter((type) => writerFor(type) === undefined).map((type) => `${type}: a control can fix it, but no module writes it`)).toEqual([]);
  });

  it("build:infra derives the same two lists", () => {
    const derived = remediatorActions();
    expect({ base: sorted(derived.base), optIn: sorted(derived.optIn) }).toEqual(expectedRoles());
  });

  it("grants exactly two data actions: the modules' certificate metadata read to the base role, a key's rotation policy write (the disruptive keyvault.key-rotation fix) to the opt-in role", () => {
    const declared = sorted(RESOURCES.flatMap((module) => module.readDataActions ?? []));
    expect(declared).toEqual(["microsoft.keyvault/vaults/certificates/read"]);
    const derived = remediatorActions();
    expect(derived.baseData).toEqual(["Microsoft.KeyVault/vaults/certificates/read"]);
    expect(derived.optInData).toEqual(["Microsoft.KeyVault/vaults/keyrotationpolicies/write"]);
    for (const deployed of [roles(subscriptionDeployment(withOptIn)), roles(managementGroupDeployment(withOptIn))]) {
      expect(deployed.map((role) => role.permissions.dataActions)).toEqual([["Microsoft.KeyVault/vaults/certificates/read"], ["Microsoft.KeyVault/vaults/keyrotationpolicies/write"]]);
    }
  });

  it("holds no action or data action that reads a secret's value or exports, releases, backs up or uses key material", () => {
    const forbidden =
      /secrets\/(getsecret|backup|readmetadata)\/action|secrets\/\*|keys\/(backup|release|export|decrypt|unwrapkey|sign|encrypt|wrapkey)\/action|keys\/\*|\/listkeys\/action|\/listsecrets\/action|\*$/i;
    for (const { permissions } of allRoles()) {
      expect([...permissions.actions, ...permissions.dataActions].filter((action) => forbidden.test(action))).toEqual([]);
      // Reading certificates never reaches their private keys: that is the certificate's secret (secrets/getSecret/action).
      expect(permissions.dataActions.filter((action) => !/^Microsoft\.KeyVault\/vaults\/(keyrotationpolicies\/write|certificates\/read)$/.test(action))).toEqual([]);
    }
  });

  it("by default, one role per deployment with exactly what the default policy's fixes need: no Application Gateway join or assign, no vault, VM, disk or diagnostic-setting writes", () => {
    for (const deployed of [roles(subscriptionDeployment()), roles(managementGroupDeployment())]) {
      expect(deployed.map((role) => role.name)).toEqual([expect.stringMatching(/^Encryption Guard remediator \(/)]);
      const granted = sorted(deployed[0]!.permissions.actions);
      expect(granted).toEqual(expectedRoles().base);
      expect(granted.filter((action) => /\/(join|assign)\/action$|keyvault\/vaults\/write|virtualmachines\/write|disks\/write|diagnosticsettings\/(write|delete)|applicationgateways\/write/.test(action))).toEqual([]);
    }
  });

  it("grantOptInActions adds the opt-in role with the rest, and assigns it where the base role is assigned", () => {
    const deployed = roles(subscriptionDeployment(withOptIn));
    expect(deployed.map((role) => [role.path, role.name])).toEqual([
      ["encryption-guard > encryption-guard-remediator-role", expect.stringMatching(/^Encryption Guard remediator \(/)],
      ["encryption-guard > encryption-guard-remediator-opt-in-role", expect.stringMatching(/^Encryption Guard remediator opt-in \(/)],
    ]);
    expect(sorted(deployed[1]!.permissions.actions)).toEqual(expectedRoles().optIn);
    expect(expectedRoles().optIn).toEqual(expect.arrayContaining(["microsoft.managedidentity/userassignedidentities/assign/action", "microsoft.network/virtualnetworks/subnets/join/action"]));
    const assigned = (resources: ReturnType<typeof subscriptionDeployment>) =>
      ofType(resources, "Microsoft.Authorization/roleAssignments")
        .filter((assignment) => assignment.extends === undefined)
        .map((assignment) => (assignment.resource.properties as { roleDefinitionId: string }).roleDefinitionId.match(/(remediatorRoleDefinitionName|optInRoleDefinitionName)/)?.[1]);
    expect(assigned(subscriptionDeployment())).toEqual(["remediatorRoleDefinitionName"]);
    expect(assigned(subscriptionDeployment(withOptIn))).toEqual(["remediatorRoleDefinitionName", "optInRoleDefinitionName"]);
    expect(assigned(managementGroupDeployment(withOptIn))).toEqual(["remediatorRoleDefinitionName", "optInRoleDefinitionName", "remediatorRoleDefinitionName", "optInRoleDefinitionName"]);
  });

  it("grant no data-plane access beyond certificate metadata and the rotation policy, no wildcards, and no actions beyond the linked-access checks a write needs", () => {
    for (const { permissions } of allRoles()) {
      expect([permissions.notActions, permissions.notDataActions]).toEqual([[], []]);
      expect(permissions.actions.filter((action) => action.includes("*"))).toEqual([]);
      // ARM checks join/assign on what a write links to (a subnet, a public IP, an identity); any
      // other POST action (listKeys, regenerateKey, listSecrets...) would reach secrets.
      expect(permissions.actions.filter((action) => /\/action$/i.test(action) && !/\/(join|assign)\/action$/i.test(action))).toEqual([]);
      // A secret's ARM read is its metadata (attributes, URIs), never its value: that alone is allowed.
      expect(permissions.actions.filter((action) => /list|regenerate|secrets/i.test(action) && action.toLowerCase() !== "microsoft.keyvault/vaults/secrets/read")).toEqual([]);
    }
  });

  it("are assignable only where they are defined, and assigned at subscription scope to the service's identity in each guarded subscription", () => {
    const scopes = allRoles().map((role) => role.scopes);
    expect(scopes).toEqual([
      ["/subscriptions/00000000-0000-0000-0000-000000000000"],
      ["/subscriptions/00000000-0000-0000-0000-000000000000"],
      ["/providers/Microsoft.Management/managementGroups/platform"],
      ["/providers/Microsoft.Management/managementGroups/platform"],
    ]);
    const subscriptionWide = (resources: ReturnType<typeof subscriptionDeployment>) =>
      ofType(resources, "Microsoft.Authorization/roleAssignments")
        .filter((assignment) => assignment.extends === undefined)
        .map((assignment) => ({
          subscription: assignment.scope.subscriptionId,
          principal: (assignment.resource.properties as { principalId: string }).principalId.includes("servicePrincipalId") ? "service" : "other",
        }));
    expect(subscriptionWide(subscriptionDeployment())).toEqual([{ subscription: "00000000-0000-0000-0000-000000000000", principal: "service" }]);
    expect(subscriptionWide(managementGroupDeployment())).toEqual(["00000000-0000-0000-0000-000000000000", "11111111-1111-1111-1111-111111111111"].map((subscription) => ({ subscription, principal: "service" })));
  });

  it("scope every other role assignment to one resource and name every assignment with a deterministic GUID", () => {
    for (const assignment of ofType([...subscriptionDeployment(withOptIn), ...managementGroupDeployment(withOptIn)], "Microsoft.Authorization/roleAssignments")) {
      expect(assignment.name).toMatch(/^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\[guid\(.*\)\])$/);
      expect((assignment.resource.properties as { principalType: string }).principalType).toBe("ServicePrincipal");
      if (assignment.extends !== undefined) expect(assignment.extends).toMatch(/\/providers\/Microsoft\.[A-Za-z]+\/[A-Za-z]+\/[^/]+/);
    }
  });
});
