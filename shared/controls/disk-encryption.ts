/** What disk.cmk and disk.double-encryption share: reading a managed disk's encryption and setting a disk encryption set. */
import { z } from "zod";
import { isMissing, isNonEmptyString, lower, propertiesOf, setTo, unreadable, valueAt, verdict } from "./evidence.ts";
import { resourceIdParam } from "./params.ts";
import type { FixSpec, Status, Verdict } from "./types.ts";
import type { ArmDocument } from "../core/index.ts";

const TYPE = "properties.encryption.type";
const ENCRYPTION_SET = "properties.encryption.diskEncryptionSetId";

export interface DiskEncryptionCheck {
  /** Compliant `encryption.type` values. */
  accepted: readonly string[];
  /**
   * A disk that names a disk encryption set but no type takes its type from the set, which is not
   * in the document: say what that means for this control.
   */
  whenOnlyEncryptionSet: { status: Status; reason: string };
}

export function evaluateDiskEncryption(doc: ArmDocument, check: DiskEncryptionCheck): Verdict {
  const expected = check.accepted.join(" or ");
  if (!propertiesOf(doc)) return unreadable(TYPE, expected);
  const type = valueAt(doc, TYPE);
  if (isMissing(type)) {
    if (isNonEmptyString(valueAt(doc, ENCRYPTION_SET))) return verdict(check.whenOnlyEncryptionSet.status, TYPE, type, expected, check.whenOnlyEncryptionSet.reason);
    return verdict("noncompliant", TYPE, type, expected, "not set: a disk is encrypted with platform-managed keys (EncryptionAtRestWithPlatformKey) by default");
  }
  const value = lower(type);
  if (value === undefined) return verdict("unknown", TYPE, type, expected, "encryption.type is not a string");
  return verdict(check.accepted.some((accepted) => accepted.toLowerCase() === value) ? "compliant" : "noncompliant", TYPE, type, expected);
}

const fixParams = z.strictObject({
  diskEncryptionSetId: resourceIdParam("Microsoft.Compute/diskEncryptionSets", "a disk encryption set").describe(
    "The disk encryption set the fix points the disk at; its own encryption type must match the control (customer key, or platform and customer keys).",
  ),
});

/**
 * Points the disk at the disk encryption set the policy names. Disruptive: the disk must be
 * detached or its VM deallocated.
 */
export function diskEncryptionFix(type: string): FixSpec<object, z.output<typeof fixParams>> {
  return {
    safety: "disruptive",
    params: fixParams,
    plan: (doc, { diskEncryptionSetId }) => ({
      changes: [setTo(doc, "properties.encryption", { type, diskEncryptionSetId })],
      summary: `Encrypt the disk with ${type} through disk encryption set ${diskEncryptionSetId} (the disk must be detached or its VM deallocated)`,
    }),
  };
}
