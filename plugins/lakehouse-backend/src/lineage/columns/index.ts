/**
 * Column-level lineage from SQL: for each output column of a dbt model, the
 * columns of the tables it reads that flow into it (DIRECT) or decide its
 * rows (INDIRECT), in OpenLineage's column lineage terms.
 */
export type { ColumnInput, ModelColumnLineage, SqlModel } from './types';
export { extractColumnLineage } from './extractColumnLineage';
export { resolveDbtJinja } from './resolveDbtJinja';
