/*
 * SQL engine of the Trino double: runs statements for real on an embedded DuckDB (@duckdb/node-api) and
 * presents the result the way a Trino coordinator does (Trino SQL reference, https://trino.io/docs/current/):
 * each Trino catalog is a DuckDB database attached in memory so `catalog.schema.table` resolves;
 * `information_schema.schemata / tables / columns / views` of every catalog carry Trino's columns and Trino type
 * names (io.trino.connector.informationschema.InformationSchemaTable); SHOW CATALOGS / SCHEMAS / TABLES / COLUMNS,
 * DESCRIBE, USE, SET SESSION, RESET SESSION and EXPLAIN are answered like Trino's ShowQueriesRewrite and
 * session tasks; result column labels follow Trino (lower case, `_colN` for unnamed expressions); statements
 * without output report the `result: boolean` column Trino adds for them; INSERT / CREATE TABLE AS report a
 * `rows` column and an update count. Rows are serialized to Trino's JSON encoding inside DuckDB, chunk by chunk.
 */
import {
  DuckDBInstance,
  type DuckDBConnection,
  type DuckDBResult,
  StatementType,
} from '@duckdb/node-api';
import {
  quoteSqlIdentifier as quoteIdent,
  quoteSqlString as quoteString,
  type SqlToken,
} from '@internal/plugin-lakehouse-node';
import {
  applyReplacements,
  identifierValue,
  isIdentifier,
  isKeyword,
  lineColumn,
  parseQualifiedName,
  qualify,
  tokenize,
} from './sql';
import { type TrinoColumn, jsonValueSql, trinoType } from './types';
import {
  type ErrorContext,
  TrinoQueryError,
  translateDuckDbError,
} from './errors';

/**
 * Definition of a table of the Trino double.
 *
 * @public
 */
export interface TrinoTableDefinition {
  /** DuckDB query producing the table (materialized with CREATE TABLE AS). */
  sql?: string;
  /** Parquet file(s) or glob read in place (exposed as a base table). */
  parquet?: string | string[];
  /** CSV file loaded into the table. */
  csv?: string;
  /** Expose `sql` as a view (table_type VIEW) instead of a base table. */
  view?: boolean;
  /** Table comment. */
  comment?: string;
  /** Column comments (information_schema.columns.comment). */
  columnComments?: Record<string, string>;
  /** Columns declared NOT NULL (is_nullable = 'NO'). */
  notNull?: string[];
}

/**
 * A table of the Trino double: a DuckDB SELECT producing it, a Parquet path, or a full definition.
 *
 * @public
 */
export type TrinoTableSource = string | TrinoTableDefinition;

/**
 * A Trino catalog of the double: schemas and their tables.
 *
 * @public
 */
export interface TrinoCatalogDefinition {
  schemas: Record<string, Record<string, TrinoTableSource>>;
}

/** Session of a statement, from the X-Trino-* headers. */
export interface SessionContext {
  user: string;
  catalog?: string;
  schema?: string;
  properties: Record<string, string>;
}

/** A running statement. */
export interface Execution {
  /** Output columns; undefined for statements without output. */
  columns?: TrinoColumn[];
  updateType?: string;
  updateCount?: number;
  /** X-Trino-Set-* / Clear-* headers to send with the final response. */
  responseHeaders: Record<string, string>;
  /** Next rows, each a JSON array text; null when done. */
  next(): Promise<string[] | null>;
  /** Stops the statement and releases its connection. */
  close(): void;
  /** Progress 0..100 when known. */
  progress(): number | undefined;
}

const INFO = '__trino_information_schema';
const DEFAULT_DATABASE = 'memory';
const HIDDEN_COLUMNS = new Set(['comment', 'extra_info', 'table_comment']);
const LITERAL_NAMES = new Set([
  'true',
  'false',
  'null',
  'current_date',
  'current_time',
  'current_timestamp',
  'localtime',
  'localtimestamp',
  'current_user',
  'current_catalog',
  'current_schema',
]);
const ALLOWED_STATEMENTS = new Set<StatementType>([
  StatementType.SELECT,
  StatementType.INSERT,
  StatementType.UPDATE,
  StatementType.DELETE,
  StatementType.CREATE,
  StatementType.DROP,
  StatementType.ALTER,
  StatementType.MERGE_INTO,
]);

const INFO_TABLES: Record<string, Array<[string, string]>> = {
  schemata: [
    ['catalog_name', 'VARCHAR'],
    ['schema_name', 'VARCHAR'],
  ],
  tables__all: [
    ['table_catalog', 'VARCHAR'],
    ['table_schema', 'VARCHAR'],
    ['table_name', 'VARCHAR'],
    ['table_type', 'VARCHAR'],
    ['table_comment', 'VARCHAR'],
  ],
  columns__all: [
    ['table_catalog', 'VARCHAR'],
    ['table_schema', 'VARCHAR'],
    ['table_name', 'VARCHAR'],
    ['column_name', 'VARCHAR'],
    ['ordinal_position', 'BIGINT'],
    ['column_default', 'VARCHAR'],
    ['is_nullable', 'VARCHAR'],
    ['data_type', 'VARCHAR'],
    ['comment', 'VARCHAR'],
    ['extra_info', 'VARCHAR'],
  ],
  views: [
    ['table_catalog', 'VARCHAR'],
    ['table_schema', 'VARCHAR'],
    ['table_name', 'VARCHAR'],
    ['view_definition', 'VARCHAR'],
  ],
};

