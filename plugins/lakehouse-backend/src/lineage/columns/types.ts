/** One dbt model (or any SQL view definition) whose column lineage is wanted. */
export interface SqlModel {
  /** Lower-case `catalog.schema.table` of the model's output. */
  table: string;
  /** SQL to analyse (Trino dialect): dbt compiled SQL, or raw SQL after resolveDbtJinja. */
  sql: string;
  /** Columns the model declares (dbt schema.yml, the catalog), in order, if any. */
  declaredColumns?: string[];
}

/** A column an output column is computed from, in OpenLineage's column lineage terms. */
export interface ColumnInput {
  /** Lower-case `catalog.schema.table`. */
  table: string;
  column: string;
  /** DIRECT: the value flows into the output; INDIRECT: it decides which rows or how they group. */
  transformation: 'DIRECT' | 'INDIRECT';
  /** OpenLineage subtype: IDENTITY, TRANSFORMATION, AGGREGATION (DIRECT); JOIN, FILTER, GROUP_BY, SORT, WINDOW, CONDITIONAL (INDIRECT). */
  subtype?: string;
}

/** The column lineage of one model. */
export interface ModelColumnLineage {
  table: string;
  /** Output columns in order, each with its inputs. */
  columns: { name: string; inputs: ColumnInput[] }[];
  /** Tables the SQL reads. */
  tables: string[];
  /** What could not be traced, each naming the model and the cause (parse error with position, unknown table, ambiguous column...). */
  problems: string[];
}
