/** How OpenLineage dataset names map onto catalog datasets. */
export interface TableNamingOptions {
  /**
   * Namespaces whose dataset names leave out the catalog (`schema.table`),
   * with the catalog they name: `{ 'hive://metastore:9083': 'lakehouse' }`.
   */
  namespaceCatalogs?: Record<string, string>;
}

/**
 * Namespace schemes whose dataset names are paths or topics, never tables,
 * even when they have dots: `s3://bucket` + `events.2024.parquet`,
 * `kafka://broker:9092` + `orders.v1.created`.
 */
const NOT_TABLES = new Set([
  'file',
  's3',
  's3a',
  's3n',
  'gs',
  'gcs',
  'hdfs',
  'abfs',
  'abfss',
  'wasb',
  'wasbs',
  'adl',
  'dbfs',
  'kafka',
  'pubsub',
  'kinesis',
]);

function schemeOf(namespace: string): string | undefined {
  return /^([a-z][a-z0-9+.-]*):/i.exec(namespace)?.[1].toLowerCase();
}

const withoutTrailingSlash = (namespace: string) =>
  namespace.replace(/\/+$/, '');

/**
 * The catalog table identifier (`catalog.schema.table`, lower case) an
 * OpenLineage dataset stands for, or undefined for a dataset only lineage
 * knows (a file, a topic, a table of a system the catalog does not hold).
 *
 * - A name of three dot-separated parts is `catalog.schema.table` (Trino,
 *   Spark catalogs, Snowflake, BigQuery), or `database.schema.table` in
 *   Postgres-style namespaces (`postgres://host:port`, `redshift://…`),
 *   which the catalog holds under the database's name all the same.
 * - A name of two parts (`schema.table`, as Hive or MySQL name tables) maps
 *   only in a namespace configured to name a catalog: guessing the catalog
 *   would attach the lineage to another dataset.
 * - Anything else, and any name in a file, object store or stream namespace,
 *   maps to no table.
 */
export function toTableIdentifier(
  namespace: string,
  name: string,
  options: TableNamingOptions = {},
): string | undefined {
  const scheme = schemeOf(namespace);
  if (scheme && NOT_TABLES.has(scheme)) return undefined;
  const parts = name.split('.');
  if (parts.some(part => !part || /[\s/]/.test(part))) return undefined;
  if (parts.length === 3) return parts.join('.').toLowerCase();
  if (parts.length === 2) {
    const wanted = withoutTrailingSlash(namespace);
    const catalog = Object.entries(options.namespaceCatalogs ?? {}).find(
      ([configured]) => withoutTrailingSlash(configured) === wanted,
    )?.[1];
    if (catalog) return `${catalog}.${name}`.toLowerCase();
  }
  return undefined;
}