/** The columns of Trino's information_schema tables as SELECT * shows them (hidden columns excluded). */
const INFO_VISIBLE: Record<string, Array<[string, string]>> = {
  schemata: INFO_TABLES.schemata,
  tables: INFO_TABLES.tables__all.slice(0, 4),
  columns: INFO_TABLES.columns__all.slice(0, 8),
  views: INFO_TABLES.views,
};

const TRINO_TYPE_OF_INFO_COLUMN: Record<string, string> = {
  VARCHAR: 'varchar',
  BIGINT: 'bigint',
};

function sqlError(token: SqlToken | undefined, sql: string, message: string) {
  return new TrinoQueryError(
    'SYNTAX_ERROR',
    message,
    lineColumn(sql, token ? token.position.offset : sql.length),
  );
}

/** Trino's label for a result column DuckDB named `name`. */
function trinoColumnName(
  name: string,
  index: number,
  quoted: Set<string>,
): string {
  if (quoted.has(name)) {
    return name.toLowerCase();
  }
  if (
    /^[A-Za-z_][A-Za-z0-9_$]*$/.test(name) &&
    !LITERAL_NAMES.has(name.toLowerCase())
  ) {
    return name.toLowerCase();
  }
  return `_col${index}`;
}

function updateTypeOf(tokens: SqlToken[]): string {
  const words = tokens
    .filter(t => t.kind === 'word')
    .map(t => t.text.toUpperCase())
    .filter(
      w =>
        !['OR', 'REPLACE', 'IF', 'NOT', 'EXISTS', 'TEMPORARY', 'TEMP'].includes(
          w,
        ),
    );
  const [first, second] = words;
  if (first === 'CREATE' || first === 'DROP') {
    return second === 'MATERIALIZED'
      ? `${first} MATERIALIZED VIEW`
      : `${first} ${second ?? ''}`.trim();
  }
  if (first === 'ALTER') {
    if (words.includes('RENAME')) {
      return 'RENAME TABLE';
    }
    return words.includes('ADD') ? 'ADD COLUMN' : 'ALTER TABLE';
  }
  return first ?? '';
}

function staticExecution(
  columns: TrinoColumn[] | undefined,
  rows: string[],
  extra: Partial<
    Pick<Execution, 'updateType' | 'updateCount' | 'responseHeaders'>
  > = {},
): Execution {
  let sent = false;
  return {
    columns,
    updateType: extra.updateType,
    updateCount: extra.updateCount,
    responseHeaders: extra.responseHeaders ?? {},
    async next() {
      if (sent || rows.length === 0) {
        return null;
      }
      sent = true;
      return rows;
    },
    close() {
      sent = true;
    },
    progress: () => 100,
  };
}

function varcharColumn(name: string): TrinoColumn {
  return {
    name,
    type: 'varchar',
    typeSignature: {
      rawType: 'varchar',
      arguments: [{ kind: 'LONG', value: 2147483647 }],
    },
  };
}

const BIGINT_ROWS_COLUMN: TrinoColumn = {
  name: 'rows',
  type: 'bigint',
  typeSignature: { rawType: 'bigint', arguments: [] },
};

function likeClause(
  tokens: SqlToken[],
  index: number,
  sql: string,
  column: string,
): string {
  if (index >= tokens.length) {
    return '';
  }
  if (
    !isKeyword(tokens[index], 'LIKE') ||
    tokens[index + 1]?.kind !== 'string'
  ) {
    throw sqlError(
      tokens[index],
      sql,
      `mismatched input '${tokens[index].text}'. Expecting: 'LIKE', <EOF>`,
    );
  }
  let clause = ` AND ${column} LIKE ${quoteString(tokens[index + 1].value)}`;
  let next = index + 2;
  if (
    isKeyword(tokens[next], 'ESCAPE') &&
    tokens[next + 1]?.kind === 'string'
  ) {
    clause += ` ESCAPE ${quoteString(tokens[next + 1].value)}`;
    next += 2;
  }
  if (next < tokens.length) {
    throw sqlError(
      tokens[next],
      sql,
      `mismatched input '${tokens[next].text}'. Expecting: <EOF>`,
    );
  }
  return clause;
}

