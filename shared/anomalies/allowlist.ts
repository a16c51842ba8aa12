import { BUILT_IN_ALLOWLIST } from "../config/builtInAllowlist.ts";
import type { AnomalyKind, Caller } from "./types.ts";

/**
 * A caller whose key access is expected: a scanner or a backup identity. Every given field must
 * match (ids and UPNs without regard to case); `kinds` and `vault` narrow what it silences.
 * The shape matches the policy file's `anomalies.allowlist` entries.
 */
export interface AllowlistEntry {
  appid?: string;
  oid?: string;
  upn?: string;
  /** Only these kinds are silenced; all kinds when absent. */
  kinds?: readonly AnomalyKind[];
  /** Only on this vault (ARM resource id); every vault when absent. */
  vault?: string;
  reason: string;
}

/**
 * Without a policy file: Microsoft's own scanners, which read every vault's properties
 * (VaultGet) for Azure Resource Graph and Azure Policy. The policy file's built-in entries are
 * the one list of them.
 */
export const DEFAULT_ALLOWLIST: readonly AllowlistEntry[] = BUILT_IN_ALLOWLIST;

function same(expected: string | undefined, actual: string): boolean {
  return expected === undefined || expected.toLowerCase() === actual.toLowerCase();
}

export function allowlistMatch(allowlist: readonly AllowlistEntry[], caller: Caller, kind: AnomalyKind, vault: string): AllowlistEntry | undefined {
  return allowlist.find(
    (entry) =>
      (entry.appid !== undefined || entry.oid !== undefined || entry.upn !== undefined) &&
      same(entry.appid, caller.appid) &&
      same(entry.oid, caller.oid) &&
      same(entry.upn, caller.upn) &&
      same(entry.vault, vault) &&
      (entry.kinds === undefined || entry.kinds.includes(kind)),
  );
}
