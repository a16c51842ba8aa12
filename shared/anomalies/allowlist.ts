import { BUILT_IN_ALLOWLIST } from "../config/builtInAllowlist.ts";
import { ALWAYS_REPORTED, type AnomalyKind, type Caller } from "./types.ts";

/** Names a caller: every given field must match (ids and UPNs without regard to case). */
export interface CallerMatcher {
  appid?: string;
  oid?: string;
  upn?: string;
}

/**
 * A caller whose key access is expected: a scanner or a backup identity. `kinds` and `vault`
 * narrow what it silences. The shape matches the policy file's `anomalies.allowlist` entries.
 */
export interface AllowlistEntry extends CallerMatcher {
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

export function matchesCaller(matcher: CallerMatcher, caller: Caller): boolean {
  return (matcher.appid !== undefined || matcher.oid !== undefined || matcher.upn !== undefined) && same(matcher.appid, caller.appid) && same(matcher.oid, caller.oid) && same(matcher.upn, caller.upn);
}

/**
 * The entry that silences this anomaly, if any. Kinds that are always reported (a switched-off
 * audit log) are silenced only by an entry that names them: an entry written for a scanner's
 * reads must not hide its identity turning logging off.
 */
export function allowlistMatch(allowlist: readonly AllowlistEntry[], caller: Caller, kind: AnomalyKind, vault: string): AllowlistEntry | undefined {
  return allowlist.find((entry) => matchesCaller(entry, caller) && same(entry.vault, vault) && (entry.kinds === undefined ? !ALWAYS_REPORTED.includes(kind) : entry.kinds.includes(kind)));
}
