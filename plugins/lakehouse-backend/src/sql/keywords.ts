/**
 * Word lists of the read-only analysis. All words are upper-case, function
 * names lower-case.
 */
import { QUERY_CLAUSES, SET_OPERATORS } from '@internal/plugin-lakehouse-node';

/** Statements that start with these words may run. */
export const QUERY_STARTERS = new Set(['SELECT', 'WITH', 'VALUES', 'TABLE']);

/**
 * First words of statements that are refused by name. Any other first word
 * is refused as an unknown statement.
 */
export const REFUSED_STATEMENTS = new Set([
  'INSERT',
  'UPDATE',
  'DELETE',
  'MERGE',
  'UPSERT',
  'REPLACE',
  'TRUNCATE',
  'CREATE',
  'DROP',
  'ALTER',
  'RENAME',
  'COMMENT',
  'GRANT',
  'REVOKE',
  'DENY',
  'CALL',
  'EXECUTE',
  'EXEC',
  'PREPARE',
  'DEALLOCATE',
  'SET',
  'RESET',
  'USE',
  'START',
  'BEGIN',
  'COMMIT',
  'ROLLBACK',
  'ABORT',
  'END',
  'SAVEPOINT',
  'RELEASE',
  'REFRESH',
  'ANALYZE',
  'ANALYSE',
  'VACUUM',
  'COPY',
  'UNLOAD',
  'ATTACH',
  'DETACH',
  'INSTALL',
  'FORCE',
  'LOAD',
  'PRAGMA',
  'EXPORT',
  'IMPORT',
  'CHECKPOINT',
  'LOCK',
  'KILL',
]);

/** Object kinds named after CREATE, DROP and ALTER in a refusal. */
export const OBJECT_KINDS = new Set([
  'TABLE',
  'VIEW',
  'SCHEMA',
  'DATABASE',
  'CATALOG',
  'FUNCTION',
  'MACRO',
  'SEQUENCE',
  'TYPE',
  'INDEX',
  'ROLE',
  'USER',
  'SECRET',
  'BRANCH',
  'TAG',
  'TRIGGER',
  'EXTENSION',
  'PROCEDURE',
]);

/** Words that may stand between CREATE and the object kind. */
export const CREATE_MODIFIERS = new Set([
  'OR',
  'REPLACE',
  'TEMP',
  'TEMPORARY',
  'PERSISTENT',
  'GLOBAL',
  'LOCAL',
  'UNLOGGED',
  'EXTERNAL',
  'TRANSIENT',
]);

/**
 * Reserved words of Trino that only belong to data-changing or procedural
 * statements (`INTO` also to `SELECT … INTO new_table` elsewhere): they
 * cannot be unquoted names in Trino, so wherever they stand bare in a query,
 * they are refused (with a hint to quote a name). `CREATE` is fine right
 * after `SHOW`.
 */
export const BARE_FORBIDDEN = new Set([
  'INSERT',
  'INTO',
  'DELETE',
  'CREATE',
  'DROP',
  'ALTER',
  'EXECUTE',
  'PREPARE',
  'DEALLOCATE',
]);

/**
 * Words that, at the start of a parenthesized part of a query, start a
 * statement whatever follows (unless the word is a function name followed by
 * `(`, see {@link FUNCTION_NAMED_STATEMENTS}).
 */
export const NESTED_STATEMENT_STRONG = new Set([
  'INSERT',
  'DELETE',
  'MERGE',
  'UPSERT',
  'TRUNCATE',
  'CREATE',
  'DROP',
  'ALTER',
  'GRANT',
  'REVOKE',
  'DENY',
  'CALL',
  'EXECUTE',
  'EXEC',
  'PREPARE',
  'DEALLOCATE',
  'COPY',
  'UNLOAD',
  'VACUUM',
  'ATTACH',
  'DETACH',
  'INSTALL',
  'PRAGMA',
  'REFRESH',
  'CHECKPOINT',
  'COMMIT',
  'ROLLBACK',
  'ABORT',
  'SAVEPOINT',
]);

/** Statement words that are also function names, as in `truncate(x)`. */
export const FUNCTION_NAMED_STATEMENTS = new Set(['TRUNCATE']);

/**
 * Words that are common column names but also start statements: at the start
 * of a parenthesized part of a query they are refused only when a name,
 * string or keyword other than an expression keyword follows, as in
 * `(UPDATE t SET …)` but not `(comment IS NULL)`.
 */
export const NESTED_STATEMENT_WEAK = new Set([
  'UPDATE',
  'SET',
  'RESET',
  'USE',
  'START',
  'BEGIN',
  'LOAD',
  'ANALYZE',
  'ANALYSE',
  'COMMENT',
  'FORCE',
  'EXPORT',
  'IMPORT',
  'RELEASE',
  'REPLACE',
  'RENAME',
  'LOCK',
  'KILL',
]);

