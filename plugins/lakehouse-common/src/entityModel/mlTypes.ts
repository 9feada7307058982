/**
 * The spec fields of the ML half of the entity model: Feast feature views
 * and feature services, MLflow registered models and KServe model
 * deployments. Providers write them from what the owning system says; the
 * feature-store and models plugins render them. Stock fields (type, owner,
 * system, dependsOn, lifecycle) stay where Backstage expects them.
 */

/** Feast tags and MLflow tags: free key-value pairs. @public */
export type KeyValueTags = Record<string, string>;

/** A feature of a feature view. @public */
export interface FeatureDefinition {
  name: string;
  /**
   * The Feast value type as the registry names it (`feast.types.ValueType`):
   * `INT64`, `DOUBLE`, `STRING`, `BOOL`, `UNIX_TIMESTAMP`, `INT64_LIST`, …
   */
  valueType?: string;
  /**
   * The Feast SDK type of the feature, e.g. `Int64`, `Float64`,
   * `Array(String)`; derived from `valueType` by the providers.
   */
  dtype?: string;
  description?: string;
  tags?: KeyValueTags;
}

/** The kinds of feature view Feast has. @public */
export type FeatureViewKind = 'batch' | 'on-demand' | 'stream';

/** A Feast entity a feature view is keyed by. @public */
export interface FeatureViewEntityKey {
  /** Feast entity name, e.g. `customer`. */
  entity: string;
  /** Column that identifies the entity in lookups, e.g. `customer_id`. */
  joinKey: string;
  /** Feast value type of the join key, e.g. `INT64`. */
  valueType?: string;
  description?: string;
}

/** Where a feature view's data comes from (a Feast data source). @public */
export interface FeatureViewSource {
  /** Data source name in the registry. */
  name?: string;
  /** Feast data source type, e.g. `BATCH_TRINO`, `BATCH_FILE`, `STREAM_KAFKA`, `REQUEST_SOURCE`. */
  type?: string;
  /** Table the source reads, as the source names it. */
  table?: string;
  /** SQL query the source reads. */
  query?: string;
  /** File or object path (file and Parquet sources). */
  path?: string;
  /** Event timestamp column. */
  timestampField?: string;
  /** Entity ref of the catalog dataset this source reads, when one matches. */
  dataset?: string;
  description?: string;
}

/** An input of an on-demand feature view. @public */
export interface OnDemandSourceRef {
  /** Feature view or request source name. */
  name: string;
  kind: 'feature-view' | 'request-source';
  /** Features or request fields used. */
  fields?: string[];
  /** Entity ref of the feature view, when it is one. */
  featureView?: string;
}

/** The lakehouse-specific part of a feature view's spec. @public */
export interface FeatureViewSpec {
  type: 'feature-view';
  owner: string;
  system?: string;
  dependsOn?: string[];
  /** Batch, on-demand or stream feature view. */
  viewKind?: FeatureViewKind;
  /** Feast entity names. */
  entities?: string[];
  /** The entities with their join keys and types, for lookups. */
  entityKeys?: FeatureViewEntityKey[];
  features?: FeatureDefinition[];
  /** Time to live as a duration string, e.g. `86400s`; `0s` never expires. */
  ttl?: string;
  /** Whether the view is materialised into the online store. */
  online?: boolean;
  /** Whether computed features are also written to the offline store (Feast `offline`). */
  offline?: boolean;
  /** Online store type of the feature store, e.g. `redis`, when known. */
  onlineStore?: string;
  /** Batch source (batch and stream views). */
  source?: FeatureViewSource;
  /** Stream source (stream views). */
  streamSource?: FeatureViewSource;
  /** Inputs of an on-demand view. */
  sources?: OnDemandSourceRef[];
  /** Transformation of an on-demand or stream view: mode and code. */
  transformation?: { mode?: string; code?: string };
  /** Feast tags. */
  tags?: KeyValueTags;
  /** When Feast created and last updated the view (ISO 8601). */
  createdAt?: string;
  updatedAt?: string;
}

/** A feature view a feature service selects. @public */
export interface FeatureServiceProjection {
  /** Feature view name in the registry. */
  name: string;
  /** Features selected from the view; all when absent. */
  select?: string[];
  /** Entity ref of the feature view. */
  featureView?: string;
}

/** The lakehouse-specific part of a feature service's spec. @public */
export interface FeatureServiceSpec {
  type: 'feature-service';
  owner: string;
  system?: string;
  dependsOn?: string[];
  features?: FeatureServiceProjection[];
  tags?: KeyValueTags;
  createdAt?: string;
  updatedAt?: string;
}

/** What an MLflow run recorded for a model version. @public */
export interface ModelRunInfo {
  runId: string;
  name?: string;
  experimentId?: string;
  /** RUNNING, SCHEDULED, FINISHED, FAILED, KILLED. */
  status?: string;
  startTime?: string;
  endTime?: string;
  artifactUri?: string;
  /** Training data the run logged as dataset inputs. */
  datasets?: { name?: string; digest?: string; source?: string }[];
}