function normalizeSource(source: TrinoTableSource): TrinoTableDefinition {
  if (typeof source !== 'string') {
    return source;
  }
  if (/^\s*(select|with|from|values|table|\()/i.test(source)) {
    return { sql: source };
  }
  if (/\.csv(\.gz)?$/i.test(source)) {
    return { csv: source };
  }
  return { parquet: source };
}

/** Runs Trino statements on DuckDB. */
export class TrinoEngine {
  private infoDirty = true;
  private refreshing: Promise<void> | undefined;
  /** cat.schema.table keys of views that Trino must show as BASE TABLE (Parquet-backed tables). */
  private readonly baseTableViews = new Set<string>();
  private readonly catalogSet: Set<string>;

  private constructor(
    private readonly instance: DuckDBInstance,
    readonly catalogs: string[],
  ) {
    this.catalogSet = new Set(catalogs);
  }

  /** Creates the DuckDB instance, the catalogs and their tables. */
  static async create(
    catalogs: Record<string, TrinoCatalogDefinition>,
    options: { setupSql?: string[]; threads?: number } = {},
  ): Promise<TrinoEngine> {
    for (const name of Object.keys(catalogs)) {
      if (
        ['system', 'temp', INFO].includes(name.toLowerCase()) ||
        name !== name.toLowerCase()
      ) {
        throw new Error(
          `Invalid Trino catalog name '${name}' (lower case, not system or temp)`,
        );
      }
    }
    // In-memory only: nothing is written to disk. The default database is named `memory`;
    // a Trino catalog of that name uses it instead of an attached one.
    const instance = await DuckDBInstance.create(':memory:', {
      ...(options.threads ? { threads: String(options.threads) } : {}),
    });
    const engine = new TrinoEngine(instance, Object.keys(catalogs).sort());
    const conn = await instance.connect();
    try {
      await conn.run(`SET GLOBAL TimeZone = 'UTC'`);
      for (const [catalog, def] of Object.entries(catalogs)) {
        if (catalog !== DEFAULT_DATABASE) {
          await conn.run(`ATTACH ':memory:' AS ${quoteIdent(catalog)}`);
        }
        await conn.run(`CREATE SCHEMA ${quoteIdent(catalog)}.${INFO}`);
        for (const [table, columns] of Object.entries(INFO_TABLES)) {
          await conn.run(
            `CREATE TABLE ${quoteIdent(catalog)}.${INFO}.${table} (${columns
              .map(([n, t]) => `${quoteIdent(n)} ${t}`)
              .join(', ')})`,
          );
        }
        for (const [view, columns] of Object.entries(INFO_VISIBLE)) {
          if (view === 'tables' || view === 'columns') {
            await conn.run(
              `CREATE VIEW ${quoteIdent(
                catalog,
              )}.${INFO}.${view} AS SELECT ${columns
                .map(([n]) => quoteIdent(n))
                .join(', ')} FROM ${quoteIdent(catalog)}.${INFO}.${view}__all`,
            );
          }
        }
        for (const schema of Object.keys(def.schemas)) {
          if (
            schema !== schema.toLowerCase() ||
            schema === 'information_schema'
          ) {
            throw new Error(`Invalid schema name '${catalog}.${schema}'`);
          }
          await conn.run(
            `CREATE SCHEMA IF NOT EXISTS ${quoteIdent(catalog)}.${quoteIdent(
              schema,
            )}`,
          );
        }
      }
      for (const [catalog, def] of Object.entries(catalogs)) {
        for (const [schema, tables] of Object.entries(def.schemas)) {
          await conn.run(`USE ${quoteIdent(catalog)}.${quoteIdent(schema)}`);
          for (const [table, source] of Object.entries(tables)) {
            await engine.createTable(
              conn,
              catalog,
              schema,
              table,
              normalizeSource(source),
            );
          }
        }
      }
      await conn.run(`USE ${quoteIdent(DEFAULT_DATABASE)}`);
      for (const sql of options.setupSql ?? []) {
        await conn.run(sql);
      }
    } finally {
      conn.closeSync();
    }
    return engine;
  }

  private async createTable(
    conn: DuckDBConnection,
    catalog: string,
    schema: string,
    table: string,
    def: TrinoTableDefinition,
  ) {
    const name = `${quoteIdent(catalog)}.${quoteIdent(schema)}.${quoteIdent(
      table,
    )}`;
    const key = `${catalog}.${schema}.${table}`;
    let isView = false;
    try {
      if (def.sql !== undefined) {
        isView = !!def.view;
        await conn.run(
          `CREATE ${isView ? 'VIEW' : 'TABLE'} ${name} AS ${def.sql}`,
        );
      } else if (def.parquet !== undefined) {
        const files = Array.isArray(def.parquet) ? def.parquet : [def.parquet];
        isView = true;
        await conn.run(
          `CREATE VIEW ${name} AS SELECT * FROM read_parquet([${files
            .map(quoteString)
            .join(', ')}])`,
        );
        if (!def.view) {
          this.baseTableViews.add(key);
        }
      } else if (def.csv !== undefined) {
        await conn.run(
          `CREATE TABLE ${name} AS SELECT * FROM read_csv_auto(${quoteString(
            def.csv,
          )})`,
        );
      } else {
        throw new Error('needs sql, parquet or csv');
      }
      if (def.comment !== undefined) {
        await conn.run(
          `COMMENT ON ${isView ? 'VIEW' : 'TABLE'} ${name} IS ${quoteString(
            def.comment,
          )}`,
        );
      }
      for (const [column, comment] of Object.entries(
        def.columnComments ?? {},
      )) {
        await conn.run(
          `COMMENT ON COLUMN ${name}.${quoteIdent(column)} IS ${quoteString(
            comment,
          )}`,
        );
      }
      for (const column of def.notNull ?? []) {
        await conn.run(
          `ALTER TABLE ${name} ALTER COLUMN ${quoteIdent(column)} SET NOT NULL`,
        );
      }
    } catch (e) {
      throw new Error(
        `Trino double: cannot create table ${key}: ${
          (e as { message?: string })?.message ?? e
        }`,
      );
    }
  }

  /** Runs a statement directly on DuckDB (test setup); returns rows as JSON-compatible values. */
  async runDuckDb(sql: string): Promise<unknown[][]> {
    const conn = await this.instance.connect();
    try {
      const reader = await conn.runAndReadAll(sql);
      return reader.getRowsJson() as unknown[][];
    } finally {
      this.infoDirty = true;
      conn.closeSync();
    }
  }

  /** Releases DuckDB. */
  close(): void {
    this.instance.closeSync();
  }

  private async connect(session: SessionContext): Promise<DuckDBConnection> {
    const conn = await this.instance.connect();
    if (session.catalog && this.catalogSet.has(session.catalog)) {
      try {
        await conn.run(
          `USE ${quoteIdent(session.catalog)}${
            session.schema ? `.${quoteIdent(session.schema)}` : ''
          }`,
        );
      } catch {
        await conn.run(`USE ${quoteIdent(session.catalog)}`);
      }
    }
    return conn;
  }

  /**
   * Starts a statement. Throws TrinoQueryError for statements that fail before producing rows.
   * Aborting `signal` interrupts DuckDB while the statement is still starting (an aggregation
   * computes its whole result before the first row); once started, `Execution.close` stops it.
   */
  async execute(
    sql: string,
    session: SessionContext,
    signal?: AbortSignal,
  ): Promise<Execution> {
    const { tokens, incomplete } = tokenize(sql);
    if (!tokens.length && !incomplete) {
      throw sqlError(
        undefined,
        sql,
        "mismatched input '<EOF>'. Expecting: 'SELECT', 'WITH', 'SHOW', ...",
      );
    }
    const semicolon = tokens.find(t => t.text === ';');
    if (semicolon) {
      throw sqlError(semicolon, sql, "mismatched input ';'. Expecting: <EOF>");
    }
    if (tokens[0]?.kind === 'word') {
      const first = tokens[0].value;
      if (first === 'SHOW') {
        return this.show(tokens, sql, session);
      }
      if (first === 'DESCRIBE' || first === 'DESC') {
        return this.showColumns(tokens, 1, sql, session);
      }
      if (first === 'USE') {
        return this.use(tokens, sql, session);
      }
      if (
        (first === 'SET' || first === 'RESET') &&
        isKeyword(tokens[1], 'SESSION')
      ) {
        return this.session(first, tokens, sql);
      }
      if (first === 'EXPLAIN') {
        return this.explain(tokens, sql, session);
      }
    }
    return this.run(sql, tokens, session, signal);
  }

  private rewrite(sql: string, tokens: SqlToken[]) {
    const hidden = tokens.some(
      t => isIdentifier(t) && HIDDEN_COLUMNS.has(identifierValue(t)),
    );
    const edits: Array<{ start: number; end: number; text: string }> = [];
    let mentionsInfo = false;
    let unqualifiedInfo: SqlToken | undefined;
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i];
      if (
        isIdentifier(t) &&
        identifierValue(t) === 'information_schema' &&
        tokens[i + 1]?.text === '.'
      ) {
        mentionsInfo = true;
        if (tokens[i - 1]?.text !== '.') {
          unqualifiedInfo ??= t;
        }
        edits.push({
          start: t.position.offset,
          end: t.end,
          text: INFO,
        });
        const table = tokens[i + 2];
        if (
          hidden &&
          isIdentifier(table) &&
          ['tables', 'columns'].includes(identifierValue(table))
        ) {
          edits.push({
            start: table.position.offset,
            end: table.end,
            text: `${identifierValue(table)}__all`,
          });
        }
      }
    }
    return { ...applyReplacements(sql, edits), mentionsInfo, unqualifiedInfo };
  }

  private async run(
    sql: string,
    tokens: SqlToken[],
    session: SessionContext,
    signal?: AbortSignal,
  ): Promise<Execution> {
    const rewritten = this.rewrite(sql, tokens);
    const ctx: ErrorContext = {
      originalSql: sql,
      executedSql: rewritten.text,
      replacements: rewritten.replacements,
      catalog: session.catalog,
      schema: session.schema,
    };
    if (rewritten.unqualifiedInfo && !session.catalog) {
      throw new TrinoQueryError(
        'MISSING_CATALOG_NAME',
        'Catalog must be specified when session catalog is not set',
        lineColumn(sql, rewritten.unqualifiedInfo.position.offset),
      );
    }
    if (rewritten.mentionsInfo) {
      await this.refreshInfo();
    }
    const conn = await this.connect(session);
    // DuckDB forgets an interrupt that arrives between two of the statements
    // it runs for one query (prepare, then execute), so it is repeated until
    // the statement has started or failed.
    let starting = true;
    const interrupt = () => {
      if (starting) {
        conn.interrupt();
        setTimeout(interrupt, 20).unref();
      }
    };
    signal?.addEventListener('abort', interrupt, { once: true });
    let release = true;
    try {
      if (signal?.aborted) {
        throw new TrinoQueryError('USER_CANCELED', 'Query was canceled');
      }
      let prepared;
      try {
        prepared = await conn.prepare(rewritten.text);
      } catch (e) {
        throw translateDuckDbError(e, ctx);
      }
      const statementType = prepared.statementType;
      if (!ALLOWED_STATEMENTS.has(statementType)) {
        prepared.destroySync();
        throw sqlError(
          tokens[0],
          sql,
          `mismatched input '${tokens[0].text}'. Expecting: 'ALTER', 'CREATE', 'DELETE', 'DESCRIBE', 'DROP', 'EXPLAIN', 'INSERT', 'SELECT', 'SHOW', 'UPDATE', 'USE', 'WITH'`,
        );
      }
      if (statementType === StatementType.SELECT) {
        const quoted = new Set(
          tokens.filter(t => t.kind === 'quotedIdentifier').map(t => t.value),
        );
        const count = prepared.columnCount;
        const columns: TrinoColumn[] = [];
        const exprs: string[] = [];
        for (let i = 0; i < count; i++) {
          const type = prepared.columnType(i);
          const info = trinoType(type);
          columns.push({
            name: trinoColumnName(prepared.columnName(i), i, quoted),
            type: info.type,
            typeSignature: info.typeSignature,
          });
          exprs.push(jsonValueSql(type, `__trino_q.c${i}`));
        }
        prepared.destroySync();
        const aliases = columns.map((_, i) => `c${i}`).join(', ');
        const wrapped = `SELECT CAST(json_array(${exprs.join(
          ', ',
        )}) AS VARCHAR) FROM (\n${rewritten.text}\n) AS __trino_q(${aliases})`;
        let result: DuckDBResult;
        try {
          result = await conn.stream(wrapped);
        } catch (e) {
          throw translateDuckDbError(e, {
            ...ctx,
            executedSql: '',
            replacements: [],
          });
        }
        release = false;
        return this.streaming(conn, result, columns, ctx);
      }
      // Statements with side effects: run to completion.
      let count: number | undefined;
      try {
        const result = await prepared.run();
        if (result.columnCount === 1 && result.columnName(0) === 'Count') {
          const rows = await result.getRowsJson();
          count = Number(rows[0]?.[0] ?? 0);
        }
      } catch (e) {
        throw translateDuckDbError(e, ctx);
      } finally {
        prepared.destroySync();
        this.infoDirty = true;
      }
      const updateType = updateTypeOf(tokens);
      const reportsRows =
        count !== undefined &&
        (statementType !== StatementType.CREATE ||
          tokens.some(t => isKeyword(t, 'AS')));
      if (reportsRows) {
        return staticExecution([BIGINT_ROWS_COLUMN], [`[${count}]`], {
          updateType,
          updateCount: count,
        });
      }
      return staticExecution(undefined, [], { updateType });
    } finally {
      starting = false;
      signal?.removeEventListener('abort', interrupt);
      if (release) {
        conn.closeSync();
      }
    }
  }

  private streaming(
    conn: DuckDBConnection,
    result: DuckDBResult,
    columns: TrinoColumn[],
    ctx: ErrorContext,
  ): Execution {
    let closed = false;
    let inflight: Promise<unknown> | undefined;
    const disconnect = () => {
      try {
        conn.closeSync();
      } catch {
        // already closed
      }
    };
    const close = () => {
      if (closed) {
        return;
      }
      closed = true;
      if (inflight) {
        conn.interrupt();
        inflight.then(disconnect, disconnect);
      } else {
        disconnect();
      }
    };
    return {
      columns,
      responseHeaders: {},
      async next() {
        if (closed) {
          return null;
        }
        const fetch = result.fetchChunk();
        inflight = fetch;
        let chunk;
        try {
          chunk = await fetch;
        } catch (e) {
          if (closed) {
            return null;
          }
          close();
          throw translateDuckDbError(e, {
            ...ctx,
            executedSql: '',
            replacements: [],
          });
        } finally {
          inflight = undefined;
        }
        if (!chunk || chunk.rowCount === 0) {
          close();
          return null;
        }
        return chunk.getColumnValues(0) as string[];
      },
      close,
      progress() {
        if (closed) {
          return undefined;
        }
        try {
          const p = conn.progress.percentage;
          return p >= 0 ? p : undefined;
        } catch {
          return undefined;
        }
      },
    };
  }

  /** Runs a SELECT over the information_schema tables, with fixed column labels. */
  private async metadataQuery(
    sql: string,
    labels: string[],
    session: SessionContext,
  ): Promise<Execution> {
    await this.refreshInfo();
    const conn = await this.connect(session);
    try {
      const prepared = await conn.prepare(sql);
      const columns: TrinoColumn[] = [];
      const exprs: string[] = [];
      for (let i = 0; i < prepared.columnCount; i++) {
        const type = prepared.columnType(i);
        const info = trinoType(type);
        columns.push({
          name: labels[i],
          type: info.type,
          typeSignature: info.typeSignature,
        });
        exprs.push(jsonValueSql(type, `__trino_q.c${i}`));
      }
      prepared.destroySync();
      const result = await conn.stream(
        `SELECT CAST(json_array(${exprs.join(
          ', ',
        )}) AS VARCHAR) FROM (\n${sql}\n) AS __trino_q(${columns
          .map((_, i) => `c${i}`)
          .join(', ')})`,
      );
      return this.streaming(conn, result, columns, {
        originalSql: sql,
        executedSql: '',
        replacements: [],
      });
    } catch (e) {
      conn.closeSync();
      throw translateDuckDbError(e, {
        originalSql: sql,
        executedSql: '',
        replacements: [],
      });
    }
  }

  private async schemaExists(
    catalog: string,
    schema: string,
  ): Promise<boolean> {
    await this.refreshInfo();
    const rows = await this.runInternal(
      `SELECT 1 FROM ${quoteIdent(
        catalog,
      )}.${INFO}.schemata WHERE schema_name = ${quoteString(schema)}`,
    );
    return rows.length > 0;
  }

  private async tableExists(
    catalog: string,
    schema: string,
    table: string,
  ): Promise<boolean> {
    await this.refreshInfo();
    const rows = await this.runInternal(
      `SELECT 1 FROM ${quoteIdent(
        catalog,
      )}.${INFO}.tables__all WHERE table_schema = ${quoteString(
        schema,
      )} AND table_name = ${quoteString(table)}`,
    );
    return rows.length > 0;
  }

  private async runInternal(sql: string): Promise<unknown[][]> {
    const conn = await this.instance.connect();
    try {
      return (await conn.runAndReadAll(sql)).getRowsJson() as unknown[][];
    } finally {
      conn.closeSync();
    }
  }

  private requireCatalog(
    name: string,
    token: SqlToken | undefined,
    sql: string,
  ) {
    if (!this.catalogSet.has(name)) {
      throw new TrinoQueryError(
        'CATALOG_NOT_FOUND',
        `Catalog '${name}' does not exist`,
        lineColumn(sql, token?.position.offset ?? 0),
      );
    }
  }

  private async show(
    tokens: SqlToken[],
    sql: string,
    session: SessionContext,
  ): Promise<Execution> {
    const what = tokens[1]?.text.toUpperCase();
    const at1 = lineColumn(sql, tokens[0].position.offset);
    if (what === 'CATALOGS') {
      const names = [...this.catalogs, 'system'].sort();
      const values = names.map(n => `(${quoteString(n)})`).join(', ');
      return this.metadataQuery(
        `SELECT name FROM (VALUES ${values}) AS t(name) WHERE true${likeClause(
          tokens,
          2,
          sql,
          'name',
        )} ORDER BY 1`,
        ['Catalog'],
        session,
      );
    }
    if (what === 'SCHEMAS') {
      let i = 2;
      let catalog = session.catalog;
      let catalogToken: SqlToken | undefined;
      if (isKeyword(tokens[i], 'FROM') || isKeyword(tokens[i], 'IN')) {
        const candidate = tokens[i + 1];
        if (!isIdentifier(candidate)) {
          throw sqlError(
            candidate,
            sql,
            `mismatched input '${
              (candidate as SqlToken | undefined)?.text ?? '<EOF>'
            }'. Expecting: <identifier>`,
          );
        }
        catalogToken = candidate;
        catalog = identifierValue(catalogToken);
        i += 2;
      }
      if (!catalog) {
        throw new TrinoQueryError(
          'MISSING_CATALOG_NAME',
          'Catalog must be specified when session catalog is not set',
          at1,
        );
      }
      this.requireCatalog(catalog, catalogToken ?? tokens[0], sql);
      return this.metadataQuery(
        `SELECT schema_name FROM ${quoteIdent(
          catalog,
        )}.${INFO}.schemata WHERE true${likeClause(
          tokens,
          i,
          sql,
          'schema_name',
        )} ORDER BY 1`,
        ['Schema'],
        session,
      );
    }
    if (what === 'TABLES') {
      let i = 2;
      let parts: string[] = [];
      let nameToken: SqlToken | undefined;
      if (isKeyword(tokens[i], 'FROM') || isKeyword(tokens[i], 'IN')) {
        const name = parseQualifiedName(tokens, i + 1);
        if (!name || name.parts.length > 2) {
          throw sqlError(
            tokens[i + 1],
            sql,
            `mismatched input '${
              tokens[i + 1]?.text ?? '<EOF>'
            }'. Expecting: <identifier>`,
          );
        }
        nameToken = tokens[i + 1];
        parts = name.parts;
        i = name.next;
      }
      const catalog = parts.length === 2 ? parts[0] : session.catalog;
      const schema = parts.length ? parts[parts.length - 1] : session.schema;
      if (!catalog) {
        throw new TrinoQueryError(
          'MISSING_CATALOG_NAME',
          'Catalog must be specified when session catalog is not set',
          at1,
        );
      }
      if (!schema) {
        throw new TrinoQueryError(
          'MISSING_SCHEMA_NAME',
          'Schema must be specified when session schema is not set',
          at1,
        );
      }
      this.requireCatalog(catalog, nameToken ?? tokens[0], sql);
      if (!(await this.schemaExists(catalog, schema))) {
        throw new TrinoQueryError(
          'SCHEMA_NOT_FOUND',
          `Schema '${schema}' does not exist`,
          lineColumn(sql, (nameToken ?? tokens[0]).position.offset),
        );
      }
      return this.metadataQuery(
        `SELECT table_name FROM ${quoteIdent(
          catalog,
        )}.${INFO}.tables__all WHERE table_schema = ${quoteString(
          schema,
        )}${likeClause(tokens, i, sql, 'table_name')} ORDER BY 1`,
        ['Table'],
        session,
      );
    }
    if (what === 'COLUMNS') {
      if (!isKeyword(tokens[2], 'FROM') && !isKeyword(tokens[2], 'IN')) {
        throw sqlError(
          tokens[2],
          sql,
          `mismatched input '${
            tokens[2]?.text ?? '<EOF>'
          }'. Expecting: 'FROM', 'IN'`,
        );
      }
      return this.showColumns(tokens, 3, sql, session);
    }
    throw sqlError(
      tokens[1],
      sql,
      `mismatched input '${
        tokens[1]?.text ?? '<EOF>'
      }'. Expecting: 'CATALOGS', 'COLUMNS', 'SCHEMAS', 'TABLES'`,
    );
  }

  private async showColumns(
    tokens: SqlToken[],
    index: number,
    sql: string,
    session: SessionContext,
  ): Promise<Execution> {
    const name = parseQualifiedName(tokens, index);
    if (!name || name.parts.length > 3 || name.next !== tokens.length) {
      const bad = name ? tokens[name.next] : tokens[index];
      throw sqlError(
        bad,
        sql,
        `mismatched input '${bad?.text ?? '<EOF>'}'. Expecting: <EOF>`,
      );
    }
    const location = lineColumn(sql, name.start);
    const { parts } = name;
    if (parts.length === 1 && !session.schema) {
      throw new TrinoQueryError(
        'MISSING_SCHEMA_NAME',
        'Schema must be specified when session schema is not set',
        location,
      );
    }
    if (parts.length < 3 && !session.catalog) {
      throw new TrinoQueryError(
        'MISSING_CATALOG_NAME',
        'Catalog must be specified when session catalog is not set',
        location,
      );
    }
    const [catalog, schema, table] = qualify(
      parts,
      session.catalog,
      session.schema,
    );
    if (
      !this.catalogSet.has(catalog) ||
      !(await this.tableExists(catalog, schema, table))
    ) {
      throw new TrinoQueryError(
        'TABLE_NOT_FOUND',
        `Table '${catalog}.${schema}.${table}' does not exist`,
        location,
      );
    }
    return this.metadataQuery(
      `SELECT column_name, data_type, COALESCE(extra_info, ''), COALESCE(comment, '') FROM ${quoteIdent(
        catalog,
      )}.${INFO}.columns__all WHERE table_schema = ${quoteString(
        schema,
      )} AND table_name = ${quoteString(table)} ORDER BY ordinal_position`,
      ['Column', 'Type', 'Extra', 'Comment'],
      session,
    );
  }

  private async use(
    tokens: SqlToken[],
    sql: string,
    session: SessionContext,
  ): Promise<Execution> {
    const name = parseQualifiedName(tokens, 1);
    if (!name || name.parts.length > 2 || name.next !== tokens.length) {
      const bad = name ? tokens[name.next] : tokens[1];
      throw sqlError(
        bad,
        sql,
        `mismatched input '${bad?.text ?? '<EOF>'}'. Expecting: <identifier>`,
      );
    }
    const location = lineColumn(sql, tokens[0].position.offset);
    const catalog = name.parts.length === 2 ? name.parts[0] : session.catalog;
    const schema = name.parts[name.parts.length - 1];
    if (!catalog) {
      throw new TrinoQueryError(
        'MISSING_CATALOG_NAME',
        'Catalog must be specified when session catalog is not set',
        location,
      );
    }
    if (!this.catalogSet.has(catalog)) {
      throw new TrinoQueryError(
        'CATALOG_NOT_FOUND',
        `Catalog '${catalog}' does not exist`,
        location,
      );
    }
    if (!(await this.schemaExists(catalog, schema))) {
      throw new TrinoQueryError(
        'SCHEMA_NOT_FOUND',
        `Schema does not exist: ${catalog}.${schema}`,
        location,
      );
    }
    return staticExecution(undefined, [], {
      updateType: 'USE',
      responseHeaders: {
        'X-Trino-Set-Catalog': catalog,
        'X-Trino-Set-Schema': schema,
      },
    });
  }

  private session(kind: string, tokens: SqlToken[], sql: string): Execution {
    const name = parseQualifiedName(tokens, 2);
    if (!name) {
      throw sqlError(
        tokens[2],
        sql,
        `mismatched input '${
          tokens[2]?.text ?? '<EOF>'
        }'. Expecting: <identifier>`,
      );
    }
    const property = name.parts.join('.');
    if (kind === 'RESET') {
      return staticExecution(undefined, [], {
        updateType: 'RESET SESSION',
        responseHeaders: { 'X-Trino-Clear-Session': property },
      });
    }
    if (tokens[name.next]?.text !== '=' || name.next + 2 !== tokens.length) {
      const bad = tokens[name.next + (tokens[name.next]?.text === '=' ? 2 : 0)];
      throw sqlError(
        bad,
        sql,
        `mismatched input '${bad?.text ?? '<EOF>'}'. Expecting: '=', <EOF>`,
      );
    }
    const valueToken = tokens[name.next + 1];
    const value =
      valueToken.kind === 'string'
        ? valueToken.value
        : valueToken.text.toLowerCase();
    return staticExecution(undefined, [], {
      updateType: 'SET SESSION',
      responseHeaders: {
        'X-Trino-Set-Session': `${property}=${encodeURIComponent(value)}`,
      },
    });
  }

  private async explain(
    tokens: SqlToken[],
    sql: string,
    session: SessionContext,
  ): Promise<Execution> {
    let i = 1;
    if (isKeyword(tokens[i], 'ANALYZE')) {
      i++;
    }
    if (tokens[i]?.text === '(') {
      while (i < tokens.length && tokens[i].text !== ')') i++;
      i++;
    }
    const inner = tokens[i];
    if (!inner) {
      throw sqlError(
        undefined,
        sql,
        "mismatched input '<EOF>'. Expecting: 'SELECT', 'WITH', ...",
      );
    }
    const innerSql = sql.slice(inner.position.offset);
    const rewritten = this.rewrite(innerSql, tokenize(innerSql).tokens);
    if (rewritten.mentionsInfo) {
      await this.refreshInfo();
    }
    const conn = await this.connect(session);
    try {
      const reader = await conn.runAndReadAll(`EXPLAIN ${rewritten.text}`);
      const plan = (reader.getRowsJson() as unknown[][])
        .map(r => String(r[1] ?? ''))
        .join('\n');
      return staticExecution(
        [varcharColumn('Query Plan')],
        [JSON.stringify([plan])],
      );
    } catch (e) {
      throw translateDuckDbError(e, {
        originalSql: innerSql,
        executedSql: `EXPLAIN ${rewritten.text}`,
        replacements: [],
        catalog: session.catalog,
        schema: session.schema,
      });
    } finally {
      conn.closeSync();
    }
  }

  /** Rebuilds the information_schema tables of every catalog when DDL ran since the last build. */
  async refreshInfo(): Promise<void> {
    while (this.refreshing) {
      await this.refreshing;
    }
    if (!this.infoDirty) {
      return;
    }
    this.infoDirty = false;
    this.refreshing = this.rebuildInfo().finally(() => {
      this.refreshing = undefined;
    });
    await this.refreshing;
  }

  private async rebuildInfo(): Promise<void> {
    const conn = await this.instance.connect();
    const rows = async (sql: string) =>
      (await conn.runAndReadAll(sql)).getRowsJson() as unknown[][];
    try {
      for (const catalog of this.catalogs) {
        const cat = quoteString(catalog);
        const schemaRows = await rows(
          `SELECT schema_name, internal FROM duckdb_schemas() WHERE database_name = ${cat} AND schema_name <> '${INFO}'`,
        );
        const tableRows = await rows(
          `SELECT schema_name, table_name, comment FROM duckdb_tables() WHERE database_name = ${cat} AND NOT internal AND schema_name <> '${INFO}'`,
        );
        const viewRows = await rows(
          `SELECT schema_name, view_name, sql, comment FROM duckdb_views() WHERE database_name = ${cat} AND NOT internal AND schema_name <> '${INFO}'`,
        );
        const columnRows = await rows(
          `SELECT schema_name, table_name, column_name, column_index, column_default, is_nullable, comment FROM duckdb_columns() WHERE database_name = ${cat} AND schema_name <> '${INFO}' ORDER BY schema_name, table_name, column_index`,
        );
        const relations: Array<{
          schema: string;
          name: string;
          type: string;
          comment: unknown;
          definition?: string;
        }> = [
          ...tableRows.map(r => ({
            schema: String(r[0]),
            name: String(r[1]),
            type: 'BASE TABLE',
            comment: r[2],
          })),
          ...viewRows.map(r => ({
            schema: String(r[0]),
            name: String(r[1]),
            type: this.baseTableViews.has(`${catalog}.${r[0]}.${r[1]}`)
              ? 'BASE TABLE'
              : 'VIEW',
            comment: r[3],
            definition: String(r[2] ?? '')
              .replace(/^CREATE VIEW [^\s]+ AS /i, '')
              .replace(/;\s*$/, ''),
          })),
        ].sort((a, b) =>
          `${a.schema}.${a.name}` < `${b.schema}.${b.name}` ? -1 : 1,
        );
        const used = new Set(relations.map(r => r.schema));
        const schemas = schemaRows
          .filter(r => !r[1] || used.has(String(r[0])))
          .map(r => String(r[0]));
        schemas.push('information_schema');
        schemas.sort();

        const columnMeta = new Map<string, unknown[]>();
        for (const r of columnRows) {
          columnMeta.set(`${r[0]}.${r[1]}.${r[2]}`, r);
        }
        const v = (x: unknown) => {
          if (x === null || x === undefined) {
            return 'NULL';
          }
          return typeof x === 'number' ? String(x) : quoteString(String(x));
        };
        const tableValues: string[] = [];
        const columnValues: string[] = [];
        const viewValues: string[] = [];
        for (const rel of relations) {
          tableValues.push(
            `(${[catalog, rel.schema, rel.name, rel.type, rel.comment]
              .map(v)
              .join(', ')})`,
          );
          if (rel.type === 'VIEW') {
            viewValues.push(
              `(${[catalog, rel.schema, rel.name, rel.definition]
                .map(v)
                .join(', ')})`,
            );
          }
          try {
            const prepared = await conn.prepare(
              `SELECT * FROM ${quoteIdent(catalog)}.${quoteIdent(
                rel.schema,
              )}.${quoteIdent(rel.name)}`,
            );
            for (let i = 0; i < prepared.columnCount; i++) {
              const column = prepared.columnName(i);
              const meta = columnMeta.get(
                `${rel.schema}.${rel.name}.${column}`,
              );
              columnValues.push(
                `(${[
                  catalog,
                  rel.schema,
                  rel.name,
                  column,
                  i + 1,
                  meta?.[4] ?? null,
                  meta && meta[5] === false ? 'NO' : 'YES',
                  trinoType(prepared.columnType(i)).type,
                  meta?.[6] ?? null,
                  null,
                ]
                  .map(v)
                  .join(', ')})`,
              );
            }
            prepared.destroySync();
          } catch {
            // a view over a missing file: listed without columns
          }
        }
        for (const [table, columns] of Object.entries(INFO_VISIBLE)) {
          tableValues.push(
            `(${[catalog, 'information_schema', table, 'BASE TABLE', null]
              .map(v)
              .join(', ')})`,
          );
          columns.forEach(([name, type], i) => {
            columnValues.push(
              `(${[
                catalog,
                'information_schema',
                table,
                name,
                i + 1,
                null,
                'YES',
                TRINO_TYPE_OF_INFO_COLUMN[type],
                null,
                null,
              ]
                .map(v)
                .join(', ')})`,
            );
          });
        }
        const schemaValues = schemas.map(s => `(${v(catalog)}, ${v(s)})`);
        const base = `${quoteIdent(catalog)}.${INFO}`;
        await conn.run('BEGIN TRANSACTION');
        try {
          for (const [table, values] of [
            ['schemata', schemaValues],
            ['tables__all', tableValues],
            ['columns__all', columnValues],
            ['views', viewValues],
          ] as const) {
            await conn.run(`DELETE FROM ${base}.${table}`);
            for (let i = 0; i < values.length; i += 500) {
              await conn.run(
                `INSERT INTO ${base}.${table} VALUES ${values
                  .slice(i, i + 500)
                  .join(', ')}`,
              );
            }
          }
          await conn.run('COMMIT');
        } catch (e) {
          await conn.run('ROLLBACK');
          throw e;
        }
      }
    } catch (e) {
      this.infoDirty = true;
      throw e;
    } finally {
      conn.closeSync();
    }
  }
}
