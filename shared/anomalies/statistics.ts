/**
 * The few distributions the detectors need, written out because they are small and must be
 * exact in the far tail, where an anomaly's p-value lives. Tail functions return natural
 * logarithms so that p-values far below 1e-300 still order correctly.
 */

const LANCZOS = [676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];

export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  const z = x - 1;
  let sum = 0.99999999999980993;
  for (let i = 0; i < LANCZOS.length; i++) sum += LANCZOS[i]! / (z + i + 1);
  const t = z + LANCZOS.length - 0.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

const EPSILON = 1e-14;
const TINY = 1e-300;
const MAX_ITERATIONS = 500;

/** Continued fraction of the incomplete beta function (modified Lentz). */
function betaContinuedFraction(a: number, b: number, x: number): number {
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= MAX_ITERATIONS; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPSILON) break;
  }
  return h;
}

/** ln of the regularized incomplete beta function I_x(a, b). */
export function logRegularizedBeta(x: number, a: number, b: number): number {
  if (x <= 0) return Number.NEGATIVE_INFINITY;
  if (x >= 1) return 0;
  const logFront = logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log1p(-x);
  if (x < (a + 1) / (a + b + 2)) return logFront + Math.log(betaContinuedFraction(a, b, x)) - Math.log(a);
  const complement = Math.exp(logFront + Math.log(betaContinuedFraction(b, a, 1 - x)) - Math.log(b));
  return Math.log1p(-Math.min(complement, 1));
}

/** ln of the regularized lower incomplete gamma function P(a, x). */
export function logRegularizedGammaP(a: number, x: number): number {
  if (x <= 0) return Number.NEGATIVE_INFINITY;
  const logFront = -x + a * Math.log(x) - logGamma(a);
  if (x < a + 1) {
    // Series.
    let term = 1 / a;
    let sum = term;
    for (let n = 1; n <= MAX_ITERATIONS; n++) {
      term *= x / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * EPSILON) break;
    }
    return logFront + Math.log(sum);
  }
  // Continued fraction for Q(a, x), then P = 1 - Q.
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i <= MAX_ITERATIONS; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPSILON) break;
  }
  return Math.log1p(-Math.min(Math.exp(logFront) * h, 1));
}

/** ln P(X >= k) for X ~ Poisson(mean). */
export function logPoissonUpperTail(k: number, mean: number): number {
  if (k <= 0) return 0;
  if (mean <= 0) return Number.NEGATIVE_INFINITY;
  return logRegularizedGammaP(k, mean);
}

/**
 * ln P(X >= k) for a count with the given mean and variance: negative binomial when the
 * variance exceeds the mean (overdispersed, as real traffic is), Poisson otherwise.
 */
export function logCountUpperTail(k: number, mean: number, variance: number): number {
  if (k <= 0) return 0;
  if (mean <= 0) return Number.NEGATIVE_INFINITY;
  if (variance <= mean * (1 + 1e-9)) return logPoissonUpperTail(k, mean);
  const size = (mean * mean) / (variance - mean);
  const success = size / (size + mean);
  // P(X >= k) = I_{1-p}(k, r) for the number of failures before the r-th success.
  return logRegularizedBeta(1 - success, k, size);
}

/** -log10 of a probability given as its natural logarithm, the detectors' score scale. */
export function surprise(logProbability: number): number {
  if (logProbability === Number.NEGATIVE_INFINITY) return 300;
  return Math.min(300, Math.max(0, -logProbability / Math.LN10));
}

export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  const position = (sorted.length - 1) * q;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  const low = sorted[lower]!;
  return low + (sorted[upper]! - low) * (position - lower);
}

export function median(values: readonly number[]): number {
  return quantile(
    [...values].sort((a, b) => a - b),
    0.5,
  );
}

export interface Moments {
  mean: number;
  variance: number;
  /** How many values the moments were computed from, after trimming. */
  n: number;
}

/**
 * Mean and variance after dropping the largest `trimFraction` of the values (at least one once
 * there are ten): a past incident left in the baseline cannot then mask the next one, while the
 * zeros and bursts of a sparse caller still shape the spread, which median and MAD would not.
 */
export function upperTrimmedMoments(values: readonly number[], trimFraction: number): Moments {
  const sorted = [...values].sort((a, b) => a - b);
  const drop = sorted.length >= 10 ? Math.max(1, Math.floor(sorted.length * trimFraction)) : 0;
  const kept = sorted.slice(0, sorted.length - drop);
  const n = kept.length;
  if (n === 0) return { mean: 0, variance: 0, n: 0 };
  const mean = kept.reduce((sum, value) => sum + value, 0) / n;
  const variance = n > 1 ? kept.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (n - 1) : 0;
  return { mean, variance, n };
}

/**
 * Good-Turing estimate of the probability that the next observation is a value never seen
 * before: the share of observations whose value was seen exactly once, smoothed so a short
 * history never claims certainty. `occurrences` holds, per distinct value, how often it was seen.
 */
export function unseenProbability(occurrences: Iterable<number>): number {
  let total = 0;
  let singletons = 0;
  for (const count of occurrences) {
    total += count;
    if (count === 1) singletons += 1;
  }
  return (singletons + 1) / (total + 1);
}
