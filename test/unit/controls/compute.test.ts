import { describe, expect, it } from "vitest";
import { armFixture, catalogControl as control, evaluateAfterFix, evaluateFixture, oddDocuments, planFor } from "./arm-fixtures.ts";

const diskCmk = control("disk.cmk");
const diskDouble = control("disk.double-encryption");
const encryptionAtHost = control("vm.encryption-at-host");
const trustedLaunch = control("vm.trusted-launch");
const confidential = control("vm.confidential");

const DES = "/subscriptions/3f2a6c1e-8d4b-4a57-9a0e-2b7c9d1e5f60/resourceGroups/rg-keys/providers/Microsoft.Compute/diskEncryptionSets/des-cmk";

describe("disk.cmk", () => {
  it("accepts customer keys, alone or with platform keys", () => {
    expect(evaluateFixture(diskCmk, "compute/disk-customer-key.json").status).toBe("compliant");
    expect(evaluateFixture(diskCmk, "compute/disk-double-encryption.json").status).toBe("compliant");
  });
  it("accepts a disk that names a disk encryption set without echoing a type", () => {
    const verdict = evaluateFixture(diskCmk, "compute/disk-encryption-set-only.json");
    expect(verdict.status).toBe("compliant");
    expect(verdict.reason).toMatch(/disk encryption set/);
  });
  it("rejects platform-managed keys, set or by default", () => {
    expect(evaluateFixture(diskCmk, "compute/disk-platform-key.json").evidence).toEqual({
      path: "properties.encryption.type",
      actual: "EncryptionAtRestWithPlatformKey",
      expected: "EncryptionAtRestWithCustomerKey or EncryptionAtRestWithPlatformAndCustomerKeys",
    });
    expect(evaluateFixture(diskCmk, "compute/disk-no-encryption-block.json").status).toBe("noncompliant");
  });
  it("is a disruptive fix that needs a disk encryption set", () => {
    expect(diskCmk.fix?.safety).toBe("disruptive");
    expect(diskCmk.fix?.plan(armFixture("compute/disk-platform-key.json"), {})).toBeUndefined();
    expect(planFor(diskCmk, "compute/disk-platform-key.json", { diskEncryptionSetId: DES }).changes).toEqual([
      { path: "properties.encryption", before: { type: "EncryptionAtRestWithPlatformKey" }, after: { type: "EncryptionAtRestWithCustomerKey", diskEncryptionSetId: DES } },
    ]);
    expect(evaluateAfterFix(diskCmk, "compute/disk-platform-key.json", { diskEncryptionSetId: DES }).status).toBe("compliant");
  });
});

describe("disk.double-encryption", () => {
  it("accepts platform and customer keys together", () => {
    expect(evaluateFixture(diskDouble, "compute/disk-double-encryption.json").status).toBe("compliant");
  });
  it("rejects customer keys alone and platform keys", () => {
    expect(evaluateFixture(diskDouble, "compute/disk-customer-key.json").status).toBe("noncompliant");
    expect(evaluateFixture(diskDouble, "compute/disk-platform-key.json").status).toBe("noncompliant");
  });
  it("says unknown when only the disk encryption set could tell", () => {
    expect(evaluateFixture(diskDouble, "compute/disk-encryption-set-only.json").status).toBe("unknown");
  });
  it("plans the double-encryption type on the given set", () => {
    const params = { diskEncryptionSetId: DES.replace("des-cmk", "des-double") };
    expect(planFor(diskDouble, "compute/disk-customer-key.json", params).changes[0]?.after).toEqual({
      type: "EncryptionAtRestWithPlatformAndCustomerKeys",
      diskEncryptionSetId: params.diskEncryptionSetId,
    });
    expect(evaluateAfterFix(diskDouble, "compute/disk-customer-key.json", params).status).toBe("compliant");
  });
  it("says unknown for a type that is not a string", () => {
    const doc = armFixture("compute/disk-platform-key.json");
    expect(diskDouble.evaluate({ ...doc, properties: { encryption: { type: 3 } } }, { classification: "general" }).status).toBe("unknown");
  });
});

