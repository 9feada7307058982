import type {
  QueryColumn,
  QueryEngineId,
} from '@internal/plugin-lakehouse-common';

/** What an engine runs: one checked, read-only statement. */
export interface EngineQuery {
  sql: string;
  catalog?: string;
  schema?: string;
  /** Identity the engine applies its own access control to (Trino user). */
  user: string;
  /** Aborted when the query is canceled, times out or its client goes away. */
  signal: AbortSignal;
}

/** Figures an engine reports while a statement runs. */
export interface EngineProgress {
  percent?: number;
  processedRows?: number;
  processedBytes?: number;
  /** The engine's own query id, e.g. Trino's 20250901_030000_00001_abcde. */
  engineQueryId?: string;
  state?: string;
}

/** What a running statement produces, in order: progress, columns, then batches of rows. */
export type EngineEvent =
  | { type: 'progress'; progress: EngineProgress }
  | { type: 'columns'; columns: QueryColumn[] }
  | { type: 'rows'; rows: unknown[][] };

/** A failure the engine reported, with its name and position. */
export class EngineError extends Error {
  constructor(
    message: string,
    readonly errorName: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(message);
    this.name = 'EngineError';
  }
}

/** A query engine behind the SQL console. */
export interface QueryEngine {
  readonly id: QueryEngineId;
  readonly title: string;
  readonly defaultCatalog?: string;
  readonly defaultSchema?: string;
  /**
   * Runs a statement. Rows are pulled from the engine only as the consumer
   * iterates, so a slow client holds back the engine instead of filling
   * memory. Failures throw an {@link EngineError}.
   */
  execute(query: EngineQuery): AsyncIterable<EngineEvent>;
  listCatalogs(user: string): Promise<string[]>;
  listSchemas(user: string, catalog: string): Promise<string[]>;
  listTables(user: string, catalog: string, schema: string): Promise<string[]>;
  listColumns(
    user: string,
    catalog: string,
    schema: string,
    table: string,
  ): Promise<QueryColumn[]>;
  close(): Promise<void>;
}
