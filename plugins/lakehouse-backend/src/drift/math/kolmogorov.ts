/**
 * The distribution of the one-sample two-sided Kolmogorov–Smirnov statistic
 * D_n for a sample of n (scipy's `kstwo`), which `scipy.stats.ks_2samp`
 * evaluates at n = round(n1 n2 / (n1 + n2)) for its asymptotic p-value.
 *
 * The method per region is Simard & L'Ecuyer's (2011, "Computing the Two-Sided
 * Kolmogorov–Smirnov Distribution", J. Stat. Softw. 39(11)) as scipy applies
 * it: closed forms near the ends of the support, Durbin's matrix (in Marsaglia,
 * Tsang & Wang's form) for small n·d², the Pelz–Good expansion for large n,
 * and twice the one-sided Smirnov tail (Birnbaum–Tingey sum) in the upper
 * tail. Where scipy uses Pomeranz's recursion (n ≤ 140, 0.754693 < n·d² ≤ 4)
 * this module uses Durbin's matrix instead: both are exact, and the matrix is
 * at most 47×47 there.
 */

import { logFactorial } from './gamma';

// Math's functions are bound once per module: in a VM context such as Jest's,
// every lookup of the global `Math` costs ~200 ns, which dominates these loops.
const { LN2, PI, abs, ceil, exp, expm1, floor, log, max, min, sqrt } = Math;

const TWO_128 = 2 ** 128;
const TWO_MINUS_128 = 2 ** -128;

/** x·2^exponent without overflowing the intermediate power of two. */
function scaleByPowerOfTwo(x: number, exponent: number): number {
  let value = x;
  let remaining = exponent;
  while (remaining > 1000) {
    value *= 2 ** 1000;
    remaining -= 1000;
  }
  while (remaining < -1000) {
    value *= 2 ** -1000;
    remaining += 1000;
  }
  return value * 2 ** remaining;
}

function multiply(
  a: Float64Array,
  b: Float64Array,
  size: number,
): Float64Array {
  const product = new Float64Array(size * size);
  for (let i = 0; i < size; i++) {
    for (let k = 0; k < size; k++) {
      const aik = a[i * size + k];
      if (aik === 0) continue;
      for (let j = 0; j < size; j++) {
        product[i * size + j] += aik * b[k * size + j];
      }
    }
  }
  return product;
}

/** Divides the matrix by 2^128 when its entries grow past 2^128; returns the exponent taken out. */
function rescale(matrix: Float64Array): number {
  let largest = 0;
  for (let i = 0; i < matrix.length; i++) {
    const value = abs(matrix[i]);
    if (value > largest) largest = value;
  }
  if (largest <= TWO_128) return 0;
  for (let i = 0; i < matrix.length; i++) matrix[i] *= TWO_MINUS_128;
  return 128;
}

/**
 * Pr(D_n < d) by Durbin's matrix: with k = ceil(n d), h = k - n d and the
 * (2k-1)×(2k-1) matrix H, the probability is n!/n^n · (H^n)[k-1][k-1].
 * Powers are scaled by 2^128 as they grow so that large n does not overflow.
 */
