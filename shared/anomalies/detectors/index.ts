import type { ActivityIndex } from "../activity.ts";
import type { Anomaly, AnomalyKind } from "../types.ts";
import { detectDeniedBursts } from "./deniedBurst.ts";
import { detectKeyUnavailable } from "./keyUnavailable.ts";
import { detectLoggingDisabled } from "./loggingDisabled.ts";
import { detectMassRetrievals } from "./massRetrieval.ts";
import { detectNewCallers } from "./newCaller.ts";
import { detectNewIps } from "./newIp.ts";
import { detectOffHours } from "./offHours.ts";
import type { DetectorOptions } from "./options.ts";
import { detectSensitiveOperations } from "./sensitiveOperation.ts";
import { detectUnusualObjects } from "./unusualObject.ts";
import { detectVolumeSpikes } from "./volumeSpike.ts";

export type Detector = (index: ActivityIndex, options: DetectorOptions) => Anomaly[];

export const DETECTORS: Readonly<Record<AnomalyKind, Detector>> = {
  "sensitive-operation": detectSensitiveOperations,
  "volume-spike": detectVolumeSpikes,
  "new-caller": detectNewCallers,
  "denied-burst": detectDeniedBursts,
  "mass-retrieval": detectMassRetrievals,
  "new-ip": detectNewIps,
  "unusual-object": detectUnusualObjects,
  "off-hours": detectOffHours,
  "logging-disabled": detectLoggingDisabled,
  "key-unavailable": detectKeyUnavailable,
};

export { DEFAULT_DETECTOR_OPTIONS, type DetectorOptions } from "./options.ts";
export { addressNetwork } from "./newIp.ts";