/** Keywords that continue an expression after a name. */
export const EXPRESSION_KEYWORDS = new Set([
  'AND',
  'OR',
  'NOT',
  'IS',
  'IN',
  'LIKE',
  'ILIKE',
  'GLOB',
  'SIMILAR',
  'BETWEEN',
  'AS',
  'ASC',
  'DESC',
  'NULLS',
  'OVER',
  'FILTER',
  'WITHIN',
  'RESPECT',
  'IGNORE',
  'ESCAPE',
  'COLLATE',
  'AT',
  'FROM',
  'FOR',
  'THEN',
  'WHEN',
  'ELSE',
  'END',
  'ORDER',
  'SEPARATOR',
  'DIV',
  'MOD',
  'REGEXP',
  'RLIKE',
  'ISNULL',
  'NOTNULL',
]);

/** Clause keywords that end a FROM clause. */
export const CLAUSES_AFTER_FROM = new Set([
  ...[...QUERY_CLAUSES].filter(word => word !== 'FROM'),
  'RETURNING',
]);

/** Keywords that are never a table name where a relation is expected. */
export const NOT_A_RELATION = new Set([
  'SELECT',
  'WITH',
  'VALUES',
  ...QUERY_CLAUSES,
  ...SET_OPERATORS,
  'JOIN',
  'ON',
  'USING',
  'LEFT',
  'RIGHT',
  'FULL',
  'INNER',
  'OUTER',
  'CROSS',
  'NATURAL',
  'AS',
]);

/** Table functions that may be used in FROM. */
export const ALLOWED_TABLE_FUNCTIONS = new Set([
  'unnest',
  'generate_series',
  'sequence',
  'range',
]);

/** Why a function is refused, by name. */
export const FORBIDDEN_FUNCTIONS = new Map<string, string>([
  ['read_csv', 'it reads files or URLs'],
  ['read_csv_auto', 'it reads files or URLs'],
  ['read_parquet', 'it reads files or URLs'],
  ['read_json', 'it reads files or URLs'],
  ['read_json_auto', 'it reads files or URLs'],
  ['read_json_objects', 'it reads files or URLs'],
  ['read_ndjson', 'it reads files or URLs'],
  ['read_ndjson_auto', 'it reads files or URLs'],
  ['read_text', 'it reads files or URLs'],
  ['read_blob', 'it reads files or URLs'],
  ['read_xlsx', 'it reads files or URLs'],
  ['glob', 'it lists files'],
  ['sniff_csv', 'it reads files or URLs'],
  ['parquet_metadata', 'it reads files or URLs'],
  ['parquet_schema', 'it reads files or URLs'],
  ['parquet_file_metadata', 'it reads files or URLs'],
  ['parquet_kv_metadata', 'it reads files or URLs'],
  ['iceberg_metadata', 'it reads files or URLs'],
  ['iceberg_snapshots', 'it reads files or URLs'],
  ['st_read', 'it reads files or URLs'],
  ['st_read_meta', 'it reads files or URLs'],
  ['st_readosm', 'it reads files or URLs'],
  ['http_get', 'it reads URLs'],
  ['http_post', 'it sends requests to URLs'],
  ['pg_read_file', 'it reads files on the server'],
  ['pg_read_binary_file', 'it reads files on the server'],
  ['pg_ls_dir', 'it lists files on the server'],
  ['pg_stat_file', 'it reads files on the server'],
  ['lo_import', 'it reads files on the server'],
  ['lo_export', 'it writes files on the server'],
  ['query', 'it runs SQL text'],
  ['query_table', 'it reads a table named by a string'],
  ['postgres_query', 'it runs SQL text on another database'],
  ['mysql_query', 'it runs SQL text on another database'],
  ['sqlite_query', 'it runs SQL text on another database'],
  ['json_execute_serialized_sql', 'it runs SQL text'],
  ['dblink', 'it runs SQL text on another database'],
  ['dblink_exec', 'it runs SQL text on another database'],
  ['getenv', 'it reads the server environment'],
  ['current_setting', 'it reads engine settings, which may hold secrets'],
  ['duckdb_settings', 'it reads engine settings, which may hold secrets'],
  ['duckdb_secrets', 'it reads stored secrets'],
  ['which_secret', 'it reads stored secrets'],
  ['load_aws_credentials', 'it loads credentials'],
  ['set_config', 'it changes engine settings'],
  ['nextval', 'it changes a sequence'],
  ['setval', 'it changes a sequence'],
  ['checkpoint', 'it writes the database'],
  ['force_checkpoint', 'it writes the database'],
]);

/** Why a function is refused, by the start or end of its name. */
export const FORBIDDEN_FUNCTION_AFFIXES: {
  prefix?: string;
  suffix?: string;
  why: string;
}[] = [
  { prefix: 'read_', why: 'it reads files or URLs' },
  { suffix: '_scan', why: 'it reads files or other databases' },
  { suffix: '_execute', why: 'it runs SQL text on another database' },
];
