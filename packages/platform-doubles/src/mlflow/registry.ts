/*
 * What the MLflow double holds, and how MLflow writes it on the wire. Shapes follow the protos
 * (mlflow/protos/model_registry.proto RegisteredModel, ModelVersion, RegisteredModelAlias, and service.proto
 * Run, RunInfo, RunData, RunInputs, DatasetInput, Dataset) as the entities write them (to_proto of
 * mlflow/entities/model_registry/registered_model.py and model_version.py) and as
 * mlflow/utils/proto_json_utils.message_to_json prints them: snake_case names, int64 timestamps as JSON
 * numbers, enums by name, empty repeated fields and unset fields left out, keys in field-number order.
 * Details reproduced from the SQL store (mlflow/store/model_registry/dbmodels/models.py):
 * `latest_versions` holds the highest version of each stage; versions returned by model-versions/search carry
 * no `aliases` (only the registered model lists them); a registered model's empty description is left out
 * while a version's is written.
 */
import { createHash } from 'node:crypto';

/**
 * Status of a model version (ModelVersionStatus).
 *
 * @public
 */
export type MlflowModelVersionStatus =
  | 'READY'
  | 'PENDING_REGISTRATION'
  | 'FAILED_REGISTRATION';

/**
 * Status of a run (RunStatus).
 *
 * @public
 */
export type MlflowRunStatus =
  | 'RUNNING'
  | 'SCHEDULED'
  | 'FINISHED'
  | 'FAILED'
  | 'KILLED';

/**
 * A dataset a run used (`mlflow.log_input`), written as a DatasetInput.
 *
 * @public
 */
export interface MlflowDatasetInput {
  name: string;
  digest: string;
  /** e.g. `delta`, `s3`, `http`, `code`. */
  sourceType: string;
  /** JSON text describing the source, e.g. `{"uri": "s3://lake/churn/train"}`. */
  source: string;
  schema?: string;
  profile?: string;
  /** Value of the `mlflow.data.context` input tag, e.g. `training` or `eval`. */
  context?: string;
  /** Other input tags. */
  tags?: Record<string, string>;
}

/**
 * A metric as logged: the latest value of each key is what runs/get returns.
 *
 * @public
 */
export interface MlflowMetricInput {
  key: string;
  value: number;
  /** ms since epoch. Default: the run's start time. */
  timestamp?: number;
  /** Default 0. */
  step?: number;
}

/**
 * A run of the tracking server.
 *
 * @public
 */
export interface MlflowRunInput {
  /** 32 lower-case hex digits. Default: derived from the model name and version. */
  runId?: string;
  /** Default `'1'`. */
  experimentId?: string;
  /** Default: the `mlflow.runName` tag, or a generated name. */
  runName?: string;
  /** Default `FINISHED`. */
  status?: MlflowRunStatus;
  /** ms since epoch. Default: a little before the version's creation. */
  startTime?: number;
  /** ms since epoch. Default: startTime + 60 s for a finished run; none for a running one. */
  endTime?: number;
  /** Default `mlflow-artifacts:/<experimentId>/<runId>/artifacts`. */
  artifactUri?: string;
  /** Default `active`. */
  lifecycleStage?: 'active' | 'deleted';
  userId?: string;
  /** Latest metric values, as a key-value map or as logged metrics. */
  metrics?: Record<string, number> | MlflowMetricInput[];
  params?: Record<string, string>;
  tags?: Record<string, string>;
  datasets?: MlflowDatasetInput[];
}

/**
 * A model version to register.
 *
 * @public
 */
export interface MlflowModelVersionInput {
  /** Default: one more than the highest version so far. */
  version?: number;
  /** Default: the run's `<artifactUri>/model`, or `models:/<name>/<version>` without a run. */
  source?: string;
  /** Default: the id of `run`, if any. */
  runId?: string;
  /** Default `READY`. */
  status?: MlflowModelVersionStatus;
  statusMessage?: string;
  /** Legacy stage: `None` (default), `Staging`, `Production`, `Archived`. */
  stage?: string;
  /** Default '' (what the registry stores when a client sends none). */
  description?: string;
  userId?: string;
  /** Default ''. */
  runLink?: string;
  tags?: Record<string, string>;
  /** ms since epoch. */
  creationTimestamp?: number;
  /** ms since epoch. Default: creationTimestamp. */
  lastUpdatedTimestamp?: number;
  /** The run that produced the version; stored so runs/get serves it. */
  run?: MlflowRunInput;
}

/**
 * A registered model to add.
 *
 * @public
 */
export interface MlflowModelInput {
  name: string;
  description?: string;
  tags?: Record<string, string>;
  /** Alias → version number. */
  aliases?: Record<string, number | string>;
  /** ms since epoch. */
  creationTimestamp?: number;
  /** ms since epoch. Default: the newest version's last update, or creationTimestamp. */
  lastUpdatedTimestamp?: number;
  versions?: MlflowModelVersionInput[];
}

