/**
 * Pieces of SQL text that read the same on DuckDB and on Trino.
 */

/** A quoted identifier, e.g. `"order total"`. */
export function identifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** A string literal. */
export function stringLiteral(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/**
 * A DOUBLE literal that gives back exactly `value`: the shortest exponent
 * form (a plain `1.5` would be a DECIMAL on both engines, and DECIMAL
 * arithmetic overflows or rounds). Negative values are parenthesised so
 * that `v - -1E0` never becomes the comment `v --1E0`.
 */
export function doubleLiteral(value: number): string {
  if (!Number.isFinite(value)) {
    throw new Error(`${value} cannot be written as a SQL number`);
  }
  const text = value.toExponential().toUpperCase();
  return value < 0 ? `(${text})` : text;
}

/** An integer literal (counts and their products stay exact as BIGINT). */
export function integerLiteral(value: number): string {
  if (!Number.isSafeInteger(value)) {
    throw new Error(`${value} is not an integer SQL can hold exactly`);
  }
  return value < 0 ? `(${value})` : String(value);
}

/**
 * The monitor's SELECT as a subquery. It is not changed, except that a
 * trailing `;` is dropped; it ends on its own line so a trailing `--`
 * comment cannot swallow the closing parenthesis.
 */
export function subquery(sql: string, alias: string): string {
  const body = sql.replace(/[\s;]+$/, '');
  return `(\n${body}\n) ${alias}`;
}

/**
 * Keeps finite values: NaN and ±Infinity are treated as missing. Written as
 * a range because the engines name their finiteness test differently
 * (`isfinite`, `is_finite`); NaN fails the range on both.
 */
export function finiteSql(expression: string): string {
  return `${expression} between -1.7976931348623157E308 and 1.7976931348623157E308`;
}

/** A number from a result cell: engines send BIGINT and DECIMAL as strings or bigints. */
export function numberFrom(value: unknown): number {
  if (value === null || value === undefined) return NaN;
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  return Number(value);
}
