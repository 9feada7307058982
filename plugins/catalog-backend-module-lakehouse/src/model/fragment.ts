import type {
  DatasetSpec,
  MedallionLayer,
} from '@internal/plugin-lakehouse-common';

/** The systems datasets are discovered from. */
export type DatasetSourceKind = 'dbt' | 'iceberg' | 'trino';

/**
 * What one source knows about one table. Fragments of the same table
 * (same `identifier`) from different sources are merged into one dataset
 * entity; each source fills the fields it is the authority for.
 */
export interface DatasetFragment
  extends Pick<
    DatasetSpec,
    | 'columns'
    | 'format'
    | 'location'
    | 'partitioning'
    | 'properties'
    | 'stats'
    | 'currentSnapshot'
    | 'snapshots'
    | 'dbt'
  > {
  /** Lower-case `catalog.schema.table`: the identity of the dataset. */
  identifier: string;
  sourceKind: DatasetSourceKind;
  /** Provider id, e.g. `dbt:demo`. */
  sourceId: string;
  title?: string;
  description?: string;
  /** Owner entity ref or name, from the source (dbt meta.owner). */
  owner?: string;
  layer?: MedallionLayer;
  tags?: string[];
  /** Classification of the whole table, e.g. `pii`. */
  classification?: string;
  /**
   * How old the table's data may get, e.g. `24h` or `7d` (see
   * `LakehouseAnnotation.freshnessSla`), as the source declares it.
   */
  freshnessSla?: string;
  /** Identifiers of the upstream datasets (lineage). */
  upstream?: string[];
  links?: { url: string; title: string }[];
}

/** Everything one run of a source produced. */
export interface SourceSnapshot {
  sourceId: string;
  fragments: DatasetFragment[];
}
