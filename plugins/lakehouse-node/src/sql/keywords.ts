/*
 * Keywords of query syntax that more than one reader of Trino-flavoured SQL
 * needs, upper-case as `word` tokens carry them in `value`.
 */

/** Keywords that start a clause of a query after its select list. */
export const QUERY_CLAUSES: ReadonlySet<string> = new Set([
  'FROM',
  'WHERE',
  'GROUP',
  'HAVING',
  'WINDOW',
  'QUALIFY',
  'ORDER',
  'LIMIT',
  'OFFSET',
  'FETCH',
]);

/** Set operators between queries (`MINUS` is DuckDB's `EXCEPT`). */
export const SET_OPERATORS: ReadonlySet<string> = new Set([
  'UNION',
  'INTERSECT',
  'EXCEPT',
  'MINUS',
]);
