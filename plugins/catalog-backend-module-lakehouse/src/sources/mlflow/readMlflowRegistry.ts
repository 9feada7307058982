import type {
  ModelRunInfo,
  ModelVersion,
} from '@internal/plugin-lakehouse-common';
import { ModelRecord } from '../../ml/records';
import { mapConcurrently } from '../../util/mapConcurrently';
import {
  MlflowClient,
  MlflowKeyValue,
  MlflowModelVersion,
  MlflowRegisteredModel,
  MlflowRun,
} from './MlflowClient';

/** What a run contributes to a model version. */
interface RunSummary {
  run: ModelRunInfo;
  metrics?: Record<string, number>;
  params?: Record<string, string>;
}

/** Runs that ended do not change: they are kept between syncs. */
export type RunCache = Map<string, RunSummary>;

const ENDED_RUN = new Set(['FINISHED', 'FAILED', 'KILLED']);

export interface ReadMlflowOptions {
  sourceId: string;
  client: MlflowClient;
  /** registered-models/search page size (MLflow allows up to 1000). */
  modelPageSize: number;
  /** model-versions/search page size. */
  versionPageSize: number;
  /** runs/get requests in flight at once. */
  concurrency: number;
  /** Optional registered-models/search filter, e.g. `tags.team = 'fraud'`. */
  filter?: string;
  /** Base URL of the MLflow UI for links; the server URL by default. */
  uiUrl: string;
  runCache: RunCache;
}

const iso = (ms: number | string | undefined) =>
  ms === undefined || ms === '' || Number.isNaN(Number(ms))
    ? undefined
    : new Date(Number(ms)).toISOString();

const toRecord = (pairs: MlflowKeyValue[] | undefined) =>
  Object.fromEntries((pairs ?? []).map(p => [p.key, p.value]));

/** Values of a tag such as `training_datasets`, split on commas and whitespace. */
const listTag = (value: string | undefined) =>
  (value ?? '')
    .split(/[\s,]+/)
    .map(v => v.trim())
    .filter(Boolean);

function summariseRun(run: MlflowRun): RunSummary {
  const info = run.info;
  const summary: ModelRunInfo = { runId: info.run_id };
  if (info.run_name) summary.name = info.run_name;
  if (info.experiment_id) summary.experimentId = info.experiment_id;
  if (info.status) summary.status = info.status;
  if (info.start_time) summary.startTime = iso(info.start_time);
  if (info.end_time) summary.endTime = iso(info.end_time);
  if (info.artifact_uri) summary.artifactUri = info.artifact_uri;
  const datasets = (run.inputs?.dataset_inputs ?? [])
    .map(input => input.dataset)
    .filter((d): d is NonNullable<typeof d> => !!d)
    .map(d => ({
      ...(d.name ? { name: d.name } : {}),
      ...(d.digest ? { digest: d.digest } : {}),
      ...(d.source ? { source: d.source } : {}),
    }));
  if (datasets.length) summary.datasets = datasets;
  const metrics = Object.fromEntries(
    (run.data?.metrics ?? []).map(m => [m.key, Number(m.value)]),
  );
  const params = toRecord(run.data?.params);
  return {
    run: summary,
    ...(Object.keys(metrics).length ? { metrics } : {}),
    ...(Object.keys(params).length ? { params } : {}),
  };
}

async function allPages<P, T>(
  fetchPage: (pageToken?: string) => Promise<P>,
  items: (page: P) => T[] | undefined,
  next: (page: P) => string | undefined,
): Promise<T[]> {
  const result: T[] = [];
  const seen = new Set<string>();
  let token: string | undefined;
  do {
    const page = await fetchPage(token);
    result.push(...(items(page) ?? []));
    token = next(page) || undefined;
    // A server that hands out the same token again would page forever.
    if (token && seen.has(token)) {
      throw new Error(`the server answered the page token ${token} twice`);
    }
    if (token) seen.add(token);
  } while (token);
  return result;
}

function versionOf(
  raw: MlflowModelVersion,
  aliases: string[],
  run: RunSummary | undefined,
): ModelVersion {
  const version: ModelVersion = { version: String(raw.version) };
  if (raw.current_stage && raw.current_stage !== 'None')
    version.stage = raw.current_stage;
  if (aliases.length) version.aliases = aliases;
  if (raw.status) version.status = raw.status;
  if (raw.run_id) version.runId = raw.run_id;
  if (raw.source) version.source = raw.source;
  if (raw.description) version.description = raw.description;
  const created = iso(raw.creation_timestamp);
  if (created) version.createdAt = created;
  const updated = iso(raw.last_updated_timestamp);
  if (updated) version.updatedAt = updated;
  const tags = toRecord(raw.tags);
  if (Object.keys(tags).length) version.tags = tags;
  if (run?.metrics) version.metrics = run.metrics;
  if (run?.params) version.params = run.params;
  if (run) version.run = run.run;
  return version;
}

