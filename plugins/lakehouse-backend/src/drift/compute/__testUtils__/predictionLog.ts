/**
 * DuckDB SELECTs producing a model's reference and current rows with fixed
 * pseudo-random values (from DuckDB's `hash`, so every run and every engine
 * gets the same rows): `amount` normal(10, 2), `age` uniform integers
 * 18..80, `score` normal(0, 1) rounded to 2 decimals, `country` five
 * categories of unequal weight, `is_member` a coin, plus a time stamp and a
 * label that are not features.
 */

/** A uniform value in (0, 1) for row `i` and stream `stream`. */
const uniform = (i: string, stream: number) =>
  `((hash(${i} * 7 + ${stream}) >> 11)::double + 0.5) / 9007199254740992.0`;

const normal = (i: string, stream: number) =>
  `sqrt(-2 * ln(${uniform(i, stream)})) * cos(2 * pi() * ${uniform(
    i,
    stream + 1,
  )})`;

/** The rows `first` … `first + rows - 1`, with `amount` moved by `shift`. */
export function predictionLogSql(options: {
  rows: number;
  first: number;
  shift?: number;
}): string {
  const i = 'i';
  return `select
  ${i} as id,
  10 + 2 * ${normal(i, 1)} + ${options.shift ?? 0} as amount,
  18 + cast(floor(${uniform(i, 3)} * 63) as integer) as age,
  round(${normal(i, 4)}, 2)::decimal(8, 2) as score,
  case when ${uniform(i, 6)} < 0.4 then 'DE' when ${uniform(
    i,
    6,
  )} < 0.7 then 'FR' when ${uniform(i, 6)} < 0.85 then 'NL'
       when ${uniform(i, 6)} < 0.95 then 'BE' else 'AT' end as country,
  ${uniform(i, 7)} < 0.3 as is_member,
  timestamp '2025-01-01 00:00:00' + to_seconds(${i}) as predicted_at,
  ${uniform(i, 8)} < 0.5 as label
from range(${options.first}, ${options.first + options.rows}) t(${i})`;
}
