import { identifier, numberFrom, stringLiteral, subquery } from './sqlText';

/**
 * Categories a categorical feature's histogram keeps: the reference's most
 * frequent ones. The rest of both sides is one `(other)` bucket, so a
 * high-cardinality column (ids, free text) gives a report of bounded size
 * and a statement of bounded length, while the usual low-cardinality
 * feature keeps every category.
 */
export const CATEGORY_CAP = 100;

/** The name of the bucket of categories beyond the kept ones. */
export const OTHER_CATEGORY = '(other)';

/** The reference's categories of a feature (cached with the reference's summary). */
export interface ReferenceCategories {
  /** The most frequent categories, most frequent first (ties by name). */
  categories: string[];
  counts: number[];
  /** Values in other categories. */
  other: number;
  /** Whether `categories` holds every category of the reference. */
  complete: boolean;
}

/** The current side's counts on the reference's categories. */
export interface CurrentCategories {
  counts: number[];
  /** Values not in the kept categories. */
  other: number;
  /** Values in no category of the reference at all. */
  unseen: number;
}

/**
 * The most frequent categories of each feature in the reference (one more
 * than the cap, to tell whether the list is complete), as the text of the
 * value.
 */
export function referenceCategoriesSql(sql: string, columns: string[]): string {
  return columns
    .map((column, i) => {
      const value = `t.${identifier(column)}`;
      return `select ${i} f, c, n from (select cast(${value} as varchar) c, count(*) n from ${subquery(
        sql,
        't',
      )} where ${value} is not null group by 1 order by 2 desc, 1 limit ${
        CATEGORY_CAP + 1
      }) q${i}`;
    })
    .join('\nunion all\n');
}

/** Reads {@link referenceCategoriesSql}; `values` are each feature's non-null values. */
export function readReferenceCategories(
  rows: unknown[][],
  values: number[],
): ReferenceCategories[] {
  const found = values.map(() => [] as [string, number][]);
  for (const row of rows) {
    found[numberFrom(row[0])].push([String(row[1]), numberFrom(row[2])]);
  }
  return found.map((list, i) => {
    // The engine's LIMIT inside a UNION keeps its rows, not their order.
    list.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    const kept = list.slice(0, CATEGORY_CAP);
    const counts = kept.map(([, n]) => n);
    return {
      categories: kept.map(([c]) => c),
      counts,
      other: values[i] - counts.reduce((a, b) => a + b, 0),
      complete: list.length <= CATEGORY_CAP,
    };
  });
}

/** A categorical feature as the current side's statement needs it. */
export interface CurrentCategoricalFeature {
  currentColumn: string;
  referenceColumn: string;
  reference: ReferenceCategories;
}

/**
 * The current side's counts per kept category of each feature (the rest
 * counted as one), and, where the reference has more categories than were
 * kept, the values in none of the reference's categories, which only the
 * reference's rows can tell.
 */
export function currentCategoriesSql(
  currentSql: string,
  referenceSql: string,
  features: CurrentCategoricalFeature[],
): string {
  return features
    .flatMap((feature, i) => {
      const value = `t.${identifier(feature.currentColumn)}`;
      const values = `(select cast(${value} as varchar) c from ${subquery(
        currentSql,
        't',
      )} where ${value} is not null) u${i}`;
      const list = feature.reference.categories.map(stringLiteral).join(', ');
      const statements = [
        `select ${i} f, 'counts' part, cat, count(*) n from (select case when c in (${list}) then c end cat from ${values}) v${i} group by cat`,
      ];
      if (!feature.reference.complete) {
        const known = `r.${identifier(feature.referenceColumn)}`;
        statements.push(
          `select ${i} f, 'unseen' part, cast(null as varchar) cat, count(*) n from ${values} where c not in (select cast(${known} as varchar) from ${subquery(
            referenceSql,
            'r',
          )} where ${known} is not null)`,
        );
      }
      return statements;
    })
    .join('\nunion all\n');
}

/** Reads {@link currentCategoriesSql}. */
export function readCurrentCategories(
  rows: unknown[][],
  features: CurrentCategoricalFeature[],
): CurrentCategories[] {
  const results = features.map(f => ({
    counts: f.reference.categories.map(() => 0),
    other: 0,
    unseen: NaN,
  }));
  const index = features.map(
    f => new Map(f.reference.categories.map((c, i) => [c, i])),
  );
  for (const row of rows) {
    const f = numberFrom(row[0]);
    const n = numberFrom(row[3]);
    if (row[1] === 'unseen') {
      results[f].unseen = n;
    } else if (row[2] === null || row[2] === undefined) {
      results[f].other += n;
    } else {
      results[f].counts[index[f].get(String(row[2]))!] += n;
    }
  }
  // With every reference category kept, the rest is exactly what the
  // reference never had.
  return results.map((r, i) => ({
    ...r,
    unseen: features[i].reference.complete ? r.other : r.unseen || 0,
  }));
}
