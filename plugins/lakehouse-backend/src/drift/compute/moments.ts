import type { DriftFeatureKind } from '@internal/plugin-lakehouse-common';
import { finiteSql, identifier, numberFrom, subquery } from './sqlText';
import type { DriftSqlRunner } from './types';

/** Counts and moments of one numeric feature on one side (finite values only). */
export interface NumericMoments {
  /** Rows with a finite value. */
  count: number;
  mean: number;
  /** Sample standard deviation; 0 with fewer than two values. */
  std: number;
  min: number;
  max: number;
}

/** The counts of one side: rows, and per feature its values. */
export interface SideMoments {
  rows: number;
  /** By feature name; categorical features have only `count` (non-null values). */
  features: Record<string, NumericMoments | { count: number }>;
}

/** A feature's column on the side being summarised. */
export interface SideFeature {
  name: string;
  column: string;
  kind: DriftFeatureKind;
}

/** The DOUBLE value of a numeric column, or null when missing, NaN or infinite. */
export function finiteValueSql(column: string, table = 't'): string {
  const value = `cast(${table}.${identifier(column)} as double)`;
  return `case when ${finiteSql(value)} then ${value} end`;
}

/**
 * One pass over a side: its rows, and per feature the values present, with
 * mean, sample standard deviation, min and max of numeric ones.
 */
export function momentsSql(sql: string, features: SideFeature[]): string {
  const projected = features.map((f, i) =>
    f.kind === 'numeric'
      ? `${finiteValueSql(f.column)} f${i}`
      : `t.${identifier(f.column)} f${i}`,
  );
  const aggregates = features.flatMap((f, i) =>
    f.kind === 'numeric'
      ? [
          `count(f${i})`,
          `avg(f${i})`,
          `stddev_samp(f${i})`,
          `min(f${i})`,
          `max(f${i})`,
        ]
      : [`count(f${i})`],
  );
  return `select count(*), ${aggregates.join(
    ', ',
  )} from (select ${projected.join(', ')} from ${subquery(sql, 't')}) s`;
}

/** Runs {@link momentsSql} and reads its one row. */
export async function sideMoments(
  runner: DriftSqlRunner,
  sql: string,
  features: SideFeature[],
  signal?: AbortSignal,
): Promise<SideMoments> {
  const { rows } = await runner.run(momentsSql(sql, features), signal);
  const row = rows[0] ?? [];
  let i = 1;
  const result: SideMoments = { rows: numberFrom(row[0]), features: {} };
  for (const feature of features) {
    if (feature.kind === 'numeric') {
      const [count, mean, std, min, max] = row.slice(i, i + 5).map(numberFrom);
      i += 5;
      result.features[feature.name] = {
        count,
        mean,
        std: Number.isFinite(std) ? std : 0,
        min,
        max,
      };
    } else {
      result.features[feature.name] = { count: numberFrom(row[i]) };
      i += 1;
    }
  }
  return result;
}
