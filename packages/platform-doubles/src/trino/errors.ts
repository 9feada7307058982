/*
 * Trino query errors as the client protocol carries them (io.trino.client.QueryError: message, sqlState,
 * errorCode, errorName, errorType, errorLocation, failureInfo{type, message, cause, suppressed, stack,
 * errorLocation}) with codes from io.trino.spi.StandardErrorCode, and the translation of DuckDB error
 * messages ("Parser Error: ...", "Catalog Error: Table with name x does not exist!", "LINE n: ... ^")
 * into the Trino errors a real coordinator raises for the same mistake (SYNTAX_ERROR, TABLE_NOT_FOUND,
 * COLUMN_NOT_FOUND, ...) with Trino's message texts ("line 1:15: Table 'c.s.t' does not exist").
 */
import {
  type Replacement,
  identifierValue,
  isIdentifier,
  lineColumn,
  mapOffsetBack,
  offsetOf,
  parseQualifiedName,
  qualify,
  tokenize,
} from './sql';

/**
 * Location of an error in the statement text (1-based).
 *
 * @public
 */
export interface TrinoErrorLocation {
  lineNumber: number;
  columnNumber: number;
}

/**
 * The `error` object of a failed Trino query.
 *
 * @public
 */
export interface TrinoQueryErrorBody {
  message: string;
  sqlState?: string;
  errorCode: number;
  errorName: string;
  errorType:
    | 'USER_ERROR'
    | 'INTERNAL_ERROR'
    | 'INSUFFICIENT_RESOURCES'
    | 'EXTERNAL';
  errorLocation?: TrinoErrorLocation;
  failureInfo: {
    type: string;
    message: string;
    suppressed: unknown[];
    stack: string[];
    errorLocation?: TrinoErrorLocation;
  };
}

/** StandardErrorCode values used by the double. */
export const ERROR_CODES = {
  GENERIC_USER_ERROR: 0,
  SYNTAX_ERROR: 1,
  USER_CANCELED: 3,
  PERMISSION_DENIED: 4,
  FUNCTION_NOT_FOUND: 6,
  INVALID_FUNCTION_ARGUMENT: 7,
  DIVISION_BY_ZERO: 8,
  INVALID_CAST_ARGUMENT: 9,
  NOT_SUPPORTED: 13,
  NUMERIC_VALUE_OUT_OF_RANGE: 19,
  ADMINISTRATIVELY_KILLED: 38,
  CATALOG_NOT_FOUND: 44,
  SCHEMA_NOT_FOUND: 45,
  TABLE_NOT_FOUND: 46,
  COLUMN_NOT_FOUND: 47,
  SCHEMA_ALREADY_EXISTS: 49,
  TABLE_ALREADY_EXISTS: 50,
  MISSING_CATALOG_NAME: 56,
  MISSING_SCHEMA_NAME: 57,
  TYPE_MISMATCH: 58,
  AMBIGUOUS_NAME: 62,
  EXPRESSION_NOT_AGGREGATE: 73,
  GENERIC_INTERNAL_ERROR: 65536,
} as const;

/** Name of a standard error code known to the double. */
export type TrinoErrorName = keyof typeof ERROR_CODES;

const PARSING_EXCEPTION = 'io.trino.sql.parser.ParsingException';
const TRINO_EXCEPTION = 'io.trino.spi.TrinoException';

const STACKS: Record<string, string[]> = {
  [PARSING_EXCEPTION]: [
    'io.trino.sql.parser.ErrorHandler.syntaxError(ErrorHandler.java:109)',
    'io.trino.sql.parser.SqlParser.invokeParser(SqlParser.java:183)',
    'io.trino.sql.parser.SqlParser.createStatement(SqlParser.java:95)',
    'io.trino.execution.QueryPreparer.prepareQuery(QueryPreparer.java:56)',
    'io.trino.dispatcher.DispatchManager.createQueryInternal(DispatchManager.java:231)',
  ],
  [TRINO_EXCEPTION]: [
    'io.trino.sql.analyzer.SemanticExceptions.semanticException(SemanticExceptions.java:48)',
    'io.trino.sql.analyzer.StatementAnalyzer$Visitor.visitTable(StatementAnalyzer.java:2201)',
    'io.trino.sql.analyzer.Analyzer.analyze(Analyzer.java:97)',
    'io.trino.execution.SqlQueryExecution.analyze(SqlQueryExecution.java:274)',
    'io.trino.execution.SqlQueryExecution.<init>(SqlQueryExecution.java:206)',
  ],
};

/** An error to report as the `error` of a failed query. */
export class TrinoQueryError extends Error {
  constructor(
    readonly errorName: TrinoErrorName,
    message: string,
    readonly location?: TrinoErrorLocation,
    readonly failureType: string = errorName === 'SYNTAX_ERROR'
      ? PARSING_EXCEPTION
      : TRINO_EXCEPTION,
  ) {
    super(message);
  }

