import type { ActivityIndex } from "../activity.ts";
import type { Anomaly, AnomalyKind } from "../types.ts";
import { detectDeniedBursts } from "./deniedBurst.ts";
import { detectMassRetrievals } from "./massRetrieval.ts";
import { detectNewCallers } from "./newCaller.ts";
import { detectNewIps } from "./newIp.ts";
import type { DetectorOptions } from "./options.ts";
import { detectSensitiveOperations } from "./sensitiveOperation.ts";
import { detectVolumeSpikes } from "./volumeSpike.ts";

export type Detector = (index: ActivityIndex, options: DetectorOptions) => Anomaly[];

export const DETECTORS: Readonly<Record<AnomalyKind, Detector>> = {
  "sensitive-operation": detectSensitiveOperations,
  "volume-spike": detectVolumeSpikes,
  "new-caller": detectNewCallers,
  "denied-burst": detectDeniedBursts,
  "mass-retrieval": detectMassRetrievals,
  "new-ip": detectNewIps,
};

export { DEFAULT_DETECTOR_OPTIONS, type DetectorOptions } from "./options.ts";
export { addressNetwork } from "./newIp.ts";
