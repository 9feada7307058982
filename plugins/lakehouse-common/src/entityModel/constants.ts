/**
 * The lakehouse entity model: which stock Backstage kinds and `spec.type`s
 * represent datasets, features, models and deployments, and the annotations
 * that tie each entity to the system that owns it.
 *
 * Stock kinds are used on purpose so the catalog table, catalog-graph,
 * ownership, search and the permission framework work on these entities
 * without any extra code. See docs/architecture.md.
 */

/** Prefix of every annotation this portal reads or writes. @public */
export const LAKEHOUSE_ANNOTATION_PREFIX = 'lakehouse.dev';

/** `spec.type` values of the lakehouse entities. @public */
export const LakehouseEntityType = {
  /** A table or view of the lakehouse (kind Resource). */
  dataset: 'dataset',
  /** A Feast feature view (kind Resource). */
  featureView: 'feature-view',
  /** A Feast feature service (kind Resource). */
  featureService: 'feature-service',
  /** A model in the MLflow model registry (kind Resource). */
  aiModel: 'ai-model',
  /** A served model, e.g. a KServe InferenceService (kind Component). */
  modelServer: 'model-server',
  /** A data pipeline such as a dbt project or a Dagster job (kind Component). */
  dataPipeline: 'data-pipeline',
  /** A training or batch-scoring pipeline (kind Component). */
  mlPipeline: 'ml-pipeline',
} as const;

/** One of the lakehouse `spec.type` values. @public */
export type LakehouseEntityTypeValue =
  (typeof LakehouseEntityType)[keyof typeof LakehouseEntityType];

/** The stock kind each lakehouse type lives in. @public */
export const LAKEHOUSE_KIND_OF_TYPE: Record<
  LakehouseEntityTypeValue,
  'Resource' | 'Component'
> = {
  dataset: 'Resource',
  'feature-view': 'Resource',
  'feature-service': 'Resource',
  'ai-model': 'Resource',
  'model-server': 'Component',
  'data-pipeline': 'Component',
  'ml-pipeline': 'Component',
};

/** Annotations of the lakehouse entity model. @public */
export const LakehouseAnnotation = {
  /** Fully qualified table identifier `catalog.schema.table`: the identity of a dataset. */
  table: `${LAKEHOUSE_ANNOTATION_PREFIX}/table`,
  /** Medallion layer of a dataset: raw, bronze, silver or gold. */
  layer: `${LAKEHOUSE_ANNOTATION_PREFIX}/layer`,
  /** Comma-separated systems the entity was read from (dbt, iceberg, trino, feast, mlflow, kserve, yaml). */
  sourceSystems: `${LAKEHOUSE_ANNOTATION_PREFIX}/source-systems`,
  /** dbt `unique_id` of the node a dataset comes from (model, seed, snapshot or source). */
  dbtUniqueId: `${LAKEHOUSE_ANNOTATION_PREFIX}/dbt-unique-id`,
  /** dbt project name. */
  dbtProject: `${LAKEHOUSE_ANNOTATION_PREFIX}/dbt-project`,
  /** Feast project of a feature view or feature service. */
  feastProject: `${LAKEHOUSE_ANNOTATION_PREFIX}/feast-project`,
  /** Name of the feature view or feature service in the Feast registry. */
  feastName: `${LAKEHOUSE_ANNOTATION_PREFIX}/feast-name`,
  /** Registered model name in the MLflow model registry. */
  mlflowModelName: `${LAKEHOUSE_ANNOTATION_PREFIX}/mlflow-model-name`,
  /** `namespace/name` of a KServe InferenceService. */
  inferenceService: `${LAKEHOUSE_ANNOTATION_PREFIX}/inferenceservice`,
  /** Data classification of the entity as a whole, e.g. `pii` or `internal`. */
  classification: `${LAKEHOUSE_ANNOTATION_PREFIX}/classification`,
  /**
   * How old a dataset's data may get before it counts as stale: a number and
   * a unit, `m`, `h`, `d` or `w`, e.g. `24h` or `7d`. The dbt provider sets it
   * from `meta.freshness_sla`, or from a source's `freshness.error_after`.
   */
  freshnessSla: `${LAKEHOUSE_ANNOTATION_PREFIX}/freshness-sla`,
} as const;

/** Medallion layers, in lineage order. @public */
export const MEDALLION_LAYERS = ['raw', 'bronze', 'silver', 'gold'] as const;

/** A medallion layer. @public */
export type MedallionLayer = (typeof MEDALLION_LAYERS)[number];

/** Tag carried by entities and columns that hold personal data. @public */
export const PII_TAG = 'pii';
