import type {
  DriftFeatureKind,
  DriftMonitorFeature,
  DriftTest,
} from '@internal/plugin-lakehouse-common';
import { DriftDataError } from './DriftDataError';
import { subquery } from './sqlText';
import type { DriftSqlRunner } from './types';

/** One side of a comparison, as messages name it. */
export type DriftSide = 'reference' | 'current';

/** A column of one side, as the engine reports it. */
export interface SideColumn {
  name: string;
  type: string;
}

/** A feature matched to its column on both sides, with its kind settled. */
export interface ResolvedFeature {
  /** The feature's name in the report. */
  name: string;
  kind: DriftFeatureKind;
  test?: DriftTest;
  threshold?: number;
  referenceColumn: SideColumn;
  currentColumn: SideColumn;
}

/** The columns of a side's SELECT, without reading its rows. */
export async function probeColumns(
  runner: DriftSqlRunner,
  sql: string,
  signal?: AbortSignal,
): Promise<SideColumn[]> {
  const result = await runner.run(
    `select * from ${subquery(sql, 't')} limit 0`,
    signal,
  );
  return result.columns;
}

const NUMERIC_TYPE =
  /^(tinyint|smallint|integer|int|bigint|hugeint|utinyint|usmallint|uinteger|ubigint|uhugeint|decimal|numeric|real|float|double)\b/;
const CATEGORICAL_TYPE =
  /^(varchar|char|string|text|boolean|bool|date|uuid|enum)\b/;
// Values that do not turn into one comparable text: nested and binary types.
const UNCOMPARABLE_TYPE =
  /^(array|map|row|struct|union|list|json|varbinary|blob|bytea|bit)\b|\[\]$/;

/** What a column type can be: a numeric feature, a categorical one, or only a categorical one when asked. */
export function typeClass(
  type: string,
): 'numeric' | 'categorical' | 'other' | 'uncomparable' {
  const t = type.trim().toLowerCase();
  if (NUMERIC_TYPE.test(t)) return 'numeric';
  if (CATEGORICAL_TYPE.test(t)) return 'categorical';
  if (UNCOMPARABLE_TYPE.test(t)) return 'uncomparable';
  return 'other';
}

/** The column of a side a name refers to: the same spelling, else the same name in another case (Trino lower-cases names). */
function findColumn(columns: SideColumn[], name: string) {
  return (
    columns.find(c => c.name === name) ??
    columns.find(c => c.name.toLowerCase() === name.toLowerCase())
  );
}

function missing(name: string, side: DriftSide, columns: SideColumn[]) {
  const names = columns.map(c => c.name);
  const shown =
    names.length > 20
      ? `${names.slice(0, 20).join(', ')}, …`
      : names.join(', ') || 'none';
  return new DriftDataError(
    `Feature "${name}" is not a column of the ${side} data (its columns: ${shown})`,
  );
}

function kindOf(
  name: string,
  declared: DriftFeatureKind | undefined,
  column: SideColumn,
  side: DriftSide,
): DriftFeatureKind {
  const type = typeClass(column.type);
  if (declared === 'numeric' || (!declared && type === 'numeric')) {
    if (type !== 'numeric') {
      throw new DriftDataError(
        `Feature "${name}" is numeric, but its ${side} column "${column.name}" has type ${column.type}, which is not a number`,
      );
    }
    return 'numeric';
  }
  if (type === 'uncomparable') {
    throw new DriftDataError(
      `Feature "${name}": its ${side} column "${column.name}" has type ${column.type}, which cannot be compared as a category`,
    );
  }
  if (!declared && type === 'other') {
    throw new DriftDataError(
      `Feature "${name}": its ${side} column "${column.name}" has type ${column.type}, which is neither numeric nor categorical; give the feature a kind`,
    );
  }
  return 'categorical';
}

/**
 * Matches the monitor's features to the columns of both sides and settles
 * their kinds from the reference's column types where the monitor gives
 * none. With no features listed, every column of the reference that is
 * numeric or categorical by its type (not time stamps, not nested values)
 * and not excluded is a feature.
 */
export function resolveFeatures(options: {
  features: DriftMonitorFeature[];
  exclude?: string[];
  reference: SideColumn[];
  current: SideColumn[];
}): ResolvedFeature[] {
  const { reference, current } = options;
  const excluded = new Set((options.exclude ?? []).map(e => e.toLowerCase()));
  const wanted: DriftMonitorFeature[] =
    options.features.length > 0
      ? options.features
      : reference
          .filter(c => !excluded.has(c.name.toLowerCase()))
          .filter(c => ['numeric', 'categorical'].includes(typeClass(c.type)))
          .map(c => ({ name: c.name }));
  if (wanted.length === 0) {
    throw new DriftDataError(
      'The reference data has no numeric or categorical column to compare',
    );
  }
  return wanted.map(feature => {
    const referenceColumn = findColumn(reference, feature.name);
    if (!referenceColumn) throw missing(feature.name, 'reference', reference);
    const currentColumn = findColumn(current, feature.name);
    if (!currentColumn) throw missing(feature.name, 'current', current);
    const kind = kindOf(
      feature.name,
      feature.kind,
      referenceColumn,
      'reference',
    );
    kindOf(feature.name, kind, currentColumn, 'current');
    return {
      name: feature.name,
      kind,
      ...(feature.test ? { test: feature.test } : {}),
      ...(feature.threshold !== undefined
        ? { threshold: feature.threshold }
        : {}),
      referenceColumn,
      currentColumn,
    };
  });
}