/** A stored model version. */
export interface VersionRecord {
  name: string;
  version: number;
  creationTimestamp: number;
  lastUpdatedTimestamp: number;
  userId?: string;
  stage: string;
  description?: string;
  source?: string;
  runId?: string;
  status: MlflowModelVersionStatus;
  statusMessage?: string;
  tags: Array<[string, string]>;
  runLink?: string;
}

/** A stored registered model. */
export interface ModelRecord {
  name: string;
  creationTimestamp: number;
  lastUpdatedTimestamp: number;
  description?: string;
  tags: Array<[string, string]>;
  aliases: Map<string, number>;
  /** Ascending by version. */
  versions: VersionRecord[];
}

/** A stored run. */
export interface RunRecord {
  runId: string;
  experimentId: string;
  runName: string;
  userId?: string;
  status: MlflowRunStatus;
  startTime: number;
  endTime?: number;
  artifactUri: string;
  lifecycleStage: string;
  metrics: Array<{
    key: string;
    value: number;
    timestamp: number;
    step: number;
  }>;
  params: Array<[string, string]>;
  tags: Array<[string, string]>;
  datasets: MlflowDatasetInput[];
}

const tagList = (tags: Array<[string, string]>) =>
  tags.map(([key, value]) => ({ key, value }));

/** A 32-hex-digit id derived from `seed`, shaped like MLflow's uuid4().hex run ids. */
export function stableRunId(seed: string): string {
  return createHash('md5').update(seed).digest('hex');
}

/** A ModelVersion message (ModelVersion.to_proto); `aliases` only where the server populates them. */
export function versionJson(
  v: VersionRecord,
  aliases?: string[],
): Record<string, unknown> {
  const out: Record<string, unknown> = {
    name: v.name,
    version: String(v.version),
    creation_timestamp: v.creationTimestamp,
    last_updated_timestamp: v.lastUpdatedTimestamp,
  };
  if (v.userId !== undefined) out.user_id = v.userId;
  out.current_stage = v.stage;
  if (v.description !== undefined) out.description = v.description;
  if (v.source !== undefined) out.source = v.source;
  if (v.runId !== undefined) out.run_id = v.runId;
  out.status = v.status;
  if (v.statusMessage) out.status_message = v.statusMessage;
  if (v.tags.length) out.tags = tagList(v.tags);
  if (v.runLink !== undefined) out.run_link = v.runLink;
  if (aliases?.length) out.aliases = aliases;
  return out;
}

/** The highest version of each stage, in the order the stages first appear (SqlRegisteredModel.to_mlflow_entity). */
export function latestVersions(model: ModelRecord): VersionRecord[] {
  const latest = new Map<string, VersionRecord>();
  for (const v of model.versions) {
    const current = latest.get(v.stage);
    if (!current || current.version < v.version) {
      latest.set(v.stage, v);
    }
  }
  return [...latest.values()];
}

/** A RegisteredModel message (RegisteredModel.to_proto). */
export function modelJson(model: ModelRecord): Record<string, unknown> {
  const out: Record<string, unknown> = {
    name: model.name,
    creation_timestamp: model.creationTimestamp,
  };
  if (model.lastUpdatedTimestamp) {
    out.last_updated_timestamp = model.lastUpdatedTimestamp;
  }
  if (model.description) out.description = model.description;
  const latest = latestVersions(model);
  if (latest.length) out.latest_versions = latest.map(v => versionJson(v));
  if (model.tags.length) out.tags = tagList(model.tags);
  if (model.aliases.size) {
    out.aliases = [...model.aliases].map(([alias, version]) => ({
      alias,
      version: String(version),
    }));
  }
  return out;
}

/** A Run message as runs/get writes it (Run.to_proto with RunInfo, RunData and RunInputs). */
export function runJson(run: RunRecord): Record<string, unknown> {
  const info: Record<string, unknown> = {
    run_uuid: run.runId,
    experiment_id: run.experimentId,
    run_name: run.runName,
  };
  if (run.userId !== undefined) info.user_id = run.userId;
  info.status = run.status;
  info.start_time = run.startTime;
  if (run.endTime !== undefined) info.end_time = run.endTime;
  info.artifact_uri = run.artifactUri;
  info.lifecycle_stage = run.lifecycleStage;
  info.run_id = run.runId;

  const data: Record<string, unknown> = {};
  if (run.metrics.length) data.metrics = run.metrics;
  if (run.params.length) data.params = tagList(run.params);
  if (run.tags.length) data.tags = tagList(run.tags);

  const inputs: Record<string, unknown> = {};
  if (run.datasets.length) {
    inputs.dataset_inputs = run.datasets.map(d => {
      const tags: Array<[string, string]> = [
        ...(d.context !== undefined
          ? [['mlflow.data.context', d.context] as [string, string]]
          : []),
        ...Object.entries(d.tags ?? {}),
      ];
      const dataset: Record<string, unknown> = {
        name: d.name,
        digest: d.digest,
        source_type: d.sourceType,
        source: d.source,
      };
      if (d.schema !== undefined) dataset.schema = d.schema;
      if (d.profile !== undefined) dataset.profile = d.profile;
      return { ...(tags.length ? { tags: tagList(tags) } : {}), dataset };
    });
  }
  return { run: { info, data, inputs } };
}
