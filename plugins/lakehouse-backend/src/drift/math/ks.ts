/**
 * The two-sample Kolmogorov–Smirnov test as `scipy.stats.ks_2samp` (scipy
 * 1.17, `alternative='two-sided'`, `method='auto'`) computes it:
 *
 * - exact when the larger sample has at most 10,000 rows: D is rounded to the
 *   lattice h / lcm(n, m) it lives on and Pr(D ≥ h / lcm) is counted exactly
 *   (see ksExact.ts); should that ever leave [0, 1] through rounding, scipy
 *   falls back to the asymptotic value and so does this module;
 * - asymptotic otherwise: the one-sample two-sided distribution's survival
 *   function at n = round(n1 n2 / (n1 + n2)) (half to even, as numpy rounds),
 *   `scipy.stats.kstwo.sf(D, n)` (see kolmogorov.ts).
 */

import {
  equalSizesPValue,
  greatestCommonDivisor,
  unequalSizesPValue,
} from './ksExact';
import { logBinomial } from './gamma';
import { kolmogorovSmirnovSurvival } from './kolmogorov';

/** Above this many rows in the larger sample ks_2samp's 'auto' method stops computing exact p-values. */
export const KS_EXACT_MAX_ROWS = 10000;

/** How a KS p-value was obtained. */
export type KsPValueMethod = 'exact' | 'asymptotic';