export function durbinMatrixCdf(n: number, d: number): number {
  if (d >= 1) return 1;
  const nd = n * d;
  if (nd <= 0.5) return 0;
  const k = ceil(nd);
  const h = k - nd;
  const size = 2 * k - 1;
  const factorials = new Float64Array(size + 1);
  factorials[0] = 1;
  for (let i = 1; i <= size; i++) factorials[i] = factorials[i - 1] * i;
  const H = new Float64Array(size * size);
  for (let row = 0; row < size; row++) {
    for (let column = 0; column < size; column++) {
      const gap = row - column + 1;
      if (gap >= 0) H[row * size + column] = 1 / factorials[gap];
    }
  }
  for (let row = 0; row < size; row++) {
    // First column and last row carry the fractional part h of n d.
    H[row * size] = (1 - h ** (row + 1)) / factorials[row + 1];
    H[(size - 1) * size + (size - 1 - row)] =
      (1 - h ** (row + 1)) / factorials[row + 1];
  }
  H[(size - 1) * size] =
    (1 - 2 * h ** size + max(0, 2 * h - 1) ** size) / factorials[size];

  let power = new Float64Array(size * size);
  for (let i = 0; i < size; i++) power[i * size + i] = 1;
  let powerExponent = 0;
  let square = H;
  let squareExponent = 0;
  for (let remaining = n; remaining > 0; remaining = floor(remaining / 2)) {
    if (remaining % 2 === 1) {
      power = multiply(power, square, size);
      powerExponent += squareExponent + rescale(power);
    }
    if (remaining > 1) {
      square = multiply(square, square, size);
      squareExponent = 2 * squareExponent + rescale(square);
    }
  }
  let probability = power[(k - 1) * size + (k - 1)];
  let exponent = powerExponent;
  for (let i = 1; i <= n; i++) {
    probability = (probability * i) / n;
    if (abs(probability) < TWO_MINUS_128) {
      probability *= TWO_128;
      exponent -= 128;
    }
  }
  return scaleByPowerOfTwo(probability, exponent);
}

/**
 * Pr(D_n ≤ d) by the Pelz–Good asymptotic expansion
 * K0(z) + K1(z)/√n + K2(z)/n + K3(z)/n^{3/2}, z = d√n, each K written with
 * Jacobi-theta sums that converge fast for the small z where it is used.
 */
export function pelzGoodCdf(n: number, d: number): number {
  if (d <= 0) return 0;
  if (d >= 1) return 1;
  const z = d * sqrt(n);
  const z2 = z * z;
  const z4 = z2 * z2;
  const z6 = z4 * z2;
  const pi2 = PI * PI;
  const pi4 = pi2 * pi2;
  const pi6 = pi4 * pi2;
  if (-pi2 / 8 / z2 < -708) return 0;
  const sqrtTwoPi = sqrt(2 * PI);
  const terms = ceil((16 * z) / PI);
  let k0 = 0;
  let k1 = 0;
  let k2 = 0;
  let k3 = 0;
  for (let k = terms; k >= 1; k--) {
    // Odd multiples of π/2: (k - 1/2)² π² = m² π² / 4 with m = 2k - 1.
    const m2 = (2 * k - 1) ** 2;
    const m4 = m2 * m2;
    const m6 = m4 * m2;
    const weight = exp((-m2 * pi2) / (8 * z2));
    k0 += weight;
    k1 += weight * ((pi2 * m2) / 4 - z2);
    k2 +=
      weight *
      (6 * z6 +
        2 * z4 +
        ((2 * z4 - 5 * z2) * pi2 * m2) / 4 +
        (pi4 * (1 - 2 * z2) * m4) / 16);
    k3 +=
      weight *
      (-30 * z6 -
        90 * z6 * z2 +
        (pi2 * (135 * z4 - 96 * z6) * m2) / 4 +
        (pi4 * (212 * z4 - 60 * z2) * m4) / 16 +
        (pi6 * (5 - 30 * z2) * m6) / 64);
  }
  k0 *= sqrtTwoPi / z;
  k1 *= sqrtTwoPi / (6 * z4);
  k2 *= sqrtTwoPi / (72 * z6 * z);
  k3 *= sqrtTwoPi / (6480 * z6 * z4);
  // Second sums over all integers k (even multiples of π/2).
  let k2Extra = 0;
  let k3Extra = 0;
  for (let k = terms; k >= 1; k--) {
    const k2pi2 = k * k * pi2;
    const weight = exp(-k2pi2 / (2 * z2));
    k2Extra += k * k * weight;
    k3Extra += (3 * z2 - k2pi2) * k * k * weight;
  }
  k2 -= (k2Extra * pi2 * sqrtTwoPi) / (36 * z2 * z);
  k3 += (k3Extra * pi2 * sqrtTwoPi) / (216 * z6);
  const rootN = sqrt(n);
  return k0 + k1 / rootN + k2 / n + k3 / (n * rootN);
}

