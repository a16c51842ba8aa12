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
 * Microsoft first-party services that read every vault's properties (VaultGet) as part of the
 * platform: indexing for Azure Resource Graph, compliance evaluation for Azure Policy.
 */
export const DEFAULT_ALLOWLIST: readonly AllowlistEntry[] = [
  { appid: "509e4652-da8d-478d-a730-e9d4a1996ca4", reason: "Azure Resource Graph indexes every tracked resource" },
  { appid: "8cae6e77-e04e-42ce-b5cb-50d82bce26b1", reason: "Microsoft Policy Insights Provider Data Plane evaluates Azure Policy" },
  { appid: "1d78a85d-813d-46f0-b496-dd72f50a3ec0", reason: "Microsoft Azure Policy Insights evaluates Azure Policy" },
];

function same(expected: string | undefined, actual: string): boolean {
  return expected === undefined || expected.toLowerCase() === actual.toLowerCase();
}

export function allowlistMatch(
  allowlist: readonly AllowlistEntry[],
  caller: Caller,
  kind: AnomalyKind,
  vault: string,
): AllowlistEntry | undefined {
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
