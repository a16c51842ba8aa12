export const ANOMALY_KINDS = [
  "sensitive-operation",
  "volume-spike",
  "new-caller",
  "denied-burst",
  "mass-retrieval",
  "new-ip",
  "unusual-object",
  "off-hours",
  "logging-disabled",
  "key-unavailable",
] as const;
export type AnomalyKind = (typeof ANOMALY_KINDS)[number];

/** Kinds reported whoever the caller: an allowlist entry silences them only by naming them. */
export const ALWAYS_REPORTED: readonly AnomalyKind[] = ["logging-disabled"];

export const SEVERITIES = ["low", "medium", "high", "critical"] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Who made the requests, as the token's claims name them; "" where a claim was absent. */
export interface Caller {
  oid: string;
  appid: string;
  upn: string;
}

/**
 * One finding about key access, the shape the CLI prints and the sinks receive. `score` is the
 * surprise of what was seen: -log10 of its probability under the caller's own baseline, so 3
 * means "one in a thousand", whatever the detector.
 */
export interface Anomaly {
  kind: AnomalyKind;
  /** The vault's ARM resource id (lower-cased, as the logs carry it). */
  vault: string;
  caller: Caller;
  /** ISO 8601: the first and last request that make up the anomaly. */
  start: string;
  end: string;
  severity: Severity;
  score: number;
  evidence: Readonly<Record<string, unknown>>;
}

export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

export function lowerSeverity(severity: Severity): Severity {
  return SEVERITIES[Math.max(0, severityRank(severity) - 1)]!;
}
