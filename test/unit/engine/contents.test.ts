import { describe, expect, it } from "vitest";
import { DEFAULT_POLICY, parsePolicy } from "../../../shared/config/index.ts";
import { classifyByContents } from "../../../shared/engine/contents.ts";
import { evaluateDocument } from "../../../shared/engine/index.ts";
import type { ArmDocument, HeldResources } from "../../../shared/core/index.ts";

const RG = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-backup/providers";
const VM = `${RG}/Microsoft.Compute/virtualMachines/vm-sql-01`;
const DISK = `${RG}/Microsoft.Compute/disks/disk-01`;
const NOW = new Date("2026-05-01T12:00:00Z");

const held = (resources: HeldResources["resources"], unread?: string): HeldResources => ({ source: "protected items", resources, ...(unread ? { unread } : {}) });

describe("classification from what a resource holds", () => {
  it("takes the highest level among the held resources when it is above the resource's own, and names them", () => {
    const contents = held([
      { id: DISK, tags: { "data-classification": "confidential" } },
      { id: VM, tags: { "Data-Classification": "Highly-Confidential" } },
    ]);
    expect(classifyByContents("general", contents, DEFAULT_POLICY)).toEqual({
      classification: "highly-confidential",
      classifiedBy: { source: "protected items", resources: [VM] },
    });
  });

  it("keeps the resource's own level when nothing held is higher, and says the own tag gave it", () => {
    expect(classifyByContents("confidential", held([{ id: DISK, tags: { "data-classification": "public" } }]), DEFAULT_POLICY)).toEqual({
      classification: "confidential",
      classifiedBy: { source: "own tag" },
    });
  });

  it("counts an untagged held resource at the policy's default level, and skips those whose tags could not be read", () => {
    const policy = parsePolicy(JSON.stringify({ classification: { defaultLevel: "confidential" } }), "policy");
    const contents = held(
      [
        { id: DISK, tags: {} },
        { id: VM, tags: null },
      ],
      "the tags of 1 resource could not be read",
    );
    expect(classifyByContents("public", contents, policy)).toEqual({
      classification: "confidential",
      classifiedBy: { source: "protected items", resources: [DISK], unread: "the tags of 1 resource could not be read" },
    });
    expect(classifyByContents("public", held([{ id: VM, tags: null }], "x"), DEFAULT_POLICY)).toEqual({ classification: "public", classifiedBy: { source: "own tag", unread: "x" } });
  });

  it("reads the policy's own tag name and aliases", () => {
    const policy = parsePolicy(JSON.stringify({ classification: { tagName: "sensitivity", aliases: { secret: "highly-confidential" } } }), "policy");
    expect(classifyByContents("general", held([{ id: VM, tags: { Sensitivity: "Secret" } }]), policy).classification).toBe("highly-confidential");
  });

  it("explains nothing for a resource that holds nothing (an exported document evaluated offline)", () => {
    expect(classifyByContents("confidential", undefined, DEFAULT_POLICY)).toEqual({ classification: "confidential" });
  });

  it("holds a general-tagged vault that protects highly confidential data to highly confidential controls, and says so in the evidence", () => {
    const vault: ArmDocument = {
      id: `${RG}/Microsoft.RecoveryServices/vaults/rsv-legacy`,
      type: "Microsoft.RecoveryServices/vaults",
      tags: { "data-classification": "general" },
      properties: { provisioningState: "Succeeded" },
    };
    const findings = evaluateDocument({ doc: vault, contents: held([{ id: VM, tags: { "data-classification": "highly-confidential" } }]) }, { policy: DEFAULT_POLICY, now: NOW }).map((e) => e.finding);
    expect(findings.map((f) => [f.controlId, f.status, f.classification])).toEqual([
      ["backup.cmk", "noncompliant", "highly-confidential"],
      ["backup.infrastructure-encryption", "noncompliant", "highly-confidential"],
    ]);
    expect(findings[0]?.evidence.classifiedBy).toEqual({ source: "protected items", resources: [VM] });
    const byOwnTag = evaluateDocument({ doc: vault }, { policy: DEFAULT_POLICY, now: NOW }).map((e) => [e.finding.status, e.finding.evidence.classifiedBy]);
    expect(byOwnTag).toEqual([
      ["not-applicable", undefined],
      ["not-applicable", undefined],
    ]);
  });
});
