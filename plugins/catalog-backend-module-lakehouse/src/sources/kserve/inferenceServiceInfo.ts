/**
 * What the portal shows of a KServe `serving.kserve.io/v1beta1`
 * InferenceService, read from its spec and status as the KServe v0.20 CRD
 * defines them: predictor (new `model` form or a legacy framework key),
 * traffic split (Serverless `canaryTrafficPercent`, Standard `spec.canary`),
 * conditions, URL and the model server's last failure.
 */
import type {
  DeploymentCondition,
  DeploymentPredictor,
  DeploymentTraffic,
  InferenceServiceInfo,
} from '@internal/plugin-lakehouse-common';
import { FRAMEWORK_PREDICTORS } from '@internal/plugin-lakehouse-node';
import { DeploymentRecord } from '../../ml/records';

type Json = Record<string, any>;

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;
const num = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) ? value : undefined;

function compact<T extends object>(value: T): T {
  for (const key of Object.keys(value) as (keyof T)[]) {
    if (value[key] === undefined) delete value[key];
  }
  return value;
}

function modelOf(predictor: Json): { format?: string; model: Json } {
  if (predictor?.model && typeof predictor.model === 'object') {
    return {
      format: text(predictor.model.modelFormat?.name),
      model: predictor.model,
    };
  }
  for (const framework of FRAMEWORK_PREDICTORS) {
    if (predictor?.[framework] && typeof predictor[framework] === 'object') {
      return { format: framework, model: predictor[framework] };
    }
  }
  return { model: {} };
}

function predictorOf(predictor: Json): DeploymentPredictor {
  const { format, model } = modelOf(predictor ?? {});
  return compact({
    modelFormat: format,
    modelFormatVersion: text(model.modelFormat?.version),
    runtime: text(model.runtime),
    storageUri: text(model.storageUri),
    protocolVersion: text(model.protocolVersion),
    serviceAccountName: text(predictor?.serviceAccountName),
    minReplicas: num(predictor?.minReplicas),
    maxReplicas: num(predictor?.maxReplicas),
  });
}

function trafficOf(spec: Json, status: Json): DeploymentTraffic {
  const revisions = (status?.components?.predictor?.traffic ?? []).map(
    (t: Json) =>
      compact({
        revisionName: text(t.revisionName),
        percent: num(t.percent),
        latestRevision:
          typeof t.latestRevision === 'boolean' ? t.latestRevision : undefined,
        tag: text(t.tag),
      }),
  );
  const canaries: Json[] = Array.isArray(spec?.canary) ? spec.canary : [];
  if (canaries.length > 0) {
    const statuses: Json[] = status?.canaryStatuses ?? [];
    const listed = canaries.map((canary, i) =>
      compact({
        trafficPercent: num(canary.trafficPercent) ?? 0,
        storageUri: predictorOf(canary.predictor).storageUri,
        ready:
          typeof statuses[i]?.ready === 'boolean'
            ? statuses[i].ready
            : undefined,
      }),
    );
    const canaryPercent = Math.min(
      100,
      listed.reduce((sum, c) => sum + c.trafficPercent, 0),
    );
    return compact({
      currentPercent: 100 - canaryPercent,
      canaryPercent,
      mechanism: 'spec.canary' as const,
      canaries: listed,
      revisions: revisions.length ? revisions : undefined,
    });
  }
  const percent = num(spec?.predictor?.canaryTrafficPercent);
  if (percent !== undefined) {
    return compact({
      currentPercent: 100 - percent,
      canaryPercent: percent,
      mechanism: 'canaryTrafficPercent' as const,
      revisions: revisions.length ? revisions : undefined,
    });
  }
  return compact({
    currentPercent: 100,
    canaryPercent: 0,
    mechanism: 'none' as const,
    revisions: revisions.length ? revisions : undefined,
  });
}

function conditionsOf(status: Json): DeploymentCondition[] {
  return (Array.isArray(status?.conditions) ? status.conditions : [])
    .filter((c: Json) => text(c?.type))
    .map((c: Json) =>
      compact({
        type: c.type,
        status: (['True', 'False'].includes(c.status)
          ? c.status
          : 'Unknown') as 'True' | 'False' | 'Unknown',
        reason: text(c.reason),
        message: text(c.message),
        lastTransitionTime: text(c.lastTransitionTime),
        severity: text(c.severity),
      }),
    );
}

/** The InferenceService as the entity carries it. */
export function inferenceServiceInfo(
  object: Json,
  cluster: string,
): InferenceServiceInfo {
  const metadata: Json = object.metadata ?? {};
  const spec: Json = object.spec ?? {};
  const status: Json = object.status ?? {};
  const conditions = conditionsOf(status);
  const lastChange = conditions
    .map(c => c.lastTransitionTime)
    .filter((t): t is string => !!t)
    .sort()
    .pop();
  const failure = status.modelStatus?.lastFailureInfo;
  const states = status.modelStatus?.states;
  const predictorStatus = status.components?.predictor ?? {};
  return compact({
    cluster,
    namespace: metadata.namespace,
    name: metadata.name,
    deploymentMode:
      text(status.deploymentMode) ??
      text(metadata.annotations?.['serving.kserve.io/deploymentMode']),
    predictor: predictorOf(spec.predictor),
    traffic: trafficOf(spec, status),
    ready: conditions.some(c => c.type === 'Ready' && c.status === 'True'),
    url: text(status.url),
    address: text(status.address?.url),
    conditions,
    lastFailure: failure
      ? compact({
          reason: text(failure.reason),
          message: text(failure.message),
          time: text(failure.time),
          exitCode: num(failure.exitCode),
          modelRevisionName: text(failure.modelRevisionName),
        })
      : undefined,
    modelState:
      states || status.modelStatus?.transitionStatus
        ? compact({
            active: text(states?.activeModelState),
            target: text(states?.targetModelState),
            transition: text(status.modelStatus?.transitionStatus),
          })
        : undefined,
    latestReadyRevision: text(predictorStatus.latestReadyRevision),
    latestCreatedRevision: text(predictorStatus.latestCreatedRevision),
    observedAt:
      lastChange ??
      text(metadata.creationTimestamp) ??
      new Date(0).toISOString(),
  });
}

/** The record of one InferenceService. */
export function deploymentRecord(
  object: Json,
  cluster: string,
  sourceId: string,
): DeploymentRecord {
  const metadata: Json = object.metadata ?? {};
  const annotations: Record<string, string> = {};
  for (const [key, value] of Object.entries<string>(
    metadata.annotations ?? {},
  )) {
    // Only what the portal reads; last-applied-configuration and friends are large.
    if (
      key.startsWith('lakehouse.dev/') ||
      key === 'serving.kserve.io/deploymentMode'
    ) {
      annotations[key] = value;
    }
  }
  const record: DeploymentRecord = {
    type: 'model-server',
    sourceId,
    info: inferenceServiceInfo(object, cluster),
    labels: { ...(metadata.labels ?? {}) },
    annotations,
  };
  const description = text(annotations['lakehouse.dev/description']);
  if (description) record.description = description;
  return record;
}