  /** The protocol's error object. */
  toBody(): TrinoQueryErrorBody {
    const code = ERROR_CODES[this.errorName];
    const message = this.location
      ? `line ${this.location.lineNumber}:${this.location.columnNumber}: ${this.message}`
      : this.message;
    let errorType: TrinoQueryErrorBody['errorType'] = 'USER_ERROR';
    if (code >= 131072) {
      errorType = 'INSUFFICIENT_RESOURCES';
    } else if (code >= 65536) {
      errorType = 'INTERNAL_ERROR';
    }
    return {
      message,
      errorCode: code,
      errorName: this.errorName,
      errorType,
      ...(this.location ? { errorLocation: this.location } : {}),
      failureInfo: {
        type: this.failureType,
        message,
        suppressed: [],
        stack: STACKS[this.failureType] ?? STACKS[TRINO_EXCEPTION],
        ...(this.location ? { errorLocation: this.location } : {}),
      },
    };
  }
}

/** What the translator needs to know about the statement. */
export interface ErrorContext {
  /** Statement as the client sent it. */
  originalSql: string;
  /** Statement as given to DuckDB. */
  executedSql: string;
  /** Edits turning the original into the executed statement. */
  replacements: Replacement[];
  catalog?: string;
  schema?: string;
}

/** Position DuckDB reports with `LINE n: <snippet>\n<spaces>^`, as an offset of the executed SQL. */
function duckDbErrorOffset(message: string, sql: string): number | undefined {
  const m = /\nLINE (\d+): (.*)\n( *)\^/.exec(message);
  if (!m) {
    return undefined;
  }
  const line = Number(m[1]);
  const prefix = `LINE ${m[1]}: `.length;
  let snippet = m[2];
  let caret = m[3].length - prefix;
  const lines = sql.split('\n');
  const lineText = lines[line - 1] ?? '';
  let shift = 0;
  if (snippet.startsWith('...')) {
    snippet = snippet.slice(3);
    caret -= 3;
    const body = snippet.endsWith('...') ? snippet.slice(0, -3) : snippet;
    const found = lineText.indexOf(body);
    shift = found < 0 ? 0 : found;
  }
  return offsetOf(sql, line, Math.max(0, shift + caret));
}

function locationOf(ctx: ErrorContext, executedOffset: number | undefined) {
  if (executedOffset === undefined) {
    return undefined;
  }
  const original = mapOffsetBack(executedOffset, ctx.replacements);
  return { original, location: lineColumn(ctx.originalSql, original) };
}

function findIdentifierOffset(sql: string, name: string): number | undefined {
  const { tokens } = tokenize(sql);
  const lower = name.toLowerCase();
  const t = tokens.find(
    (tok, i) =>
      isIdentifier(tok) &&
      identifierValue(tok) === lower &&
      tokens[i + 1]?.text === '.',
  );
  return t?.position.offset;
}

/** The qualified name written at `offset` of the original statement. */
function nameAt(sql: string, offset: number): string[] | undefined {
  const { tokens } = tokenize(sql);
  const index = tokens.findIndex(t => t.position.offset === offset);
  return index < 0 ? undefined : parseQualifiedName(tokens, index)?.parts;
}