/** One version of a registered model. @public */
export interface ModelVersion {
  version: string;
  /** MLflow stage (deprecated in MLflow): None, Staging, Production, Archived. */
  stage?: string;
  aliases?: string[];
  /** READY, PENDING_REGISTRATION or FAILED_REGISTRATION. */
  status?: string;
  runId?: string;
  /** Where the model's files are, e.g. `s3://mlflow/1/<run>/artifacts/model`. */
  source?: string;
  description?: string;
  /** When the version was registered and last updated (ISO 8601). */
  createdAt?: string;
  updatedAt?: string;
  tags?: KeyValueTags;
  /** The run's final metrics. */
  metrics?: Record<string, number>;
  /** The run's parameters. */
  params?: Record<string, string>;
  run?: ModelRunInfo;
}

/** The lakehouse-specific part of a registered model's spec. @public */
export interface AiModelSpec {
  type: 'ai-model';
  owner: string;
  system?: string;
  dependsOn?: string[];
  /** Every version, newest first. */
  versions?: ModelVersion[];
  /** Registered model tags. */
  tags?: KeyValueTags;
  /** Alias → version, e.g. `{ champion: '2' }`. */
  aliases?: Record<string, string>;
  createdAt?: string;
  updatedAt?: string;
  /** Entity refs of the feature services the model was trained with. */
  featureServices?: string[];
  /** Entity refs of the datasets the model was trained on. */
  trainingDatasets?: string[];
}

/** A condition of an InferenceService's status. @public */
export interface DeploymentCondition {
  /** Ready, PredictorReady, IngressReady, LatestDeploymentReady, … */
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
  severity?: string;
}

/** How a deployment's traffic is split between the current model and a canary. @public */
export interface DeploymentTraffic {
  /** Percent of requests the current (last rolled-out) model receives. */
  currentPercent: number;
  /** Percent of requests the canary receives; 0 without a canary. */
  canaryPercent: number;
  /**
   * Where the split comes from: `canaryTrafficPercent` (Serverless mode),
   * `spec.canary` (Standard mode, KServe 0.20+) or `none`.
   */
  mechanism: 'canaryTrafficPercent' | 'spec.canary' | 'none';
  /** The canaries of Standard mode, with what they serve. */
  canaries?: { trafficPercent: number; storageUri?: string; ready?: boolean }[];
  /** Revisions and their share as the status reports them (Serverless mode). */
  revisions?: {
    revisionName?: string;
    percent?: number;
    latestRevision?: boolean;
    tag?: string;
  }[];
}

/** The predictor of an InferenceService. @public */
export interface DeploymentPredictor {
  /** Model format, e.g. `sklearn`, `xgboost`, `mlflow`. */
  modelFormat?: string;
  modelFormatVersion?: string;
  /** Serving runtime, e.g. `kserve-sklearnserver`. */
  runtime?: string;
  /** Where the served model's files are. */
  storageUri?: string;
  protocolVersion?: string;
  serviceAccountName?: string;
  minReplicas?: number;
  maxReplicas?: number;
}

/** An InferenceService as the KServe provider last read it. @public */
export interface InferenceServiceInfo {
  /** Cluster name of the app's `kubernetes` config. */
  cluster: string;
  namespace: string;
  name: string;
  /** Serverless, Standard (formerly RawDeployment) or ModelMesh. */
  deploymentMode?: string;
  predictor: DeploymentPredictor;
  traffic: DeploymentTraffic;
  /** True when the Ready condition is True. */
  ready: boolean;
  url?: string;
  /** Cluster-internal address. */
  address?: string;
  conditions: DeploymentCondition[];
  /** The model server's last failure to load the model. */
  lastFailure?: {
    reason?: string;
    message?: string;
    time?: string;
    exitCode?: number;
    modelRevisionName?: string;
  };
  /** activeModelState, targetModelState and transitionStatus of modelStatus. */
  modelState?: { active?: string; target?: string; transition?: string };
  latestReadyRevision?: string;
  latestCreatedRevision?: string;
  /**
   * When the status last changed as far as the object tells (the newest
   * condition's lastTransitionTime, else the object's creation time; ISO 8601).
   * When the provider last read the cluster is in the source status.
   */
  observedAt: string;
}

/** The lakehouse-specific part of a model deployment's spec. @public */
export interface ModelServerSpec {
  type: 'model-server';
  lifecycle: string;
  owner: string;
  system?: string;
  dependsOn?: string[];
  inferenceService?: InferenceServiceInfo;
  /** The registered model and version served, when they could be matched. */
  servedModel?: { entityRef: string; name?: string; version?: string };
}
