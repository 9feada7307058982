import { analyzeStatement, ReadOnlyPolicy, SqlAnalysis } from './index';

const policy: ReadOnlyPolicy = { forbiddenCatalogs: ['system'] };

function refusal(sql: string, p: ReadOnlyPolicy = policy) {
  const result = analyzeStatement(sql, p);
  if (result.allowed) {
    throw new Error(`expected ${JSON.stringify(sql)} to be refused`);
  }
  return result;
}

function allowed(sql: string, p: ReadOnlyPolicy = policy) {
  const result: SqlAnalysis = analyzeStatement(sql, p);
  if (!result.allowed) {
    throw new Error(
      `expected ${JSON.stringify(sql)} to be allowed, refused: ${
        result.reason
      }`,
    );
  }
  return result;
}

describe('analyzeStatement', () => {
  describe('allowed statement types', () => {
    it.each([
      ['SELECT 1', 'SELECT'],
      ['select * from lakehouse.gold.fct_orders', 'SELECT'],
      ['WITH x AS (SELECT 1) SELECT * FROM x', 'WITH'],
      ['VALUES (1, 2), (3, 4)', 'VALUES'],
      ['TABLE lakehouse.silver.dim_date', 'TABLE'],
      ['SHOW TABLES FROM lakehouse.gold', 'SHOW'],
      ['SHOW CATALOGS', 'SHOW'],
      ['SHOW CREATE VIEW lakehouse.gold.v', 'SHOW'],
      ["SHOW SESSION LIKE 'query%'", 'SHOW'],
      ['SHOW FUNCTIONS', 'SHOW'],
      ['SHOW STATS FOR (SELECT 1)', 'SHOW'],
      ['SHOW GRANTS', 'SHOW'],
      ['DESCRIBE lakehouse.gold.fct_orders', 'DESCRIBE'],
      ['DESC lakehouse.gold.fct_orders', 'DESCRIBE'],
      ['DESCRIBE OUTPUT my_statement', 'DESCRIBE'],
      ['EXPLAIN SELECT 1', 'EXPLAIN'],
      ['EXPLAIN ANALYZE SELECT 1', 'EXPLAIN'],
      ['EXPLAIN (TYPE DISTRIBUTED, FORMAT JSON) SELECT 1', 'EXPLAIN'],
      [
        'EXPLAIN ANALYZE VERBOSE WITH x AS (SELECT 1) SELECT * FROM x',
        'EXPLAIN',
      ],
      ['EXPLAIN SHOW TABLES', 'EXPLAIN'],
      ['EXPLAIN (SELECT 1)', 'EXPLAIN'],
      ['(SELECT 1)', 'SELECT'],
      ['((SELECT 1)) UNION (SELECT 2) ORDER BY 1', 'SELECT'],
      ['(VALUES 1)', 'VALUES'],
      ['(WITH x AS (SELECT 1) SELECT * FROM x)', 'WITH'],
    ])('allows %j as %s', (sql, statementType) => {
      expect(allowed(sql).statementType).toBe(statementType);
    });
  });

  describe('one statement', () => {
    it.each([
      ['SELECT 1;'],
      ['SELECT 1 ;  \n'],
      ['SELECT 1; -- done'],
      ['SELECT 1; /* done */ -- really'],
      ['-- leading comment\nSELECT 1'],
    ])('allows a trailing semicolon and comments: %j', sql => {
      expect(allowed(sql).statementType).toBe('SELECT');
    });

    it.each([
      ['SELECT 1; DROP TABLE t', 'DROP TABLE', { line: 1, column: 11 }],
      [
        'SELECT 1;\n/* hidden */ DELETE FROM t',
        'DELETE',
        { line: 2, column: 14 },
      ],
      ['SELECT 1 --\n; UPDATE t SET a = 1', 'UPDATE', { line: 2, column: 3 }],
      ['SELECT 1;;', 'an empty statement', { line: 1, column: 10 }],
      ['SELECT 1; SELECT 2', 'SELECT', { line: 1, column: 11 }],
      ['SELECT 1; ((DELETE FROM t))', 'DELETE', { line: 1, column: 11 }],
      ['SELECT 1; set session x = 1', 'SET SESSION', { line: 1, column: 11 }],
    ])('refuses stacked statements: %j', (sql, second, position) => {
      const result = refusal(sql);
      expect(result.reason).toBe(
        `Stacked statements are not allowed: a second statement (${second}) follows the ";"; run one statement at a time`,
      );
      expect(result.position).toEqual(position);
      expect(result.statementType).toBe('SELECT');
    });

    it.each([
      [''],
      ['   \n\t'],
      ['-- nothing'],
      ['/* nothing */'],
      [';'],
      [' ; -- x'],
    ])('refuses an empty statement: %j', sql => {
      expect(refusal(sql).reason).toBe(
        'Empty statement: there is no SQL to run',
      );
    });
  });

  describe('statement types', () => {
    it.each([
      ['INSERT INTO t VALUES (1)', 'INSERT'],
      ['insert overwrite t select 1', 'INSERT'],
      ['UPDATE t SET a = 1', 'UPDATE'],
      ['DELETE FROM t', 'DELETE'],
      ['MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN DELETE', 'MERGE'],
      ['TRUNCATE TABLE t', 'TRUNCATE'],
      ['CREATE TABLE t (a int)', 'CREATE TABLE'],
      ['CREATE OR REPLACE TEMPORARY VIEW v AS SELECT 1', 'CREATE VIEW'],
      ['CREATE MATERIALIZED VIEW mv AS SELECT 1', 'CREATE MATERIALIZED VIEW'],
      ['CREATE SCHEMA s', 'CREATE SCHEMA'],
      ['CREATE something', 'CREATE'],
      ['DROP TABLE IF EXISTS t', 'DROP TABLE'],
      ['DROP MATERIALIZED VIEW mv', 'DROP MATERIALIZED VIEW'],
      ['ALTER TABLE t ADD COLUMN c int', 'ALTER TABLE'],
      ['ALTER VIEW v RENAME TO w', 'ALTER VIEW'],
      ["COMMENT ON TABLE t IS 'x'", 'COMMENT'],
      ['GRANT SELECT ON t TO bob', 'GRANT'],
      ['REVOKE SELECT ON t FROM bob', 'REVOKE'],
      ['DENY SELECT ON t TO bob', 'DENY'],
      ["CALL system.runtime.kill_query(query_id => 'x')", 'CALL'],
      ['EXECUTE s USING 1', 'EXECUTE'],
      ["EXECUTE IMMEDIATE 'SELECT 1'", 'EXECUTE IMMEDIATE'],
      ['PREPARE s FROM SELECT 1', 'PREPARE'],
      ['DEALLOCATE PREPARE s', 'DEALLOCATE'],
      ["SET SESSION query_max_run_time = '1h'", 'SET SESSION'],
      ['SET ROLE admin', 'SET ROLE'],
      ["SET SESSION AUTHORIZATION 'bob'", 'SET SESSION AUTHORIZATION'],
      ['RESET SESSION query_max_run_time', 'RESET SESSION'],
      ['RESET SESSION AUTHORIZATION', 'RESET SESSION AUTHORIZATION'],
      ['SET PATH lakehouse.gold', 'SET PATH'],
      ["SET TIME ZONE 'UTC'", 'SET TIME ZONE'],
      ["SET memory_limit = '1GB'", 'SET'],
      ['RESET memory_limit', 'RESET'],
      ['USE lakehouse.gold', 'USE'],
      ['START TRANSACTION', 'START TRANSACTION'],
      ['BEGIN', 'BEGIN'],
      ['COMMIT', 'COMMIT'],
      ['ROLLBACK', 'ROLLBACK'],
      ['REFRESH MATERIALIZED VIEW mv', 'REFRESH MATERIALIZED VIEW'],
      ['ANALYZE t', 'ANALYZE'],
      ['VACUUM', 'VACUUM'],
      ["COPY t TO 'x.csv'", 'COPY'],
      ["ATTACH 'x.db' AS x", 'ATTACH'],
      ['DETACH x', 'DETACH'],
      ['INSTALL httpfs', 'INSTALL'],
      ['FORCE INSTALL httpfs', 'FORCE INSTALL'],
      ['LOAD httpfs', 'LOAD'],
      ['PRAGMA version', 'PRAGMA'],
      ["EXPORT DATABASE 'dir'", 'EXPORT DATABASE'],
      ["IMPORT DATABASE 'dir'", 'IMPORT DATABASE'],
      ['CHECKPOINT', 'CHECKPOINT'],
      ['  dRoP   tAbLe t', 'DROP TABLE'],
      ['(DELETE FROM t)', 'DELETE'],
    ])('refuses %j as %s', (sql, type) => {
      const result = refusal(sql);
      expect(result.reason).toBe(
        `${type} statements are not allowed in the read-only SQL console`,
      );
      expect(result.statementType).toBe(type);
    });

    it('gives the position of the refused keyword', () => {
      expect(refusal('/* x */\n  DELETE FROM t').position).toEqual({
        line: 2,
        column: 3,
      });
    });

    it.each([
      ['SUMMARIZE t', 'SUMMARIZE'],
      ['FROM t', 'FROM'],
      ['FOO', 'FOO'],
      ['1 + 1', '1'],
      ['"SELECT" 1', '"SELECT"'],
    ])('refuses the unknown statement %j', (sql, label) => {
      expect(refusal(sql).reason).toBe(
        `Unknown statement ${label}: only SELECT, WITH, VALUES, TABLE, SHOW, DESCRIBE and EXPLAIN statements are allowed`,
      );
    });

    it('refuses a parenthesized statement that is not a query', () => {
      expect(refusal('(SHOW TABLES)').reason).toBe(
        'A parenthesized statement must be a query, found SHOW',
      );
    });
  });

  describe('EXPLAIN', () => {
    it.each([
      [
        'EXPLAIN DELETE FROM t',
        'EXPLAIN of DELETE statements is not allowed in the read-only SQL console',
      ],
      [
        'EXPLAIN (TYPE LOGICAL) DROP TABLE t',
        'EXPLAIN of DROP TABLE statements is not allowed in the read-only SQL console',
      ],
      [
        'EXPLAIN ANALYZE INSERT INTO t VALUES (1)',
        'EXPLAIN ANALYZE of INSERT statements is not allowed: EXPLAIN ANALYZE runs the statement',
      ],
      [
        'EXPLAIN ANALYZE VERBOSE UPDATE t SET a = 1',
        'EXPLAIN ANALYZE of UPDATE statements is not allowed: EXPLAIN ANALYZE runs the statement',
      ],
      [
        'EXPLAIN (ANALYZE, FORMAT JSON) DELETE FROM t',
        'EXPLAIN ANALYZE of DELETE statements is not allowed: EXPLAIN ANALYZE runs the statement',
      ],
      [
        'EXPLAIN EXPLAIN ANALYZE DELETE FROM t',
        'EXPLAIN ANALYZE of DELETE statements is not allowed: EXPLAIN ANALYZE runs the statement',
      ],
      [
        'EXPLAIN FOO',
        'EXPLAIN of FOO statements is not allowed in the read-only SQL console',
      ],
      ['EXPLAIN ANALYZE', 'EXPLAIN needs a statement to explain'],
      [
        'EXPLAIN SELECT * FROM system.runtime.queries',
        'Catalog "system" is forbidden (system.runtime.queries)',
      ],
    ])('refuses %j', (sql, reason) => {
      const result = refusal(sql);
      expect(result.reason).toBe(reason);
      expect(result.statementType).toBe('EXPLAIN');
    });
  });

  describe('WITH', () => {
    it.each([
      [
        'WITH d AS (DELETE FROM t RETURNING *) SELECT * FROM d',
        'The body of CTE "d" must be a query, found DELETE',
      ],
      [
        'WITH a AS (SELECT 1), b AS (INSERT INTO t VALUES (1)) SELECT 1',
        'The body of CTE "b" must be a query, found INSERT',
      ],
      [
        'WITH a AS ((UPDATE t SET x = 1)) SELECT 1',
        'The body of CTE "a" must be a query, found UPDATE',
      ],
      [
        'WITH x AS (SELECT 1) INSERT INTO t SELECT * FROM x',
        'The main statement of WITH must be a query, found INSERT',
      ],
      [
        'WITH x AS (SELECT 1) DROP TABLE t',
        'The main statement of WITH must be a query, found DROP TABLE',
      ],
      [
        'WITH x AS (SELECT 1)',
        'The main statement of WITH must be a query, found the end of the statement',
      ],
      [
        'WITH FUNCTION f() RETURNS int RETURN 1 SELECT f()',
        'WITH FUNCTION (inline routines) is not allowed',
      ],
      [
        "WITH SESSION query_max_run_time = '1h' SELECT 1",
        'WITH SESSION (session properties) is not allowed',
      ],
      [
        'WITH x (SELECT 1) SELECT 1',
        'Cannot read the WITH clause: expected AS after "x"',
      ],
      [
        'WITH AS (SELECT 1) SELECT 1',
        'Cannot read the WITH clause: expected AS after "as"',
      ],
      [
        'WITH x AS SELECT 1',
        'Cannot read the WITH clause: expected "(" after AS in "x"',
      ],
      [
        'WITH 1 AS (SELECT 1) SELECT 1',
        'Cannot read the WITH clause: expected the name of a common table expression',
      ],
    ])('refuses %j', (sql, reason) => {
      expect(refusal(sql).reason).toBe(reason);
    });

    it('allows RECURSIVE, column lists and MATERIALIZED', () => {
      expect(
        allowed(
          'WITH RECURSIVE r (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 3), m AS MATERIALIZED (SELECT 2) SELECT * FROM r, m',
        ).tables,
      ).toEqual([]);
    });
  });

  describe('statements hidden inside queries', () => {
    it.each([
      [
        'SELECT * FROM (DELETE FROM t RETURNING *) x',
        'DELETE is not allowed inside a query: the SQL console is read-only',
        { line: 1, column: 16 },
      ],
      [
        'SELECT * FROM t WHERE a IN (INSERT INTO u VALUES (1))',
        'INSERT is not allowed inside a query: the SQL console is read-only',
        { line: 1, column: 29 },
      ],
      [
        'SELECT (UPDATE t SET a = 1 RETURNING a)',
        'UPDATE is not allowed inside a query: the SQL console is read-only',
        { line: 1, column: 9 },
      ],
      [
        'SELECT * FROM (SET ROLE admin)',
        'SET ROLE is not allowed inside a query: the SQL console is read-only',
        { line: 1, column: 16 },
      ],
      [
        "SELECT ARRAY[(COPY t TO 'x')]",
        'COPY is not allowed inside a query: the SQL console is read-only',
        { line: 1, column: 15 },
      ],
      [
        "SELECT {'a': (CALL p())}",
        'CALL is not allowed inside a query: the SQL console is read-only',
        { line: 1, column: 15 },
      ],
      [
        'SELECT * FROM (comment ON TABLE t IS NULL)',
        'COMMENT is not allowed inside a query: the SQL console is read-only',
        { line: 1, column: 16 },
      ],
      [
        'SELECT 1 UNION DELETE FROM t',
        'Expected a query after UNION, found DELETE',
        { line: 1, column: 16 },
      ],
      [
        'SELECT 1 INTERSECT ALL (DROP TABLE t)',
        'Expected a query after INTERSECT, found DROP TABLE',
        { line: 1, column: 25 },
      ],
      [
        'SELECT 1 EXCEPT',
        'Expected a query after EXCEPT, found the end of the statement',
        { line: 1, column: 10 },
      ],
      [
        'SELECT a FROM t WHERE 1 = 1 DELETE FROM t',
        'DELETE is not allowed in a read-only query: it belongs to data-changing statements (write "delete" in double quotes if it is a name)',
        { line: 1, column: 29 },
      ],
      [
        'SELECT 1 --\nDROP TABLE t',
        'DROP is not allowed in a read-only query: it belongs to data-changing statements (write "drop" in double quotes if it is a name)',
        { line: 2, column: 1 },
      ],
      [
        'SELECT t.insert FROM t',
        'INSERT is not allowed in a read-only query: it belongs to data-changing statements (write "insert" in double quotes if it is a name)',
        { line: 1, column: 10 },
      ],
      [
        'SELECT * FROM t WHERE a = 1 FOR UPDATE',
        'SELECT … FOR UPDATE/SHARE (row locking) is not allowed in the read-only SQL console',
        { line: 1, column: 29 },
      ],
      [
        'SELECT * FROM (SELECT * FROM t FOR NO KEY UPDATE) x',
        'SELECT … FOR UPDATE/SHARE (row locking) is not allowed in the read-only SQL console',
        { line: 1, column: 32 },
      ],
      [
        'SELECT * INTO new_table FROM t',
        'INTO is not allowed in a read-only query: it belongs to data-changing statements (write "into" in double quotes if it is a name)',
        { line: 1, column: 10 },
      ],
      [
        "SHOW TABLES LIKE 'x' CREATE",
        'Unexpected "CREATE" in SHOW statement',
        { line: 1, column: 22 },
      ],
    ])('refuses %j', (sql, reason, position) => {
      const result = refusal(sql);
      expect(result.reason).toBe(reason);
      expect(result.position).toEqual(position);
    });

    it.each([
      [`SELECT "delete", update_count FROM t`],
      [`SELECT 'DROP TABLE x; DELETE FROM y' AS s`],
      [`SELECT 1 /* DELETE FROM t; */ -- DROP TABLE t`],
      [
        `SELECT lower(comment), coalesce(comment, '') FROM t WHERE (comment IS NULL)`,
      ],
      [`SELECT (update), (start + 1), (set), replace(a, 'x', 'y') FROM t`],
      [`SELECT truncate(x), (truncate(y)) FROM t`],
      [`SELECT x FROM t AS v (update, merge, "delete")`],
      [`SHOW CREATE TABLE t`],
      [`SELECT * FROM t WHERE a IS DISTINCT FROM b`],
      [`SELECT extract(year FROM d), substring(s FROM 2 FOR 3) FROM t`],
    ])('allows keywords that are not statements: %j', sql => {
      expect(allowed(sql).allowed).toBe(true);
    });
  });

  describe('functions', () => {
    it.each([
      [
        "SELECT * FROM read_csv('/etc/passwd')",
        'Function read_csv() is not allowed: it reads files or URLs',
      ],
      [
        "SELECT * FROM read_parquet('s3://b/x.parquet')",
        'Function read_parquet() is not allowed: it reads files or URLs',
      ],
      [
        "SELECT * FROM read_json('x.json')",
        'Function read_json() is not allowed: it reads files or URLs',
      ],
      [
        "SELECT content FROM read_text('x')",
        'Function read_text() is not allowed: it reads files or URLs',
      ],
      [
        "SELECT * FROM read_blob('x')",
        'Function read_blob() is not allowed: it reads files or URLs',
      ],
      [
        "SELECT * FROM read_anything_new('x')",
        'Function read_anything_new() is not allowed: it reads files or URLs',
      ],
      [
        "SELECT * FROM glob('*')",
        'Function glob() is not allowed: it lists files',
      ],
      [
        "SELECT pg_read_file('/etc/passwd')",
        'Function pg_read_file() is not allowed: it reads files on the server',
      ],
      [
        "SELECT * FROM query('DROP TABLE t')",
        'Function query() is not allowed: it runs SQL text',
      ],
      [
        "SELECT * FROM query_table('t')",
        'Function query_table() is not allowed: it reads a table named by a string',
      ],
      [
        "SELECT * FROM TABLE(lakehouse.system.query(query => 'x'))",
        'Function query() is not allowed: it runs SQL text',
      ],
      [
        "SELECT * FROM delta_scan('x')",
        'Function delta_scan() is not allowed: it reads files or other databases',
      ],
      [
        "SELECT * FROM t WHERE a = (SELECT getenv('HOME'))",
        'Function getenv() is not allowed: it reads the server environment',
      ],
      [
        'SELECT "Read_CSV"(\'x\')',
        'Function read_csv() is not allowed: it reads files or URLs',
      ],
      [
        "SELECT 'x.csv'.read_csv()",
        'Function read_csv() is not allowed: it reads files or URLs',
      ],
      [
        'SELECT * FROM duckdb_tables()',
        'Table function duckdb_tables() is not allowed in FROM: only unnest, generate_series, sequence, range may be used',
      ],
      [
        'SELECT * FROM t, LATERAL my_table_function(t.x)',
        'Table function my_table_function() is not allowed in FROM: only unnest, generate_series, sequence, range may be used',
      ],
      [
        'SELECT * FROM TABLE(exclude_columns(input => TABLE(t)))',
        'Table function exclude_columns() is not allowed in FROM: only unnest, generate_series, sequence, range may be used',
      ],
      [
        'SELECT * FROM TABLE(1 + 1)',
        'Expected a table function call inside TABLE(…)',
      ],
      [
        'TABLE(my_function())',
        'Table function my_function() is not allowed in FROM: only unnest, generate_series, sequence, range may be used',
      ],
    ])('refuses %j', (sql, reason) => {
      expect(refusal(sql).reason).toBe(reason);
    });

    it.each([
      ['SELECT * FROM UNNEST(ARRAY[1, 2]) AS t (x)'],
      ['SELECT * FROM unnest([1, 2])'],
      ['SELECT * FROM generate_series(1, 3)'],
      ['SELECT * FROM range(3)'],
      ['SELECT * FROM TABLE(sequence(1, 3))'],
      ['SELECT x FROM t CROSS JOIN UNNEST(t.arr) WITH ORDINALITY AS u (x, i)'],
      ["SELECT json_query(doc, 'lax $.a'), read_count FROM t"],
      ['SELECT * FROM t AS query (a), u AS glob (b)'],
    ])('allows %j', sql => {
      expect(allowed(sql).allowed).toBe(true);
    });
  });

  describe('files and URLs in FROM', () => {
    it.each([
      [
        "SELECT * FROM 's3://bucket/x.parquet'",
        'Reading a file or URL named by a string in FROM is not allowed',
      ],
      [
        "SELECT * FROM t JOIN 'x.csv' ON true",
        'Reading a file or URL named by a string in FROM is not allowed',
      ],
      [
        "SELECT * FROM t, (('x.csv'))",
        'Reading a file or URL named by a string in FROM is not allowed',
      ],
      [
        "SELECT * FROM (FROM 'x.csv')",
        'Reading a file or URL named by a string in FROM is not allowed',
      ],
      [
        "DESCRIBE 'x.csv'",
        'Reading a file or URL named by a string in FROM is not allowed',
      ],
      [
        'SELECT * FROM "data.parquet"',
        'Table name "data.parquet" looks like a file path or URL: reading files is not allowed',
      ],
      [
        'SELECT * FROM "https://example.com/x"',
        'Table name "https://example.com/x" looks like a file path or URL: reading files is not allowed',
      ],
      [
        'SELECT * FROM `/tmp/x`',
        'Table name `/tmp/x` looks like a file path or URL: reading files is not allowed',
      ],
    ])('refuses %j', (sql, reason) => {
      expect(refusal(sql).reason).toBe(reason);
    });

    it('allows file-like strings outside FROM', () => {
      expect(allowed("SELECT 's3://bucket/x.parquet' AS path").allowed).toBe(
        true,
      );
    });
  });

  describe('catalogs', () => {
    it.each([
      [
        'SELECT * FROM system.runtime.queries',
        'Catalog "system" is forbidden (system.runtime.queries)',
        { line: 1, column: 15 },
      ],
      [
        'SELECT * FROM "SYSTEM".Runtime."Queries"',
        'Catalog "system" is forbidden (system.runtime.queries)',
        { line: 1, column: 15 },
      ],
      [
        'SELECT * FROM system.information_schema.tables',
        'Catalog "system" is forbidden (system.information_schema.tables)',
        { line: 1, column: 15 },
      ],
      [
        'SELECT * FROM system.duckdb_tables',
        'Catalog "system" is forbidden (system.duckdb_tables)',
        { line: 1, column: 15 },
      ],
      [
        'SELECT * FROM t WHERE x IN (SELECT query_id FROM system . runtime . queries)',
        'Catalog "system" is forbidden (system.runtime.queries)',
        { line: 1, column: 50 },
      ],
      [
        'SHOW SCHEMAS FROM system',
        'Catalog "system" is forbidden (system)',
        { line: 1, column: 19 },
      ],
      [
        'SHOW TABLES IN system.runtime',
        'Catalog "system" is forbidden (system.runtime)',
        { line: 1, column: 16 },
      ],
      [
        'SHOW TABLES FROM system',
        'Catalog "system" is forbidden (system)',
        { line: 1, column: 18 },
      ],
      [
        'SHOW COLUMNS FROM system.runtime.nodes',
        'Catalog "system" is forbidden (system.runtime.nodes)',
        { line: 1, column: 19 },
      ],
      [
        'DESCRIBE system.runtime.nodes',
        'Catalog "system" is forbidden (system.runtime.nodes)',
        { line: 1, column: 10 },
      ],
      [
        'SHOW CREATE SCHEMA system.runtime',
        'Catalog "system" is forbidden (system.runtime)',
        { line: 1, column: 20 },
      ],
      [
        'SELECT system.runtime.queries.state FROM t',
        'Catalog "system" is forbidden (system.runtime.queries.state)',
        { line: 1, column: 8 },
      ],
      [
        'SELECT system.builtin.abs(1)',
        'Catalog "system" is forbidden (system.builtin.abs)',
        { line: 1, column: 8 },
      ],
    ])('refuses %j', (sql, reason, position) => {
      const result = refusal(sql);
      expect(result.reason).toBe(reason);
      expect(result.position).toEqual(position);
    });

    it('leaves the system catalog alone when the policy does not forbid it', () => {
      expect(
        allowed('SELECT * FROM system.runtime.queries', {}).tables,
      ).toEqual(['system.runtime.queries']);
    });

    it('compares forbidden catalogs without regard to case', () => {
      expect(
        refusal('SELECT * FROM System.runtime.queries', {
          forbiddenCatalogs: ['SYSTEM'],
        }).reason,
      ).toBe('Catalog "system" is forbidden (system.runtime.queries)');
    });

    describe('with allowedCatalogs', () => {
      const only = {
        allowedCatalogs: ['lakehouse'],
        forbiddenCatalogs: ['system'],
      };

      it.each([
        [
          'SELECT * FROM tpch.tiny.orders',
          'Catalog "tpch" is not allowed (tpch.tiny.orders): only "lakehouse" may be queried',
        ],
        [
          'SELECT * FROM lakehouse.gold.fct_orders o JOIN hive.web.clicks c ON true',
          'Catalog "hive" is not allowed (hive.web.clicks): only "lakehouse" may be queried',
        ],
        [
          'SHOW SCHEMAS FROM tpch',
          'Catalog "tpch" is not allowed (tpch): only "lakehouse" may be queried',
        ],
        [
          'SHOW TABLES FROM tpch.tiny',
          'Catalog "tpch" is not allowed (tpch.tiny): only "lakehouse" may be queried',
        ],
        [
          'SELECT * FROM system.runtime.queries',
          'Catalog "system" is forbidden (system.runtime.queries)',
        ],
      ])('refuses %j', (sql, reason) => {
        expect(refusal(sql, only).reason).toBe(reason);
      });

      it('allows the allowed catalogs, and names without a catalog', () => {
        expect(
          allowed(
            'SELECT * FROM LAKEHOUSE.gold.fct_orders o JOIN silver.dim_customers c USING (customer_id) JOIN dim_date d ON true',
            only,
          ).tables,
        ).toEqual([
          'lakehouse.gold.fct_orders',
          'silver.dim_customers',
          'dim_date',
        ]);
      });
    });
  });

  describe('characters', () => {
    it.each([
      [
        'DЕLETE FROM t',
        'Non-ASCII character U+0415 "Е": only plain ASCII is allowed outside string literals, quoted identifiers and comments',
        { line: 1, column: 2 },
      ],
      [
        'ＳＥＬＥＣＴ 1',
        'Non-ASCII character U+FF33 "Ｓ": only plain ASCII is allowed outside string literals, quoted identifiers and comments',
        { line: 1, column: 1 },
      ],
      [
        'SELECT 1\n\u00a0FROM t',
        'Non-ASCII whitespace U+00A0: only plain ASCII is allowed outside string literals, quoted identifiers and comments',
        { line: 2, column: 1 },
      ],
      [
        'SELECT\u200b1',
        'Non-ASCII character U+200B: only plain ASCII is allowed outside string literals, quoted identifiers and comments',
        { line: 1, column: 7 },
      ],
      [
        'SELECT 1\u0000',
        'Control character U+0000 is not allowed outside string literals, quoted identifiers and comments',
        { line: 1, column: 9 },
      ],
      [
        'SELECT\f1',
        'Control character U+000C is not allowed outside string literals, quoted identifiers and comments',
        { line: 1, column: 7 },
      ],
    ])('refuses %j', (sql, reason, position) => {
      const result = refusal(sql);
      expect(result.reason).toBe(reason);
      expect(result.position).toEqual(position);
    });

    it('allows any character inside string literals, quoted identifiers and comments', () => {
      expect(
        allowed(
          'SELECT \'DЕLETE ；\u00a0\' AS "prix (€)" -- café\u3000☕\n/* ｘ */',
        ).allowed,
      ).toBe(true);
    });

    it.each([
      [
        "SELECT E'a\\' -- '; DROP TABLE t",
        "Escape string literals (E'…') are not allowed: Trino and DuckDB read their backslashes differently",
      ],
      [
        'SELECT $$ x $$',
        'Dollar-quoted strings ($$…$$) are not allowed: Trino does not read them',
      ],
      [
        'SELECT * FROM t WHERE a = $1',
        '"$" is not allowed outside string literals and quoted identifiers (no $ parameters or dollar-quoting)',
      ],
      [
        'SELECT a$b FROM t',
        '"$" is not allowed outside string literals and quoted identifiers (no $ parameters or dollar-quoting)',
      ],
      [
        'SELECT 1 /*! DROP TABLE t */',
        'Executable comments (/*! … */) are not allowed',
      ],
      [
        'SELECT 1 /* /* */ ; DROP TABLE t; -- */',
        'Nested block comments are not allowed: Trino and DuckDB read a "/*" inside a comment differently',
      ],
      [
        'SELECT 1 /* x /*/',
        'Nested block comments are not allowed: Trino and DuckDB read a "/*" inside a comment differently',
      ],
    ])('refuses %j', (sql, reason) => {
      expect(refusal(sql).reason).toBe(reason);
    });

    it('allows $ inside quoted identifiers', () => {
      expect(
        allowed('SELECT * FROM lakehouse.gold."fct_orders$snapshots"').tables,
      ).toEqual(['lakehouse.gold."fct_orders$snapshots"']);
    });
  });

  describe('syntax', () => {
    it.each([
      [
        "SELECT 'abc",
        'Unterminated string literal at line 1, column 8',
        { line: 1, column: 8 },
      ],
      [
        'SELECT 1 /* x',
        'Unterminated block comment at line 1, column 10',
        { line: 1, column: 10 },
      ],
      [
        'SELECT (1',
        'Unbalanced parentheses: "(" is never closed',
        { line: 1, column: 8 },
      ],
      [
        'SELECT 1)',
        'Unbalanced parentheses: ")" has no matching opening bracket',
        { line: 1, column: 9 },
      ],
      [
        'SELECT [1)',
        'Mismatched brackets: "[" at line 1, column 8 is closed by ")"',
        { line: 1, column: 10 },
      ],
      [
        'DESCRIBE',
        'DESCRIBE needs a table name or a query',
        { line: 1, column: 1 },
      ],
      [
        'DESCRIBE t u',
        'Unexpected "u" in DESCRIBE statement',
        { line: 1, column: 12 },
      ],
      [
        'SHOW COLUMNS t',
        'Expected FROM after SHOW COLUMNS',
        { line: 1, column: 14 },
      ],
      [
        'SHOW CREATE INDEX i',
        'Unrecognised SHOW CREATE statement',
        { line: 1, column: 13 },
      ],
      ['SHOW 1', 'Expected a table name, found "1"', { line: 1, column: 6 }],
    ])('refuses %j', (sql, reason, position) => {
      const result = refusal(sql);
      expect(result.reason).toBe(reason);
      expect(result.position).toEqual(position);
    });

    it('refuses EXPLAIN chains deeper than 100 levels', () => {
      expect(refusal(`${'EXPLAIN '.repeat(5000)}SELECT 1`).reason).toBe(
        'The statement is nested too deeply (more than 100 levels)',
      );
      expect(allowed(`${'EXPLAIN '.repeat(50)}SELECT 1`).statementType).toBe(
        'EXPLAIN',
      );
    });

    it('names the statement type when the brackets do not match', () => {
      expect(refusal('((SELECT 1)').statementType).toBe('SELECT');
    });

    it('refuses nesting deeper than 100 levels', () => {
      const sql = `SELECT ${'('.repeat(150)}1${')'.repeat(150)}`;
      expect(refusal(sql).reason).toBe(
        'The statement is nested too deeply (more than 100 levels)',
      );
      expect(
        allowed(`SELECT ${'('.repeat(50)}1${')'.repeat(50)}`).allowed,
      ).toBe(true);
    });
  });

  describe('tables', () => {
    it('lists the relations of joins, lower-cased, in order and once each', () => {
      expect(
        allowed(`
          SELECT *
          FROM Lakehouse.Gold.FCT_ORDERS o
          JOIN lakehouse.silver.dim_customers c ON o.customer_id = c.customer_id
          LEFT OUTER JOIN lakehouse.silver.dim_date AS d ON d.date_key = o.order_date_key
          CROSS JOIN lakehouse.silver.dim_products p,
               lakehouse.gold.fct_orders again
          WHERE EXISTS (SELECT 1 FROM lakehouse.bronze.stg_orders s WHERE s.order_id = o.order_id)
        `).tables,
      ).toEqual([
        'lakehouse.gold.fct_orders',
        'lakehouse.silver.dim_customers',
        'lakehouse.silver.dim_date',
        'lakehouse.silver.dim_products',
        'lakehouse.bronze.stg_orders',
      ]);
    });

    it('does not list common table expressions, but lists what they read', () => {
      expect(
        allowed(`
          WITH orders AS (SELECT * FROM lakehouse.gold.fct_orders),
               "Customers" AS (SELECT * FROM lakehouse.silver.dim_customers)
          SELECT * FROM orders JOIN customers USING (customer_id) JOIN dim_date ON true
        `).tables,
      ).toEqual([
        'lakehouse.gold.fct_orders',
        'lakehouse.silver.dim_customers',
        'dim_date',
      ]);
    });

    it('lists a qualified name even when a CTE has its last part as name', () => {
      expect(
        allowed(
          'WITH fct_orders AS (SELECT 1) SELECT * FROM fct_orders, lakehouse.gold.fct_orders',
        ).tables,
      ).toEqual(['lakehouse.gold.fct_orders']);
    });

    it('lists relations of subqueries, set operations, lateral joins and parenthesized joins', () => {
      expect(
        allowed(`
          SELECT * FROM (SELECT * FROM a.b.c) x
          JOIN LATERAL (SELECT * FROM d WHERE d.k = x.k) y ON true
          JOIN (e JOIN f ON e.id = f.id) ON true
          UNION ALL TABLE g
        `).tables,
      ).toEqual(['a.b.c', 'd', 'e', 'f', 'g']);
    });

    it('does not list aliases, columns, table functions, or FROM inside functions', () => {
      expect(
        allowed(`
          SELECT extract(year FROM o.ts), trim(BOTH ' ' FROM o.name)
          FROM t AS o (ts, name)
          CROSS JOIN UNNEST(o.tags) AS u (tag)
          WHERE o.a IS DISTINCT FROM o.b
          ORDER BY 1
        `).tables,
      ).toEqual(['t']);
    });

    it('quotes parts that are not plain names', () => {
      expect(
        allowed('SELECT * FROM "Lakehouse"."Gold"."My Table"').tables,
      ).toEqual(['lakehouse.gold."my table"']);
    });

    it('lists the table of SHOW, DESCRIBE and TABLE statements', () => {
      expect(allowed('SHOW COLUMNS FROM a.b.c').tables).toEqual(['a.b.c']);
      expect(allowed('SHOW CREATE TABLE a.b.c').tables).toEqual(['a.b.c']);
      expect(allowed('SHOW STATS FOR a.b.c').tables).toEqual(['a.b.c']);
      expect(allowed('DESCRIBE a.b.c').tables).toEqual(['a.b.c']);
      expect(allowed('TABLE a.b.c').tables).toEqual(['a.b.c']);
      expect(allowed('SHOW TABLES FROM a.b').tables).toEqual([]);
    });
  });

  describe('redacted', () => {
    it('replaces every string literal with ?, keeping the rest', () => {
      expect(
        allowed(
          "SELECT name, 'secret' AS s, U&'\\0041' AS u, X'FF' AS x -- 'kept'\nFROM t WHERE pw = 'it''s' AND \"col\" = 42",
        ).redacted,
      ).toBe(
        "SELECT name, '?' AS s, '?' AS u, '?' AS x -- 'kept'\nFROM t WHERE pw = '?' AND \"col\" = 42",
      );
    });

    it('redacts refused statements too', () => {
      const result = refusal(
        "SELECT 1; UPDATE users SET password = 'hunter2', token = E'a\\'b'",
      );
      expect(result.redacted).toBe(
        "SELECT 1; UPDATE users SET password = '?', token = '?'",
      );
    });

    it('redacts an unterminated string to the end', () => {
      expect(
        refusal("SELECT a FROM t WHERE pw = 'hunter2 -- oops").redacted,
      ).toBe("SELECT a FROM t WHERE pw = '?'");
    });

    it('redacts dollar-quoted strings', () => {
      expect(refusal('SELECT $x$ secret $x$').redacted).toBe("SELECT '?'");
    });
  });
});