describe("vm.encryption-at-host", () => {
  it('accepts encryptionAtHost true, also as the string "True"', () => {
    expect(evaluateFixture(encryptionAtHost, "compute/vm-encryption-at-host.json").status).toBe("compliant");
    expect(evaluateFixture(encryptionAtHost, "compute/vm-string-flag.json").status).toBe("compliant");
  });
  it("rejects a VM without a security profile and one with the flag false", () => {
    const verdict = evaluateFixture(encryptionAtHost, "compute/vm-standard.json");
    expect(verdict.status).toBe("noncompliant");
    expect(verdict.evidence.path).toBe("properties.securityProfile.encryptionAtHost");
    expect(evaluateFixture(encryptionAtHost, "compute/vm-trusted-launch.json").status).toBe("noncompliant");
  });
  it("accepts a confidential VM whose OS disk is encrypted with its guest state and that has no data disks", () => {
    const verdict = evaluateFixture(encryptionAtHost, "compute/vm-confidential.json");
    expect(verdict.status).toBe("compliant");
    expect(verdict.evidence.actual).toBe("DiskWithVMGuestState");
  });
  it("rejects a confidential VM with data disks: confidential disk encryption covers the OS disk only", () => {
    expect(evaluateFixture(encryptionAtHost, "compute/vm-confidential-with-data-disk.json").status).toBe("noncompliant");
  });
  it("is a disruptive fix (the VM must be deallocated)", () => {
    expect(encryptionAtHost.fix?.safety).toBe("disruptive");
    expect(planFor(encryptionAtHost, "compute/vm-standard.json").changes).toEqual([{ path: "properties.securityProfile.encryptionAtHost", before: null, after: true }]);
    expect(evaluateAfterFix(encryptionAtHost, "compute/vm-confidential-with-data-disk.json").status).toBe("compliant");
  });
});

describe("vm.trusted-launch", () => {
  it("accepts Trusted Launch and confidential VMs with secure boot and vTPM", () => {
    expect(evaluateFixture(trustedLaunch, "compute/vm-trusted-launch.json").status).toBe("compliant");
    expect(evaluateFixture(trustedLaunch, "compute/vm-confidential.json").status).toBe("compliant");
  });
  it("rejects a standard VM", () => {
    expect(evaluateFixture(trustedLaunch, "compute/vm-standard.json").status).toBe("noncompliant");
    expect(evaluateFixture(trustedLaunch, "compute/vm-encryption-at-host.json").evidence.path).toBe("properties.securityProfile.securityType");
  });
  it("rejects Trusted Launch with secure boot off, naming the setting", () => {
    const verdict = evaluateFixture(trustedLaunch, "compute/vm-trusted-launch-secure-boot-off.json");
    expect(verdict.status).toBe("noncompliant");
    expect(verdict.evidence).toEqual({ path: "properties.securityProfile.uefiSettings.secureBootEnabled", actual: false, expected: "true" });
  });
  it("says unknown when the UEFI settings are not reported", () => {
    const doc = armFixture("compute/vm-trusted-launch.json");
    expect(trustedLaunch.evaluate({ ...doc, properties: { securityProfile: { securityType: "TrustedLaunch" } } }, { classification: "general" }).status).toBe("unknown");
  });
  it("has no fix", () => {
    expect(trustedLaunch.fix).toBeUndefined();
  });
});

describe("vm.confidential", () => {
  it("accepts ConfidentialVM", () => {
    expect(evaluateFixture(confidential, "compute/vm-confidential.json").status).toBe("compliant");
  });
  it("rejects Trusted Launch and standard VMs", () => {
    expect(evaluateFixture(confidential, "compute/vm-trusted-launch.json").status).toBe("noncompliant");
    expect(evaluateFixture(confidential, "compute/vm-standard.json").status).toBe("noncompliant");
  });
  it("applies from highly-confidential and cannot be fixed in place", () => {
    expect(confidential.minClassification).toBe("highly-confidential");
    expect(confidential.fix).toBeUndefined();
  });
});

describe("compute controls on odd documents", () => {
  const cases = [
    [diskCmk, "Microsoft.Compute/disks"],
    [diskDouble, "Microsoft.Compute/disks"],
    [encryptionAtHost, "Microsoft.Compute/virtualMachines"],
    [trustedLaunch, "Microsoft.Compute/virtualMachines"],
    [confidential, "Microsoft.Compute/virtualMachines"],
  ] as const;
  for (const [c, type] of cases) {
    it(`${c.id} says unknown without readable properties`, () => {
      for (const odd of oddDocuments(type)) expect(c.evaluate(odd, { classification: "general" }).status).toBe("unknown");
    });
  }
  it("a security profile of the wrong type reads as not set, without throwing", () => {
    const doc = armFixture("compute/vm-standard.json");
    const odd = { ...doc, properties: { ...doc.properties, securityProfile: "TrustedLaunch" } };
    expect(encryptionAtHost.evaluate(odd, { classification: "general" }).status).toBe("noncompliant");
    expect(trustedLaunch.evaluate(odd, { classification: "general" }).status).toBe("noncompliant");
  });
});
