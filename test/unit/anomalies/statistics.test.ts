import { describe, expect, it } from "vitest";
import { logCountUpperTail, logGamma, logPoissonUpperTail, quantile, surprise, unseenProbability, upperTrimmedMoments } from "../../../shared/anomalies/statistics.ts";

function poissonTailBySum(k: number, mean: number): number {
  let term = Math.exp(-mean);
  let below = 0;
  for (let i = 0; i < k; i++) {
    below += term;
    term *= mean / (i + 1);
  }
  return 1 - below;
}

function negativeBinomialTailBySum(k: number, mean: number, variance: number): number {
  const size = (mean * mean) / (variance - mean);
  const success = size / (size + mean);
  let below = 0;
  for (let i = 0; i < k; i++) below += Math.exp(logGamma(i + size) - logGamma(size) - logGamma(i + 1) + size * Math.log(success) + i * Math.log(1 - success));
  return 1 - below;
}

describe("tail probabilities", () => {
  it("logGamma matches factorials", () => {
    expect(Math.exp(logGamma(6))).toBeCloseTo(120, 8);
    expect(Math.exp(logGamma(0.5))).toBeCloseTo(Math.sqrt(Math.PI), 10);
  });

  it.each([
    [1, 0.5],
    [5, 2],
    [12, 4.5],
    [30, 10],
    [3, 30],
  ])("Poisson P(X >= %i | mean %f) matches the direct sum", (k, mean) => {
    expect(Math.exp(logPoissonUpperTail(k, mean))).toBeCloseTo(poissonTailBySum(k, mean), 10);
  });

  it.each([
    [5, 2, 6],
    [20, 8, 40],
    [40, 10, 200],
    [3, 5, 30],
  ])("negative binomial P(X >= %i | mean %f, variance %f) matches the direct sum", (k, mean, variance) => {
    expect(Math.exp(logCountUpperTail(k, mean, variance))).toBeCloseTo(negativeBinomialTailBySum(k, mean, variance), 9);
  });

  it("stays finite and ordered far in the tail, where the probability underflows", () => {
    const far = logCountUpperTail(2000, 10, 12);
    const farther = logCountUpperTail(4000, 10, 12);
    expect(Number.isFinite(far)).toBe(true);
    expect(farther).toBeLessThan(far);
    expect(surprise(far)).toBeGreaterThan(300 - 1e-9);
  });

  it("falls back to Poisson when the variance does not exceed the mean, and is certain at zero", () => {
    expect(logCountUpperTail(7, 3, 2)).toBeCloseTo(logPoissonUpperTail(7, 3), 12);
    expect(logCountUpperTail(0, 3, 9)).toBe(0);
  });
});

describe("robust summaries", () => {
  it("trims the largest tenth once there are ten values, so one incident does not widen the spread", () => {
    const quiet = [10, 11, 9, 10, 12, 10, 9, 11, 10, 10];
    const withIncident = [...quiet.slice(0, 9), 500];
    expect(upperTrimmedMoments(withIncident, 0.1).mean).toBeCloseTo(upperTrimmedMoments(quiet.slice(0, 9), 0).mean, 10);
    expect(upperTrimmedMoments([1, 2, 3], 0.1)).toMatchObject({ n: 3, mean: 2, variance: 1 });
  });

  it("interpolates quantiles", () => {
    expect(quantile([0, 10], 0.25)).toBe(2.5);
    expect(quantile([], 0.5)).toBe(0);
  });

  it("estimates the chance of something new by Good-Turing: singletons over observations", () => {
    expect(unseenProbability([])).toBe(1);
    expect(unseenProbability([100, 50])).toBeCloseTo(1 / 151, 12);
    expect(unseenProbability([1, 1, 1, 7])).toBeCloseTo(4 / 11, 12);
  });
});
