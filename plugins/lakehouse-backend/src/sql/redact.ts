import { scanSql, SqlScan } from '@internal/plugin-lakehouse-node';

/** What every string literal becomes in a redacted statement. */
export const REDACTED_LITERAL = "'?'";

/** Redacts a scan of `sql`; see {@link redactSql}. */
export function redactScan(sql: string, scan: SqlScan): string {
  let out = '';
  let cursor = 0;
  for (const token of scan.tokens) {
    out += sql.slice(cursor, token.position.offset);
    out += token.kind === 'string' ? REDACTED_LITERAL : token.text;
    cursor = token.end;
  }
  if (scan.unterminatedStringAt !== undefined) {
    // An unterminated literal runs to the end: all of it may be secret.
    return (
      out + sql.slice(cursor, scan.unterminatedStringAt) + REDACTED_LITERAL
    );
  }
  return out + sql.slice(cursor);
}

/**
 * The statement with every string literal (`'…'`, `E'…'`, `U&'…'`, `X'…'`,
 * `$$…$$`, …) replaced by `'?'`, for audit logs. Everything else, comments
 * included, is kept as written. Text that cannot be tokenized is redacted up
 * to the error; an unterminated string literal is redacted to the end.
 */
export function redactSql(sql: string): string {
  return redactScan(sql, scanSql(sql));
}
