/**
 * The detectors' knobs. Each is a statistical level or a minimum amount of evidence, not a
 * rate fitted to one estate: the expected levels come from each caller's own baseline.
 */
export interface DetectorOptions {
  /**
   * Chance, per analysis, of any false volume-spike or denied-burst if traffic followed its
   * model; split across all the hours tested (Bonferroni), so more callers do not mean more noise.
   */
  familywiseAlpha: number;
  /** Fewest requests in an hour that can be a volume spike: below it, nobody needs paging. */
  minSpikeCount: number;
  /** A spike must be at least this many times the expected hourly count ("far above"). */
  spikeFold: number;
  /** Fewest 401/403 responses in an hour that make a burst. */
  minDenied: number;
  /** Fewest distinct objects read after a list that make a mass retrieval. */
  minObjects: number;
  /** A mass retrieval reads at least this many times the most the caller ever read after a list. */
  massFold: number;
  /** Largest Good-Turing chance of a new address at which a new one still counts as unusual. */
  newIpAlpha: number;
  /** Hours of history a vault or a caller needs before novelty and volume are judged. */
  minHistoryHours: number;
  /** Share of the highest baseline hours left out of the expected level and spread. */
  trimFraction: number;
  /** Fewest objects new to a caller, read without a list, that make an unusual-object... */
  minNewObjects: number;
  /** ...spread over at least this many hours ("persistently", not one burst). */
  minNewObjectHours: number;
  /** Hours either side of a worked hour that still count as the person's usual hours. */
  workedHoursMargin: number;
  /** Fewest distinct days a person's baseline must show before its hours are judged. */
  minWorkedDays: number;
  /** A person whose usual hours cover this share of the week is on call: no hour is off-hours for them. */
  onCallCoverage: number;
  /** Fewest failed crypto operations in an hour that make a key unavailable ("in bulk")... */
  minFailedCrypto: number;
  /** ...when they are at least this share of the caller's crypto operations in those hours. */
  unavailableShare: number;
}

export const DEFAULT_DETECTOR_OPTIONS: DetectorOptions = {
  familywiseAlpha: 0.01,
  minSpikeCount: 20,
  spikeFold: 3,
  minDenied: 10,
  minObjects: 10,
  massFold: 2,
  newIpAlpha: 0.02,
  minHistoryHours: 72,
  trimFraction: 0.1,
  minNewObjects: 4,
  minNewObjectHours: 3,
  workedHoursMargin: 2,
  minWorkedDays: 3,
  onCallCoverage: 0.5,
  minFailedCrypto: 20,
  unavailableShare: 0.5,
};
