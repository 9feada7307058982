/**
 * Read-only analysis of the SQL console's statements, before they reach
 * Trino or DuckDB.
 */
export { tokenizeSql, scanSql, SqlTokenizeError } from './tokenizer';
export type {
  SqlPosition,
  SqlScan,
  SqlToken,
  SqlTokenKind,
  SqlTokenVariant,
} from './tokenizer';
export { analyzeStatement } from './analyzeStatement';
export type {
  AllowedStatementType,
  ReadOnlyPolicy,
  SqlAnalysis,
  SqlLineColumn,
} from './analyzeStatement';
export { redactSql, REDACTED_LITERAL } from './redact';
