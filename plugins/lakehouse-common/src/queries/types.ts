/**
 * Types of the lakehouse query API (`/api/lakehouse`), shared by the backend
 * and the SQL console. The wire format is documented in
 * plugins/lakehouse-backend/src/schema/openapi.yaml.
 */

/** A query engine the console can run statements on. @public */
export type QueryEngineId = 'trino' | 'duckdb';

/** State of a query, as Trino names them. @public */
export type QueryState =
  | 'QUEUED'
  | 'RUNNING'
  | 'FINISHED'
  | 'FAILED'
  | 'CANCELED';

/** `POST /queries` body. @public */
export interface SubmitQueryRequest {
  sql: string;
  engine?: QueryEngineId;
  catalog?: string;
  schema?: string;
  /** Rows to return at most; capped by the server's hard maximum. */
  maxRows?: number;
}

/** `POST /queries` answer. @public */
export interface SubmittedQuery {
  id: string;
  state: QueryState;
  engine: QueryEngineId;
}

/** A result column with the engine's type name, e.g. `bigint`, `varchar`, `decimal(12,2)`. @public */
export interface QueryColumn {
  name: string;
  type: string;
}

/** Progress figures of a running query. @public */
export interface QueryProgress {
  /** 0 to 100, when the engine knows. */
  percent?: number;
  processedRows?: number;
  processedBytes?: number;
  elapsedMs: number;
}

/** Why a query failed, with the engine's message and position. @public */
export interface QueryError {
  message: string;
  /** e.g. SYNTAX_ERROR, TABLE_NOT_FOUND, PERMISSION_DENIED, READ_ONLY_VIOLATION, CANCELED, TIMEOUT */
  errorName: string;
  line?: number;
  column?: number;
}

/**
 * `GET /queries/{id}?pageToken=` answer: the state of the query and the
 * next page of rows. Pages are handed out once, in order, like Trino's
 * nextUri: follow `nextPageToken` until it is absent.
 * @public
 */
export interface QueryPage {
  id: string;
  engine: QueryEngineId;
  state: QueryState;
  statementType?: string;
  progress: QueryProgress;
  columns?: QueryColumn[];
  /** Rows of this page; values as JSON (bigints beyond 2^53 and decimals as strings). */
  rows: unknown[][];
  nextPageToken?: string;
  /** Rows returned so far. */
  rowCount: number;
  /** True when the row cap cut the result short. */
  truncated: boolean;
  error?: QueryError;
}

/** One entry of the user's query history (`GET /history`). @public */
export interface QueryHistoryEntry {
  id: string;
  sql: string;
  engine: QueryEngineId;
  state: QueryState;
  statementType?: string;
  startedAt: string;
  durationMs?: number;
  rowCount?: number;
  truncated?: boolean;
  error?: string;
}

/** An engine the server offers (`GET /engines`). @public */
export interface QueryEngineInfo {
  id: QueryEngineId;
  title: string;
  default: boolean;
  catalog?: string;
  schema?: string;
}

/** `GET /datasets/{namespace}/{name}/preview` answer. @public */
export interface DatasetPreview {
  engine: QueryEngineId;
  table: string;
  columns: QueryColumn[];
  rows: unknown[][];
  truncated: boolean;
  /** The preview's entry in the query history. */
  queryId?: string;
}
