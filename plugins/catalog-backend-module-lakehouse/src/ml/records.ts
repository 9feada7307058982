import type {
  FeatureServiceSpec,
  FeatureViewSpec,
  InferenceServiceInfo,
  KeyValueTags,
  ModelVersion,
} from '@internal/plugin-lakehouse-common';

/**
 * What the ML sources produce: one record per feature view, feature
 * service, registered model or InferenceService, close to the entity it
 * becomes. Links to other entities (datasets, feature services, models) are
 * kept as names and resolved when the entities are built, because they
 * point across sources.
 */

/** Where a feature view's batch source points, for the link to its dataset. */
export interface SourceLinkHint {
  /** Lower-case `catalog.schema.table` identifiers the source reads. */
  tables?: string[];
  /** File or object path the source reads. */
  path?: string;
}

/** A Feast feature view (any kind) read from a registry. */
export interface FeatureViewRecord {
  type: 'feature-view';
  sourceId: string;
  project: string;
  name: string;
  description?: string;
  /** Feast `owner`, as written in the registry. */
  feastOwner?: string;
  spec: Omit<FeatureViewSpec, 'type' | 'owner' | 'system' | 'dependsOn'>;
  /** Datasets the batch source reads. */
  sourceLink?: SourceLinkHint;
  /** Feature views an on-demand view reads. */
  upstreamViews?: string[];
}

/** A Feast feature service read from a registry. */
export interface FeatureServiceRecord {
  type: 'feature-service';
  sourceId: string;
  project: string;
  name: string;
  description?: string;
  feastOwner?: string;
  spec: Omit<FeatureServiceSpec, 'type' | 'owner' | 'system' | 'dependsOn'>;
}

/** A registered model read from an MLflow Model Registry. */
export interface ModelRecord {
  type: 'ai-model';
  sourceId: string;
  name: string;
  description?: string;
  tags: KeyValueTags;
  aliases: Record<string, string>;
  versions: ModelVersion[];
  createdAt?: string;
  updatedAt?: string;
  /** Feature services named by `feature_service` tags (model or version). */
  featureServiceNames: string[];
  /** Table identifiers named by `training_datasets` tags (model or version). */
  trainingTables: string[];
  /** Link to the model in the MLflow UI. */
  url?: string;
}

/** A KServe InferenceService read from a Kubernetes cluster. */
export interface DeploymentRecord {
  type: 'model-server';
  sourceId: string;
  info: InferenceServiceInfo;
  description?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

/** Any record an ML source produces. */
export type MlRecord =
  | FeatureViewRecord
  | FeatureServiceRecord
  | ModelRecord
  | DeploymentRecord;

/** Identity of a record within its source. */
export function recordKey(record: MlRecord): string {
  switch (record.type) {
    case 'feature-view':
    case 'feature-service':
      return `${record.type}:${record.project}/${record.name}`;
    case 'ai-model':
      return `ai-model:${record.name}`;
    case 'model-server':
      return `model-server:${record.info.cluster}/${record.info.namespace}/${record.info.name}`;
    default:
      throw new Error(`Unknown record type ${(record as MlRecord).type}`);
  }
}
