import { doubleLiteral, integerLiteral } from './sqlText';

/**
 * The bins of a numeric feature, fixed by the reference alone so that the
 * reference's counts can be cached and every current window is binned the
 * same way.
 *
 * Edges are equal-width over the reference's min..max, not reference
 * quantiles: quantiles cost a sort of every column (seconds for a
 * 1M-row × 50-column reference on DuckDB), equal-width bins cost one pass of
 * arithmetic. Current values below or above the reference's range fall into
 * the first or last bin, whose outer edge the report then moves to the
 * smallest or largest value seen.
 *
 * Every value gets a fine bin (about 32,768 of them); the bins of the report
 * (`bins`) and of calibration (`thresholds.bins`) are runs of fine bins, so
 * one GROUP BY serves them all and the exact KS statement's fine counts too.
 */
export interface Binning {
  /** Left end of the first fine bin. */
  lo: number;
  /** Right end of the last fine bin. */
  hi: number;
  /** Number of fine bins. */
  fine: number;
}

// Fewer fine bins leave more rows to the exact statement's window over the
// bins it cannot settle from counts; more make its hash aggregation slower.
// 32,768 was the fastest for 1.1M rows on DuckDB (bench/drift.bench.ts).
const FINE_BINS = 32768;

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/**
 * Fine bins over the reference's range: a multiple of every level's bin
 * count when that stays near 32,768, so those levels' edges are exactly
 * equal-width. A reference with one value gets the range value ± 0.5.
 */
export function binningFor(
  referenceMin: number,
  referenceMax: number,
  levels: number[],
): Binning {
  const lcm = levels.reduce((a, b) => (a / gcd(a, b)) * b, 1);
  const fine = lcm <= FINE_BINS ? lcm * Math.floor(FINE_BINS / lcm) : FINE_BINS;
  if (referenceMax > referenceMin) {
    return { lo: referenceMin, hi: referenceMax, fine };
  }
  return { lo: referenceMin - 0.5, hi: referenceMax + 0.5, fine };
}

/** Bin indexes this far from 0 still fit an INTEGER whatever rounding does. */
const SAFE_INDEX = 2 ** 30;

/**
 * SQL: the fine bin (0 … fine-1) of the DOUBLE `value`; values below or
 * above the reference's range go to the outer bins. When the values' range
 * is known to give indexes that fit an INTEGER, the index is clamped as an
 * integer, which costs DuckDB half of clamping the DOUBLE.
 */
export function fineBinSql(
  value: string,
  binning: Binning,
  values?: { min: number; max: number },
): string {
  const scale = binning.fine / (binning.hi - binning.lo);
  const index = `floor((${value} - ${doubleLiteral(
    binning.lo,
  )}) * ${doubleLiteral(scale)})`;
  const last = integerLiteral(binning.fine - 1);
  const fits =
    values !== undefined &&
    (values.min - binning.lo) * scale > -SAFE_INDEX &&
    (values.max - binning.lo) * scale < SAFE_INDEX;
  return fits
    ? `least(greatest(cast(${index} as integer), 0), ${last})`
    : `cast(least(greatest(${index}, 0), ${last}) as integer)`;
}

/** SQL: the left edge of fine bin `fineBin` (a DOUBLE). */
export function fineEdgeSql(fineBin: string, binning: Binning): string {
  return `${doubleLiteral(binning.lo)} + ${fineBin} * ${doubleLiteral(
    (binning.hi - binning.lo) / binning.fine,
  )}`;
}

/** SQL: the bin of a level with `bins` bins that the fine bin `fineBin` belongs to. */
export function levelBinSql(
  fineBin: string,
  binning: Binning,
  bins: number,
): string {
  return `cast(floor(cast(${fineBin} as double) * ${integerLiteral(
    bins,
  )} / ${integerLiteral(binning.fine)}) as integer)`;
}

/**
 * The edges of a level's bins: runs of fine bins, so equal-width up to a
 * fine bin when `fine` is not a multiple of `bins`; the outer edges are the
 * smallest and largest value seen on either side.
 */
export function levelEdges(
  binning: Binning,
  bins: number,
  seen: { min: number; max: number },
): number[] {
  const width = (binning.hi - binning.lo) / binning.fine;
  const edges = [Math.min(binning.lo, seen.min)];
  for (let j = 1; j < bins; j++) {
    edges.push(binning.lo + Math.ceil((j * binning.fine) / bins) * width);
  }
  edges.push(Math.max(binning.hi, seen.max));
  return edges;
}
