/**
 * The parts of a dbt `manifest.json` (schema v12, dbt 1.8 and later) that
 * the lakehouse backend packages read (the catalog's dbt dataset source, the
 * scaffolder's dbt model check, column lineage). Everything else in the
 * manifest is ignored, so these types are deliberately partial; fields dbt
 * may write as `null` are typed that way.
 */

/** Free-form `meta` of a node, column or config. */
export type DbtMeta = Record<string, unknown>;

/** `metadata` of a manifest. */
export interface DbtManifestMetadata {
  /** e.g. `https://schemas.getdbt.com/dbt/manifest/v12.json` */
  dbt_schema_version: string;
  dbt_version?: string;
  project_name?: string | null;
  adapter_type?: string | null;
  generated_at?: string;
}

/** A column as documented in a node's or source's YAML. */
export interface DbtColumn {
  name: string;
  description?: string | null;
  data_type?: string | null;
  meta?: DbtMeta | null;
  tags?: string[] | null;
  /** dbt 1.10 and later also keep column meta and tags here. */
  config?: { meta?: DbtMeta | null; tags?: string[] | null } | null;
}

/** `warn_after` / `error_after` of a freshness rule. */
export interface DbtFreshnessTime {
  count?: number | null;
  period?: 'minute' | 'hour' | 'day' | null;
}

/** Freshness rule of a source. */
export interface DbtFreshness {
  warn_after?: DbtFreshnessTime | null;
  error_after?: DbtFreshnessTime | null;
  filter?: string | null;
}

/** `config` of a node or source (only what is read). */
export interface DbtNodeConfig {
  enabled?: boolean;
  materialized?: string | null;
  meta?: DbtMeta | null;
  tags?: string[] | string | null;
  freshness?: DbtFreshness | null;
}

/** What nodes, sources and exposures have in common. */
export interface DbtBaseNode {
  unique_id: string;
  resource_type: string;
  name: string;
  package_name?: string;
  database?: string | null;
  schema?: string | null;
  fqn?: string[];
  path?: string;
  original_file_path?: string;
  description?: string | null;
  tags?: string[] | null;
  meta?: DbtMeta | null;
  config?: DbtNodeConfig | null;
  columns?: Record<string, DbtColumn> | null;
  depends_on?: { nodes?: string[] | null; macros?: string[] | null } | null;
}

/**
 * An entry of `nodes`: a model, seed, snapshot, test, analysis or
 * operation (`resource_type` tells which).
 */
export interface DbtNode extends DbtBaseNode {
  alias?: string | null;
  /** The version of a versioned model (`ref('model', v=2)`). */
  version?: string | number | null;
  /** `sql` or `python` for models; absent for other nodes. */
  language?: string | null;
  raw_code?: string | null;
  /** Only present after `dbt compile` / `dbt run`. */
  compiled_code?: string | null;
}

/** A data test in `nodes`: generic (with `test_metadata`) or singular. */
export interface DbtTestNode extends DbtNode {
  resource_type: 'test';
  /** Set for generic tests (`unique`, `not_null`, ...); absent for singular tests. */
  test_metadata?: {
    name: string;
    kwargs?: Record<string, unknown>;
    namespace?: string | null;
  } | null;
  /** The node a generic test belongs to; dbt leaves it null for singular tests. */
  attached_node?: string | null;
  /** The column a generic column test checks. */
  column_name?: string | null;
}

/** An entry of `sources`: one table of a dbt source. */
export interface DbtSource extends DbtBaseNode {
  resource_type: 'source';
  source_name: string;
  /** The table name in the warehouse (defaults to `name` in dbt). */
  identifier?: string | null;
  loader?: string;
  loaded_at_field?: string | null;
  freshness?: DbtFreshness | null;
  /** `meta` of the source as a whole (dbt merges it into `config.meta`). */
  source_meta?: DbtMeta | null;
}

/** An entry of `exposures`: a dashboard, notebook, ML model or application using the data. */
export interface DbtExposure {
  unique_id: string;
  resource_type?: 'exposure';
  name: string;
  /** dashboard, notebook, analysis, ml or application. */
  type: string;
  label?: string | null;
  url?: string | null;
  maturity?: string | null;
  owner?: { name?: string | null; email?: string | string[] | null } | null;
  depends_on?: { nodes?: string[] | null } | null;
  config?: { enabled?: boolean } | null;
}

/** A parsed and validated dbt `manifest.json` (schema v12). */
export interface DbtManifest {
  metadata: DbtManifestMetadata;
  nodes: Record<string, DbtNode | DbtTestNode>;
  sources: Record<string, DbtSource>;
  exposures?: Record<string, DbtExposure> | null;
  /** Disabled nodes by unique id; never turned into datasets. */
  disabled?: Record<string, unknown[]> | null;
  /** unique id → unique ids of the node's direct parents. */
  parent_map: Record<string, string[]>;
  child_map?: Record<string, string[]> | null;
}
