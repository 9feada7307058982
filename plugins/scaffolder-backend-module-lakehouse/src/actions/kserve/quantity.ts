/**
 * Kubernetes resource quantities (`500m`, `1`, `0.5`, `512Mi`, `1Gi`,
 * `1e3`), compared exactly as fractions of big integers so that no
 * rounding can make a request look smaller than its limit.
 */

/** A quantity as numerator / denominator. */
export interface Quantity {
  numerator: bigint;
  denominator: bigint;
}

const QUANTITY =
  /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(?:(Ki|Mi|Gi|Ti|Pi|Ei)|([numkMGTPE])|[eE]([+-]?\d+))?$/;

const BINARY: Record<string, number> = {
  Ki: 10,
  Mi: 20,
  Gi: 30,
  Ti: 40,
  Pi: 50,
  Ei: 60,
};
const DECIMAL: Record<string, number> = {
  n: -9,
  u: -6,
  m: -3,
  k: 3,
  M: 6,
  G: 9,
  T: 12,
  P: 15,
  E: 18,
};

/** Exponents beyond this are refused rather than turned into huge numbers. */
const MAX_EXPONENT = 100;

/**
 * Parses a quantity as Kubernetes writes it in `resources.requests` and
 * `resources.limits` (a string, or a number in YAML).
 *
 * @returns the quantity, or undefined when the value is not one
 */
export function parseQuantity(value: unknown): Quantity | undefined {
  let text: string;
  if (typeof value === 'number' && Number.isFinite(value)) {
    text = String(value);
  } else if (typeof value === 'string') {
    text = value.trim();
  } else {
    return undefined;
  }
  const match = QUANTITY.exec(text);
  if (!match) return undefined;
  const [, sign, number, binary, decimal, exponent] = match;
  const [whole, fraction = ''] = number.split('.');
  let scale = -fraction.length;
  if (decimal) scale += DECIMAL[decimal];
  if (exponent) {
    const e = Number(exponent);
    if (Math.abs(e) > MAX_EXPONENT) return undefined;
    scale += e;
  }
  let numerator = BigInt(`${whole || '0'}${fraction}`);
  if (sign === '-') numerator = -numerator;
  if (binary) numerator *= 2n ** BigInt(BINARY[binary]);
  let denominator = 1n;
  if (scale >= 0) numerator *= 10n ** BigInt(scale);
  else denominator = 10n ** BigInt(-scale);
  return { numerator, denominator };
}

/** Negative, zero or positive as `a` is less than, equal to or more than `b`. */
export function compareQuantities(a: Quantity, b: Quantity): number {
  const left = a.numerator * b.denominator;
  const right = b.numerator * a.denominator;
  if (left === right) return 0;
  return left < right ? -1 : 1;
}