function roundHalfToEven(x: number): number {
  const floor = Math.floor(x);
  const fraction = x - floor;
  if (fraction > 0.5) return floor + 1;
  if (fraction < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

function checkSampleSize(name: string, size: number): void {
  if (!Number.isInteger(size) || size < 1) {
    throw new RangeError(
      `KS test: ${name} sample size must be a positive integer, got ${size}`,
    );
  }
}

function checkStatistic(d: number): number {
  // D computed in floating point (or SQL) may overshoot [0, 1] by rounding.
  if (!Number.isFinite(d) || d < -1e-9 || d > 1 + 1e-9) {
    throw new RangeError(`KS test: statistic D must lie in [0, 1], got ${d}`);
  }
  return Math.min(1, Math.max(0, d));
}

function checkAlpha(alpha: number): void {
  if (!(alpha > 0 && alpha < 1)) {
    throw new RangeError(
      `KS test: significance level must lie strictly between 0 and 1, got ${alpha}`,
    );
  }
}

/** The n at which ks_2samp evaluates the one-sample distribution. */
function effectiveSize(n: number, m: number): number {
  const larger = Math.max(n, m);
  const smaller = Math.min(n, m);
  return roundHalfToEven((larger * smaller) / (larger + smaller));
}

function exactPValueOnLattice(n: number, m: number, h: number): number {
  if (h <= 0) return 1;
  return n === m ? equalSizesPValue(n, h) : unequalSizesPValue(n, m, h);
}

/**
 * The two-sided p-value of the two-sample KS statistic `d` for samples of
 * `n` and `m` rows, and whether it is exact or asymptotic (the rule is in this
 * module's header).
 */
export function ksTest(
  d: number,
  n: number,
  m: number,
): { pValue: number; method: KsPValueMethod } {
  checkSampleSize('reference', n);
  checkSampleSize('current', m);
  let statistic = checkStatistic(d);
  if (Math.max(n, m) <= KS_EXACT_MAX_ROWS) {
    const g = greatestCommonDivisor(n, m);
    const lcm = (n / g) * m;
    const h = roundHalfToEven(statistic * lcm);
    const pValue = exactPValueOnLattice(n, m, h);
    if (pValue >= 0 && pValue <= 1) {
      return { pValue, method: 'exact' };
    }
    statistic = h / lcm;
  }
  return {
    pValue: kolmogorovSmirnovSurvival(effectiveSize(n, m), statistic),
    method: 'asymptotic',
  };
}

/**
 * Two-sided p-value of the two-sample KS statistic D for sample sizes n, m, as
 * `scipy.stats.ks_2samp(method='auto')` computes it: exact when
 * max(n, m) ≤ 10,000, asymptotic (`kstwo.sf(D, round(n m / (n + m)))`)
 * otherwise.
 */
export function ksPValue(d: number, n: number, m: number): number {
  return ksTest(d, n, m).pValue;
}

const criticalValueCache = new Map<string, number>();
const CRITICAL_VALUE_CACHE_SIZE = 256;

/** Kolmogorov's limiting critical value, a starting point for the searches below. */
function asymptoticGuess(alpha: number, n: number, m: number): number {
  return Math.sqrt(-0.5 * Math.log(alpha / 2)) * Math.sqrt((n + m) / (n * m));
}

function exactCriticalValue(alpha: number, n: number, m: number): number {
  const g = greatestCommonDivisor(n, m);
  const lcm = (n / g) * m;
  // D = 1 only when one sample lies wholly below the other: 2 of the
  // C(n + m, n) equally likely orders (counting it would cost n·m steps).
  if (Math.log(2) - logBinomial(n + m, n) > Math.log(alpha)) {
    // Even the largest attainable D is not significant: nothing can drift.
    return 1;
  }
  // log p(h) - log alpha: positive where h / lcm is not significant.
  const excess = (h: number) =>
    Math.log(Math.max(exactPValueOnLattice(n, m, h), 1e-320)) - Math.log(alpha);
  // Bracket the answer near Kolmogorov's limit, then close in by regula falsi
  // on log p (Illinois variant) over the integers h: each exact count costs
  // time proportional to h·gcd(n, m), so few evaluations near the answer pay.
  const guess = Math.min(
    lcm,
    Math.max(1, Math.ceil(asymptoticGuess(alpha, n, m) * lcm)),
  );
  let step = Math.max(1, Math.ceil(guess / 100));
  let notSignificant: number;
  let notSignificantExcess: number;
  let significant: number;
  let significantExcess: number;
  const guessExcess = excess(guess);
  if (guessExcess <= 0) {
    significant = guess;
    significantExcess = guessExcess;
    notSignificant = Math.max(0, guess - step);
    notSignificantExcess =
      notSignificant === 0 ? -Math.log(alpha) : excess(notSignificant);
    while (notSignificantExcess <= 0) {
      significant = notSignificant;
      significantExcess = notSignificantExcess;
      step *= 2;
      notSignificant = Math.max(0, significant - step);
      notSignificantExcess =
        notSignificant === 0 ? -Math.log(alpha) : excess(notSignificant);
    }
  } else {
    notSignificant = guess;
    notSignificantExcess = guessExcess;
    significant = Math.min(lcm, guess + step);
    significantExcess = excess(significant);
    while (significantExcess > 0) {
      notSignificant = significant;
      notSignificantExcess = significantExcess;
      step *= 2;
      significant = Math.min(lcm, notSignificant + step);
      significantExcess = excess(significant);
    }
  }
  let lastMoved = 0;
  while (significant - notSignificant > 1) {
    const interpolated =
      notSignificant +
      ((significant - notSignificant) * notSignificantExcess) /
        (notSignificantExcess - significantExcess);
    const h = Math.min(
      significant - 1,
      Math.max(notSignificant + 1, Math.round(interpolated)),
    );
    const value = excess(h);
    if (value <= 0) {
      significant = h;
      significantExcess = value;
      if (lastMoved === 1) notSignificantExcess /= 2;
      lastMoved = 1;
    } else {
      notSignificant = h;
      notSignificantExcess = value;
      if (lastMoved === -1) significantExcess /= 2;
      lastMoved = -1;
    }
  }
  // Halfway between the last D that is not significant and the first that is:
  // `D > threshold` then agrees with `p ≤ alpha` for every attainable D, even
  // when D arrives with floating-point noise.
  return (significant - 0.5) / lcm;
}

function asymptoticCriticalValue(alpha: number, n: number, m: number): number {
  const size = effectiveSize(n, m);
  const logAlpha = Math.log(alpha);
  // Root of log p(D) - log alpha: the logarithm makes the function nearly
  // linear over the bracket, so the Illinois variant of regula falsi converges
  // in a handful of evaluations (each can sum 10^5 terms for large samples).
  const excess = (d: number) =>
    Math.log(kolmogorovSmirnovSurvival(size, d)) - logAlpha;
  let significant = Math.min(1, asymptoticGuess(alpha, n, m));
  let significantExcess = excess(significant);
  let notSignificant = significant / 2;
  let notSignificantExcess = excess(notSignificant);
  while (significantExcess > 0) {
    notSignificant = significant;
    notSignificantExcess = significantExcess;
    significant = Math.min(1, significant * 1.5);
    significantExcess = excess(significant);
  }
  while (notSignificantExcess <= 0) {
    significant = notSignificant;
    significantExcess = notSignificantExcess;
    notSignificant /= 2;
    notSignificantExcess = excess(notSignificant);
  }
  let lastMoved = 0;
  for (
    let i = 0;
    i < 200 && significant - notSignificant > 1e-13 * significant;
    i++
  ) {
    let d =
      (notSignificant * significantExcess -
        significant * notSignificantExcess) /
      (significantExcess - notSignificantExcess);
    if (!(d > notSignificant && d < significant))
      d = (notSignificant + significant) / 2;
    const value = excess(d);
    if (value <= 0) {
      significant = d;
      significantExcess = value;
      // The other end stayed twice: halve its weight so that it moves too.
      if (lastMoved === 1) notSignificantExcess /= 2;
      lastMoved = 1;
    } else {
      notSignificant = d;
      notSignificantExcess = value;
      if (lastMoved === -1) significantExcess /= 2;
      lastMoved = -1;
    }
  }
  return significant;
}

/**
 * The critical value of the two-sample KS statistic at significance `alpha`,
 * used as the drift threshold (`D > threshold` ⇔ p-value ≤ alpha).
 *
 * Asymptotic case (max(n, m) > 10,000): the smallest D whose p-value is ≤
 * alpha, to 1e-13 relative. Exact case: D only takes the values h / lcm(n, m),
 * and the value returned lies halfway between the largest such D whose p-value
 * is above alpha and the smallest whose p-value is ≤ alpha, so that the strict
 * comparison flags exactly the significant D values. When no attainable D is
 * significant (tiny samples) it returns 1, which no D exceeds.
 */
export function ksCriticalValue(alpha: number, n: number, m: number): number {
  checkAlpha(alpha);
  checkSampleSize('reference', n);
  checkSampleSize('current', m);
  const key = `${alpha}:${Math.min(n, m)}:${Math.max(n, m)}`;
  const cached = criticalValueCache.get(key);
  if (cached !== undefined) return cached;
  const value =
    Math.max(n, m) <= KS_EXACT_MAX_ROWS
      ? exactCriticalValue(alpha, n, m)
      : asymptoticCriticalValue(alpha, n, m);
  if (criticalValueCache.size >= CRITICAL_VALUE_CACHE_SIZE) {
    // Monitors reuse a handful of (alpha, n, m); forget the oldest beyond that.
    const oldest = criticalValueCache.keys().next().value;
    if (oldest !== undefined) criticalValueCache.delete(oldest);
  }
  criticalValueCache.set(key, value);
  return value;
}

/**
 * The two-sample KS statistic D of two raw samples: the largest gap between
 * their empirical CDFs, ties handled as scipy does (both CDFs step past all
 * copies of a value together).
 */
export function ksStatistic(
  reference: readonly number[],
  current: readonly number[],
): number {
  if (reference.length === 0 || current.length === 0) {
    throw new RangeError(
      `KS statistic: both samples need at least one value (reference ${reference.length}, current ${current.length})`,
    );
  }
  const a = Float64Array.from(reference).sort();
  const b = Float64Array.from(current).sort();
  if (Number.isNaN(a[a.length - 1]) || Number.isNaN(b[b.length - 1])) {
    throw new RangeError('KS statistic: samples must not contain NaN');
  }
  let i = 0;
  let j = 0;
  let largest = 0;
  while (i < a.length && j < b.length) {
    const x = Math.min(a[i], b[j]);
    while (i < a.length && a[i] === x) i++;
    while (j < b.length && b[j] === x) j++;
    largest = Math.max(largest, Math.abs(i / a.length - j / b.length));
  }
  return largest;
}
