/**
 * `value` with every number replaced by a matcher accepting 12 significant
 * digits: the engines add in parallel, in varying order, so the last digits
 * of sums vary from run to run.
 */
export function roughly(value: unknown): unknown {
  if (typeof value === 'number' && value !== 0 && Number.isFinite(value)) {
    return expect.closeTo(value, 12 - Math.ceil(Math.log10(Math.abs(value))));
  }
  if (Array.isArray(value)) return value.map(roughly);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, roughly(v)]),
    );
  }
  return value;
}
