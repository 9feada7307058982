/**
 * Gamma-function pieces the drift statistics need: log-gamma, log-factorial
 * and the regularized incomplete gamma function (the chi-square survival
 * function is Q(k/2, x/2)). Written here because no numerics library is a
 * dependency of the backend.
 */

// Math's functions are bound once per module: in a VM context such as Jest's,
// every lookup of the global `Math` costs ~200 ns, which dominates these loops.
const { PI, abs, exp, log, max, min } = Math;

const HALF_LOG_TWO_PI = 0.5 * log(2 * PI);

/**
 * Coefficients B_2j / (2j (2j - 1)) of Stirling's series for log Γ, from the
 * Bernoulli numbers B_2 … B_16.
 */
const STIRLING = [
  1 / 12,
  -1 / 360,
  1 / 1260,
  -1 / 1680,
  1 / 1188,
  -691 / 360360,
  1 / 156,
  -3617 / 122400,
];

/** Stirling's series is accurate to ~1e-19 from here on. */
const STIRLING_FROM = 15;

/** log Γ(x) for x > 0 without argument checks, for the hot loops below. */
function logGammaOfPositive(x: number): number {
  // Shift small arguments up with Γ(x) = Γ(x + k) / (x (x + 1) … (x + k - 1)).
  let shift = 0;
  let product = 1;
  let z = x;
  while (z < STIRLING_FROM) {
    product *= z;
    z += 1;
    shift += 1;
  }
  const inverse = 1 / z;
  const inverseSquared = inverse * inverse;
  let series = 0;
  for (let j = STIRLING.length - 1; j >= 0; j--) {
    series = series * inverseSquared + STIRLING[j];
  }
  series *= inverse;
  const stirling = (z - 0.5) * log(z) - z + HALF_LOG_TWO_PI + series;
  return shift === 0 ? stirling : stirling - log(product);
}

/** log Γ(x) for x > 0, to ~1e-15 relative. */
export function logGamma(x: number): number {
  if (!(x > 0) || !Number.isFinite(x)) {
    throw new RangeError(
      `logGamma: argument must be a positive finite number, got ${x}`,
    );
  }
  return logGammaOfPositive(x);
}

const LOG_FACTORIAL_TABLE_SIZE = 4096;
let logFactorialTable: Float64Array | undefined;

/**
 * log(k!) for a non-negative integer k. The hypergeometric sampler asks for
 * these millions of times on small k, so the first 4096 are tabulated.
 */
export function logFactorial(k: number): number {
  if (k < LOG_FACTORIAL_TABLE_SIZE) {
    if (!logFactorialTable) {
      const table = new Float64Array(LOG_FACTORIAL_TABLE_SIZE);
      for (let i = 2; i < LOG_FACTORIAL_TABLE_SIZE; i++) {
        table[i] = logGammaOfPositive(i + 1);
      }
      logFactorialTable = table;
    }
    return logFactorialTable[k];
  }
  return logGammaOfPositive(k + 1);
}

/** log of the binomial coefficient C(n, k). */
export function logBinomial(n: number, k: number): number {
  return logFactorial(n) - logFactorial(k) - logFactorial(n - k);
}

const EPSILON = 1e-16;
const MAX_ITERATIONS = 100000;

/** exp(-x) x^a / Γ(a), the common factor of both incomplete-gamma expansions. */
function gammaPrefactor(a: number, x: number): number {
  return exp(a * log(x) - x - logGammaOfPositive(a));
}

/** P(a, x) by its power series; converges fast where x < a + 1. */
function lowerSeries(a: number, x: number): number {
  let term = 1 / a;
  let sum = term;
  for (let n = 1; n < MAX_ITERATIONS; n++) {
    term *= x / (a + n);
    sum += term;
    if (abs(term) < abs(sum) * EPSILON) {
      break;
    }
  }
  return sum * gammaPrefactor(a, x);
}

/**
 * Q(a, x) by Legendre's continued fraction, evaluated with the modified Lentz
 * method; converges fast where x >= a + 1 and keeps relative accuracy for tiny
 * tail probabilities (1 - P would round them to 0).
 */
function upperContinuedFraction(a: number, x: number): number {
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let fraction = d;
  for (let i = 1; i < MAX_ITERATIONS; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    fraction *= delta;
    if (abs(delta - 1) < EPSILON) {
      break;
    }
  }
  return fraction * gammaPrefactor(a, x);
}

/** The regularized upper incomplete gamma function Q(a, x) = Γ(a, x) / Γ(a). */
export function regularizedGammaQ(a: number, x: number): number {
  if (!(a > 0)) {
    throw new RangeError(`regularizedGammaQ: shape must be positive, got ${a}`);
  }
  if (!(x > 0)) {
    return 1;
  }
  if (x === Infinity) {
    return 0;
  }
  if (x < a + 1) {
    return min(1, max(0, 1 - lowerSeries(a, x)));
  }
  return min(1, max(0, upperContinuedFraction(a, x)));
}

/** Survival function of the chi-square distribution with `degreesOfFreedom`. */
export function chiSquareSurvival(x: number, degreesOfFreedom: number): number {
  return regularizedGammaQ(degreesOfFreedom / 2, x / 2);
}
