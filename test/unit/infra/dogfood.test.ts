import { describe, expect, it } from "vitest";
import { DEFAULT_POLICY } from "../../../shared/config/policy.ts";
import { CATALOG, CLASSIFICATION_LEVELS } from "../../../shared/controls/index.ts";
import type { Classification, Finding } from "../../../shared/controls/types.ts";
import { evaluateDocument } from "../../../shared/engine/evaluate.ts";
import { KeyBook } from "../../../shared/engine/keyBindings.ts";
import type { DeclaredResource } from "./support/deployment.ts";
import { managementGroupDeployment, subscriptionDeployment } from "./support/deployments.ts";
import type { ArmDocument } from "../../../shared/core/index.ts";

/** The key the collector attaches a vault's diagnostic settings under, as the controls read them. */
const DIAGNOSTIC_SETTINGS = "diagnosticSettings";

/**
 * The ARM documents the service would read back after the deployment: one per deployed
 * resource, with extension resources attached where the collector attaches them.
 */
function armDocuments(resources: readonly DeclaredResource[]): ArmDocument[] {
  const documents = resources
    .filter((resource) => resource.extends === undefined && resource.type !== "Microsoft.Resources/deployments")
    .map((resource): ArmDocument => {
      const { location, tags, properties, kind, identity, sku } = resource.resource as Partial<ArmDocument>;
      return { id: resource.id, type: resource.type, name: resource.name.split("/").at(-1)!, location, tags, properties, kind, identity, sku };
    });
  for (const vault of documents.filter((doc) => doc.type === "Microsoft.KeyVault/vaults")) {
    vault[DIAGNOSTIC_SETTINGS] = resources
      .filter((resource) => resource.type === "Microsoft.Insights/diagnosticSettings" && resource.extends?.toLowerCase() === vault.id.toLowerCase())
      .map((setting) => ({ id: setting.id, type: setting.type, name: setting.name, properties: setting.resource.properties }));
  }
  return documents;
}

function findingsOf(resources: readonly DeclaredResource[]): Finding[] {
  const docs = armDocuments(resources);
  // The ledger's key is judged with the storage account that uses it, as `evaluate` judges an input.
  const keys = new KeyBook(docs);
  return docs.flatMap((doc) => evaluateDocument(keys.inputFor(doc), { policy: DEFAULT_POLICY }).map((evaluation) => evaluation.finding));
}

/**
 * The one finding the service's own deployment keeps on purpose: its ledger key's vault sits in the
 * service's resource group beside the ledger (one resource group per deployment; docs/operations.md,
 * "Key lifecycle"). A policy that wants them apart sets cmk.key-separation to `off` for the service
 * or deploys the vault elsewhere.
 */
const KEPT = "cmk.key-separation";

const failures = (findings: readonly Finding[]) =>
  findings.filter((f) => f.status !== "compliant" && f.status !== "not-applicable" && f.controlId !== KEPT).map((f) => `${f.controlId} ${f.status} on ${f.resourceId}: ${f.evidence.path}=${JSON.stringify(f.evidence.actual)} (expected ${f.evidence.expected})`);

const levelOf = (classification: Classification) => CLASSIFICATION_LEVELS.indexOf(classification);

describe("the service passes its own controls (dog-fooding)", () => {
  it.each(["confidential", "highly-confidential"] as const)("every resource of the subscription deployment passes every control that applies at %s", (classification) => {
    const resources = subscriptionDeployment({ dataClassification: classification });
    const findings = findingsOf(resources);
    expect(failures(findings)).toEqual([]);

    // Every control for a deployed type ran, and each one that applies at this level passed.
    const deployedTypes = new Set(resources.map((resource) => resource.type.toLowerCase()));
    const relevant = CATALOG.filter((control) => control.id !== KEPT && control.resourceTypes.some((type) => deployedTypes.has(type.toLowerCase())));
    expect(findings.filter((f) => f.controlId === KEPT).map((f) => f.status)).toEqual(["noncompliant"]);
    const outcome = (id: string) => [...new Set(findings.filter((f) => f.controlId === id).map((f) => f.status))];
    expect(Object.fromEntries(relevant.map((control) => [control.id, outcome(control.id)]))).toEqual(
      Object.fromEntries(relevant.map((control) => [control.id, [levelOf(control.minClassification) <= levelOf(classification) ? "compliant" : "not-applicable"]])),
    );
    expect(relevant.map((control) => control.id).sort()).toEqual(
      expect.arrayContaining(["appservice.ftps", "appservice.https-only", "appservice.min-tls", "keyvault.network", "storage.cmk", "storage.https-only", "storage.min-tls"]),
    );
  });

  it("encrypts the ledger with its own customer-managed key rather than exempting storage.cmk", () => {
    const findings = findingsOf(subscriptionDeployment());
    const ledger = findings.filter((f) => f.controlId === "storage.cmk");
    expect(ledger.map((f) => [f.classification, f.status, f.evidence.actual])).toEqual([["confidential", "compliant", "Microsoft.Keyvault"]]);
    expect(findings.filter((f) => f.status === "exempt")).toEqual([]);
  });

  it("labels every resource it creates with its data classification, never below confidential", () => {
    for (const classification of ["confidential", "highly-confidential"] as const) {
      const tagged = subscriptionDeployment({ dataClassification: classification }).filter((resource) => "tags" in resource.resource);
      expect(tagged.length).toBeGreaterThan(10);
      expect(tagged.filter((resource) => (resource.resource.tags as Record<string, string>)["data-classification"] !== classification).map((r) => r.id)).toEqual([]);
    }
    expect(() => subscriptionDeployment({ dataClassification: "general" })).toThrow(/dataClassification="general" is not one of/);
  });

  it("passes in every subscription of the management-group deployment too", () => {
    expect(failures(findingsOf(managementGroupDeployment()))).toEqual([]);
  });
});