/** exp of anything below this underflows to 0 (cephes' MINLOG). */
const MIN_LOG = -745.1332191019412;

/**
 * The one-sided Smirnov tail Pr(D_n⁺ ≥ d) (scipy.special.smirnov), by the
 * Birnbaum–Tingey sum d Σ_v C(n, v) (1 - d - v/n)^(n-v) (d + v/n)^(v-1) over
 * v < n(1 - d). Its terms are positive, so summing them in log space loses no
 * accuracy; beyond a million rows the sum is replaced by the same
 * approximation scipy uses, exp(-(6nd + 1)² / (18n)).
 */
export function smirnovSurvival(n: number, d: number): number {
  if (d <= 0) return 1;
  if (d >= 1) return 0;
  if (n === 1) return 1 - d;
  const nd = n * d;
  const ndFloor = floor(nd);
  const exactMultiple = nd === ndFloor;
  if (ndFloor === 0 || (ndFloor === 1 && exactMultiple)) {
    return 1 - d * (1 + d) ** (n - 1);
  }
  if (-2 * nd * d < MIN_LOG) return 0;
  if (ndFloor >= n - 1) return (1 - d) ** n;
  if (n > 1000000) {
    const logP = -((6 * nd + 1) ** 2) / 18 / n;
    return logP < -LN2 ? exp(logP) : 1 + expm1(logP);
  }
  const logN = logFactorial(n);
  let sum = 0;
  let previous = Infinity;
  const last = n - ndFloor - 1;
  for (let v = 0; v <= last; v++) {
    const below = (n - v) / n - d;
    if (below <= 0) break;
    const logTerm =
      logN -
      logFactorial(v) -
      logFactorial(n - v) +
      (n - v) * log(below) +
      (v - 1) * log(d + v / n);
    const term = exp(logTerm);
    sum += term;
    // The terms rise to one peak and fall; once past it they stop mattering.
    if (term < previous && term < sum * 1e-20 && v > 2) break;
    previous = term;
  }
  return min(1, max(0, d * sum));
}

/** n!/n^n · (2t - 1)^n, Ruben & Gambino's exact Pr(D_n ≤ d) for 1/(2n) < d ≤ 1/n (t = n d). */
function smallDeviationCdf(n: number, t: number): number {
  if (n <= 140) {
    let product = 1;
    for (let i = 1; i <= n; i++) product *= (i / n) * (2 * t - 1);
    return product;
  }
  return exp(logFactorial(n) - n * log(n) + n * log(2 * t - 1));
}

/**
 * Pr(D_n ≥ d) for the one-sample two-sided statistic (scipy.stats.kstwo.sf),
 * for an integer n ≥ 1.
 */
export function kolmogorovSmirnovSurvival(n: number, d: number): number {
  if (!Number.isInteger(n) || n < 1) {
    throw new RangeError(
      `kolmogorovSmirnovSurvival: sample size must be a positive integer, got ${n}`,
    );
  }
  if (Number.isNaN(d)) {
    throw new RangeError('kolmogorovSmirnovSurvival: statistic is NaN');
  }
  const clip = (p: number) => min(1, max(0, p));
  if (d >= 1) return 0;
  if (d <= 0) return 1;
  const t = n * d;
  if (t <= 1) {
    if (t <= 0.5) return 1;
    return clip(1 - smallDeviationCdf(n, t));
  }
  if (t >= n - 1) return clip(2 * (1 - d) ** n);
  if (d >= 0.5) return clip(2 * smirnovSurvival(n, d));
  const ndSquared = t * d;
  if (n <= 140) {
    if (ndSquared <= 4) return clip(1 - durbinMatrixCdf(n, d));
    return clip(2 * smirnovSurvival(n, d));
  }
  if (ndSquared >= 370) return 0;
  if (ndSquared >= 2.2) return clip(2 * smirnovSurvival(n, d));
  const cdf =
    n <= 100000 && n * d ** 1.5 <= 1.4
      ? durbinMatrixCdf(n, d)
      : pelzGoodCdf(n, d);
  return clip(1 - cdf);
}