/** Translates an error thrown by DuckDB into the Trino error for the same mistake. */
export function translateDuckDbError(
  error: unknown,
  ctx: ErrorContext,
): TrinoQueryError {
  if (error instanceof TrinoQueryError) {
    return error;
  }
  // DuckDB errors may come from another realm (e.g. under jest), so do not rely on instanceof Error.
  const message = (error as { message?: unknown } | undefined)?.message;
  const raw = (typeof message === 'string' ? message : String(error)).replace(
    /^Error: /,
    '',
  );
  const head = raw.split('\n')[0];
  const kindMatch = /^([A-Za-z ]+?) Error: (.*)$/.exec(head);
  const kind = kindMatch?.[1] ?? '';
  const text = (kindMatch?.[2] ?? head).replace(
    /__trino_information_schema/g,
    'information_schema',
  );
  const at = locationOf(ctx, duckDbErrorOffset(raw, ctx.executedSql));
  const location = at?.location;

  if (kind === 'Parser') {
    const near = /syntax error at or near "(.*)"/.exec(text);
    if (near) {
      return new TrinoQueryError(
        'SYNTAX_ERROR',
        `mismatched input '${near[1]}'`,
        location,
      );
    }
    if (/syntax error at end of input/.test(text)) {
      return new TrinoQueryError(
        'SYNTAX_ERROR',
        "mismatched input '<EOF>'",
        location ?? lineColumn(ctx.originalSql, ctx.originalSql.length),
      );
    }
    return new TrinoQueryError('SYNTAX_ERROR', text, location);
  }

  if (kind === 'Catalog' || kind === 'Binder') {
    const schemaMissing =
      /does not exist because schema "([^"]*)" does not exist/.exec(text);
    if (schemaMissing) {
      return new TrinoQueryError(
        'SCHEMA_NOT_FOUND',
        `Schema '${schemaMissing[1]}' does not exist`,
        location,
      );
    }
    const tableMissing = /^Table with name "?([^"!]+?)"? does not exist/.exec(
      text,
    );
    if (tableMissing) {
      const written = at ? nameAt(ctx.originalSql, at.original) : undefined;
      const parts = written ?? [tableMissing[1]];
      if (parts.length === 1 && !ctx.schema) {
        return new TrinoQueryError(
          'MISSING_SCHEMA_NAME',
          'Schema must be specified when session schema is not set',
          location,
        );
      }
      if (parts.length === 2 && !ctx.catalog) {
        return new TrinoQueryError(
          'MISSING_CATALOG_NAME',
          'Catalog must be specified when session catalog is not set',
          location,
        );
      }
      const full = qualify(parts, ctx.catalog, ctx.schema);
      return new TrinoQueryError(
        'TABLE_NOT_FOUND',
        `Table '${full.join('.')}' does not exist`,
        location,
      );
    }
    const catalogMissing = /Catalog "([^"]+)" does not exist/.exec(text);
    if (catalogMissing) {
      const offset = findIdentifierOffset(ctx.originalSql, catalogMissing[1]);
      return new TrinoQueryError(
        'CATALOG_NOT_FOUND',
        `Catalog '${catalogMissing[1]}' does not exist`,
        location ??
          (offset === undefined
            ? undefined
            : lineColumn(ctx.originalSql, offset)),
      );
    }
    const column =
      /Referenced column "([^"]+)" not found/.exec(text) ??
      /Referenced table "([^"]+)" not found/.exec(text) ??
      /Values list "[^"]*" does not have a column named "([^"]+)"/.exec(text);
    if (column) {
      return new TrinoQueryError(
        'COLUMN_NOT_FOUND',
        `Column '${column[1]}' cannot be resolved`,
        location,
      );
    }
    const fn =
      /(?:Scalar|Aggregate|Table)? ?Function with name "?([^"\s]+?)"? does not exist/.exec(
        text,
      );
    if (fn) {
      return new TrinoQueryError(
        'FUNCTION_NOT_FOUND',
        `Function '${fn[1]}' not registered`,
        location,
      );
    }
    if (/No function matches/.test(text)) {
      return new TrinoQueryError('FUNCTION_NOT_FOUND', text, location);
    }
    const exists =
      /^(Table|Schema|View) with name "?([^"]+?)"? already exists/.exec(text);
    if (exists) {
      return exists[1] === 'Schema'
        ? new TrinoQueryError(
            'SCHEMA_ALREADY_EXISTS',
            `Schema '${exists[2]}' already exists`,
            location,
          )
        : new TrinoQueryError(
            'TABLE_ALREADY_EXISTS',
            `Table '${exists[2]}' already exists`,
            location,
          );
    }
    const group = /column "([^"]+)" must appear in the GROUP BY clause/.exec(
      text,
    );
    if (group) {
      return new TrinoQueryError(
        'EXPRESSION_NOT_AGGREGATE',
        `'${group[1]}' must be an aggregate expression or appear in GROUP BY clause`,
        location,
      );
    }
    const ambiguous = /Ambiguous reference to column name "([^"]+)"/.exec(text);
    if (ambiguous) {
      return new TrinoQueryError(
        'AMBIGUOUS_NAME',
        `Column '${ambiguous[1]}' is ambiguous`,
        location,
      );
    }
    if (
      /Cannot compare|Cannot mix|type mismatch|Could not implicitly convert/i.test(
        text,
      )
    ) {
      return new TrinoQueryError('TYPE_MISMATCH', text, location);
    }
    return new TrinoQueryError('GENERIC_USER_ERROR', text, location);
  }

  if (kind === 'Conversion') {
    return new TrinoQueryError('INVALID_CAST_ARGUMENT', text);
  }
  if (kind === 'Out of Range') {
    return new TrinoQueryError('NUMERIC_VALUE_OUT_OF_RANGE', text);
  }
  if (/division by zero|divide by zero/i.test(text)) {
    return new TrinoQueryError('DIVISION_BY_ZERO', 'Division by zero');
  }
  if (kind === 'INTERRUPT' || /Interrupted/.test(text)) {
    return new TrinoQueryError('USER_CANCELED', 'Query was canceled');
  }
  if (kind === 'Not implemented') {
    return new TrinoQueryError('NOT_SUPPORTED', text, location);
  }
  if (kind === 'Invalid Input') {
    return new TrinoQueryError('INVALID_FUNCTION_ARGUMENT', text, location);
  }
  return new TrinoQueryError(
    'GENERIC_INTERNAL_ERROR',
    raw,
    undefined,
    'java.lang.RuntimeException',
  );
}
