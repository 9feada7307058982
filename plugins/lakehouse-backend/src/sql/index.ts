/**
 * Read-only analysis of the SQL console's statements, before they reach
 * Trino or DuckDB. The tokenizer it works on is the lakehouse's shared one
 * in `@internal/plugin-lakehouse-node`.
 */
export { analyzeStatement } from './analyzeStatement';
export type {
  AllowedStatementType,
  ReadOnlyPolicy,
  SqlAnalysis,
  SqlLineColumn,
} from './analyzeStatement';
export { redactSql, REDACTED_LITERAL } from './redact';
