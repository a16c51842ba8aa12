import type { Anomaly, AnomalyKind } from "../../shared/anomalies/index.ts";
import type { Decoy, Incident } from "./estate.ts";

const HOUR = 3_600_000;

export interface KindScore {
  incidents: number;
  detected: number;
  detections: number;
  truePositives: number;
}

/** How detections are keyed: object id, else app id, else (token-less) the address. */
export function detectionCallerKey(anomaly: Anomaly): string {
  if (anomaly.caller.oid || anomaly.caller.appid) return anomaly.caller.oid || anomaly.caller.appid;
  const addresses = anomaly.evidence.addresses;
  return Array.isArray(addresses) && typeof addresses[0] === "string" ? `anonymous@${addresses[0]}` : "anonymous";
}

function overlaps(anomaly: Anomaly, incident: Incident): boolean {
  // An hour of slack either side: aggregates are hourly.
  return Date.parse(anomaly.start) < incident.end + HOUR && Date.parse(anomaly.end) >= incident.start - HOUR;
}

function sameSubject(anomaly: Anomaly, incident: Incident): boolean {
  return anomaly.vault === incident.vault && detectionCallerKey(anomaly) === incident.callerKey && overlaps(anomaly, incident);
}

/**
 * Scores one window. A detection is a true positive when an incident of the same vault and
 * caller, overlapping in time, raises its kind (as its own kind or one its events also raise);
 * an incident counts as detected when a detection of its own kind matches it.
 */
export function scoreWindow(
  anomalies: readonly Anomaly[],
  incidentsInWindow: readonly Incident[],
  allIncidents: readonly Incident[],
  scores: Map<AnomalyKind, KindScore>,
  falsePositives: Anomaly[],
  missed: Incident[],
): void {
  const score = (kind: AnomalyKind) => {
    let entry = scores.get(kind);
    if (!entry) scores.set(kind, (entry = { incidents: 0, detected: 0, detections: 0, truePositives: 0 }));
    return entry;
  };
  for (const incident of incidentsInWindow) {
    const entry = score(incident.kind);
    entry.incidents += 1;
    if (anomalies.some((anomaly) => anomaly.kind === incident.kind && sameSubject(anomaly, incident))) entry.detected += 1;
    else missed.push(incident);
  }
  for (const anomaly of anomalies) {
    const entry = score(anomaly.kind);
    entry.detections += 1;
    const explained = allIncidents.some((incident) => (incident.kind === anomaly.kind || incident.alsoRaises.includes(anomaly.kind)) && sameSubject(anomaly, incident));
    if (explained) entry.truePositives += 1;
    else falsePositives.push(anomaly);
  }
}

/** Detections of a decoy's kind on the decoy's caller (and vault): each is a false positive the decoy was there to provoke. */
export function decoyDetections(anomalies: readonly Anomaly[], decoy: Decoy): Anomaly[] {
  return anomalies.filter((anomaly) => anomaly.kind === decoy.kind && detectionCallerKey(anomaly) === decoy.callerKey && (decoy.vault === undefined || anomaly.vault === decoy.vault));
}
