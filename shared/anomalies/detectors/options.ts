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
};