/**
 * Reads every registered model of an MLflow Model Registry with all its
 * versions, and the metrics and parameters of the run behind each version.
 * Requests: the model pages, the version pages, and one runs/get per run
 * not already read in an ended state (bounded by `concurrency`).
 */
export async function readMlflowRegistry(
  options: ReadMlflowOptions,
): Promise<ModelRecord[]> {
  const { client } = options;
  const models = await allPages(
    pageToken =>
      client.searchRegisteredModels({
        maxResults: options.modelPageSize,
        pageToken,
        filter: options.filter,
      }),
    page => page.registered_models,
    page => page.next_page_token,
  );
  const versions = await allPages(
    pageToken =>
      client.searchModelVersions({
        maxResults: options.versionPageSize,
        pageToken,
      }),
    page => page.model_versions,
    page => page.next_page_token,
  );

  const allRunIds = new Set(
    versions.map(v => v.run_id).filter((id): id is string => !!id),
  );
  // Runs of versions that were deleted are not kept.
  for (const id of options.runCache.keys()) {
    if (!allRunIds.has(id)) options.runCache.delete(id);
  }
  const runIds = [...allRunIds].filter(id => !options.runCache.has(id));
  const fresh = new Map<string, RunSummary>();
  await mapConcurrently(runIds, options.concurrency, async runId => {
    try {
      const summary = summariseRun(await client.getRun(runId));
      fresh.set(runId, summary);
      if (ENDED_RUN.has(summary.run.status ?? '')) {
        options.runCache.set(runId, summary);
      }
    } catch (error) {
      // A version whose run was deleted still belongs to its model.
      if ((error as { status?: number }).status !== 404) throw error;
    }
  });
  const runOf = (id: string | undefined) =>
    id ? fresh.get(id) ?? options.runCache.get(id) : undefined;

  const versionsByModel = new Map<string, MlflowModelVersion[]>();
  for (const version of versions) {
    const list = versionsByModel.get(version.name) ?? [];
    list.push(version);
    versionsByModel.set(version.name, list);
  }

  return models
    .map(model =>
      modelRecord(model, versionsByModel.get(model.name) ?? [], runOf, options),
    )
    .sort((a, b) => a.name.localeCompare(b.name));
}

function modelRecord(
  model: MlflowRegisteredModel,
  rawVersions: MlflowModelVersion[],
  runOf: (id: string | undefined) => RunSummary | undefined,
  options: ReadMlflowOptions,
): ModelRecord {
  const aliases = Object.fromEntries(
    (model.aliases ?? []).map(a => [a.alias, String(a.version)]),
  );
  const aliasesOf = (version: MlflowModelVersion) =>
    [
      ...new Set([
        ...(version.aliases ?? []),
        ...Object.entries(aliases)
          .filter(([, v]) => v === String(version.version))
          .map(([alias]) => alias),
      ]),
    ].sort();
  const versions = rawVersions
    .map(v => versionOf(v, aliasesOf(v), runOf(v.run_id)))
    .sort(
      (a, b) =>
        Number(b.version) - Number(a.version) ||
        b.version.localeCompare(a.version),
    );
  const tags = toRecord(model.tags);
  const featureServiceNames = [
    ...new Set([
      ...listTag(tags.feature_service),
      ...versions.flatMap(v => listTag(v.tags?.feature_service)),
    ]),
  ].sort();
  const trainingTables = [
    ...new Set([
      ...listTag(tags.training_datasets),
      ...versions.flatMap(v => listTag(v.tags?.training_datasets)),
    ]),
  ]
    .map(t => t.toLocaleLowerCase('en-US'))
    .sort();
  const record: ModelRecord = {
    type: 'ai-model',
    sourceId: options.sourceId,
    name: model.name,
    tags,
    aliases,
    versions,
    featureServiceNames,
    trainingTables,
    url: `${options.uiUrl.replace(/\/+$/, '')}/#/models/${encodeURIComponent(
      model.name,
    )}`,
  };
  if (model.description) record.description = model.description;
  const created = iso(model.creation_timestamp);
  if (created) record.createdAt = created;
  const updated = iso(model.last_updated_timestamp);
  if (updated) record.updatedAt = updated;
  return record;
}
