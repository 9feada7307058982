import type { Entity } from '@backstage/catalog-model';
import { LakehouseAnnotation, MEDALLION_LAYERS } from './constants';
import { parseTableIdentifier } from './naming';
import {
  isAiModel,
  isDataset,
  isFeatureService,
  isFeatureView,
  isModelServer,
} from './predicates';

/** Feast value types accepted for features (feast.types). @public */
export const FEAST_DTYPES = [
  'Bool',
  'Bytes',
  'Float32',
  'Float64',
  'Int32',
  'Int64',
  'String',
  'UnixTimestamp',
  'Array(Bool)',
  'Array(Bytes)',
  'Array(Float32)',
  'Array(Float64)',
  'Array(Int32)',
  'Array(Int64)',
  'Array(String)',
  'Array(UnixTimestamp)',
] as const;

const K8S_NAME = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

/** One thing wrong with a lakehouse entity, naming the field at fault. @public */
export interface EntityProblem {
  field: string;
  message: string;
}

function duplicates(values: string[]): string[] {
  const seen = new Set<string>();
  const dup = new Set<string>();
  for (const v of values) {
    if (seen.has(v)) dup.add(v);
    seen.add(v);
  }
  return [...dup];
}

function checkNamedList(
  list: unknown,
  field: string,
  problems: EntityProblem[],
  extra?: (item: Record<string, unknown>, at: string) => void,
) {
  if (list === undefined) return;
  if (!Array.isArray(list)) {
    problems.push({ field, message: 'must be a list' });
    return;
  }
  list.forEach((item, i) => {
    const at = `${field}[${i}]`;
    if (
      typeof item !== 'object' ||
      item === null ||
      typeof item.name !== 'string' ||
      !item.name
    ) {
      problems.push({ field: `${at}.name`, message: 'is required' });
      return;
    }
    extra?.(item as Record<string, unknown>, at);
  });
  const names = list
    .map(item => (item as { name?: unknown })?.name)
    .filter((n): n is string => typeof n === 'string');
  for (const name of duplicates(names)) {
    problems.push({ field, message: `"${name}" appears more than once` });
  }
}

function validateDataset(entity: Entity, problems: EntityProblem[]) {
  const annotations = entity.metadata.annotations ?? {};
  const table = annotations[LakehouseAnnotation.table];
  const tableField = `metadata.annotations["${LakehouseAnnotation.table}"]`;
  if (!table) {
    problems.push({
      field: tableField,
      message: 'is required on a dataset (catalog.schema.table)',
    });
  } else {
    try {
      parseTableIdentifier(table);
    } catch (e) {
      problems.push({ field: tableField, message: (e as Error).message });
    }
  }
  const layer = annotations[LakehouseAnnotation.layer];
  if (
    layer !== undefined &&
    !(MEDALLION_LAYERS as readonly string[]).includes(layer)
  ) {
    problems.push({
      field: `metadata.annotations["${LakehouseAnnotation.layer}"]`,
      message: `"${layer}" is not one of ${MEDALLION_LAYERS.join(', ')}`,
    });
  }
  checkNamedList(entity.spec?.columns, 'spec.columns', problems);
}

function validateFeatureView(entity: Entity, problems: EntityProblem[]) {
  const entities = entity.spec?.entities;
  if (!Array.isArray(entities) || entities.length === 0) {
    problems.push({
      field: 'spec.entities',
      message: 'must name at least one Feast entity',
    });
  }
  checkNamedList(entity.spec?.features, 'spec.features', problems, (f, at) => {
    // Discovered features carry the registry's value type, which is
    // authoritative; hand-written ones name the SDK type.
    if (f.valueType !== undefined) {
      if (
        typeof f.valueType !== 'string' ||
        !/^[A-Z0-9_]+$/.test(f.valueType)
      ) {
        problems.push({
          field: `${at}.valueType`,
          message: `"${f.valueType}" is not a Feast value type name such as INT64`,
        });
      }
      return;
    }
    if (!(FEAST_DTYPES as readonly string[]).includes(String(f.dtype))) {
      problems.push({
        field: `${at}.dtype`,
        message: `"${f.dtype}" is not a Feast type (${FEAST_DTYPES.join(
          ', ',
        )})`,
      });
    }
  });
  const ttl = entity.spec?.ttl;
  if (ttl !== undefined && !/^\d+s$/.test(String(ttl))) {
    problems.push({
      field: 'spec.ttl',
      message: `"${ttl}" must be a duration in seconds such as 86400s`,
    });
  }
}

function validateAiModel(entity: Entity, problems: EntityProblem[]) {
  const versions = entity.spec?.versions;
  if (versions === undefined) return;
  if (!Array.isArray(versions)) {
    problems.push({ field: 'spec.versions', message: 'must be a list' });
    return;
  }
  const ids = versions.map(v =>
    String((v as { version?: unknown })?.version ?? ''),
  );
  ids.forEach((id, i) => {
    if (!id)
      problems.push({
        field: `spec.versions[${i}].version`,
        message: 'is required',
      });
  });
  for (const id of duplicates(ids.filter(Boolean))) {
    problems.push({
      field: 'spec.versions',
      message: `version "${id}" appears more than once`,
    });
  }
}

function validateModelServer(entity: Entity, problems: EntityProblem[]) {
  const isvc =
    entity.metadata.annotations?.[LakehouseAnnotation.inferenceService];
  const field = `metadata.annotations["${LakehouseAnnotation.inferenceService}"]`;
  if (!isvc) {
    problems.push({
      field,
      message: 'is required on a model server (namespace/name)',
    });
    return;
  }
  const [namespace, name, ...rest] = isvc.split('/');
  if (
    rest.length > 0 ||
    !K8S_NAME.test(namespace ?? '') ||
    !K8S_NAME.test(name ?? '')
  ) {
    problems.push({
      field,
      message: `"${isvc}" must be namespace/name with lower-case DNS labels`,
    });
  }
}

/**
 * Checks a lakehouse entity against the entity model and lists every
 * problem found; an empty list means the entity is valid. Entities that are
 * not part of the lakehouse model have no problems.
 * @public
 */
export function validateLakehouseEntity(entity: Entity): EntityProblem[] {
  const problems: EntityProblem[] = [];
  if (isDataset(entity)) validateDataset(entity, problems);
  else if (isFeatureView(entity)) validateFeatureView(entity, problems);
  else if (isFeatureService(entity))
    checkNamedList(entity.spec?.features, 'spec.features', problems);
  else if (isAiModel(entity)) validateAiModel(entity, problems);
  else if (isModelServer(entity)) validateModelServer(entity, problems);
  else return problems;
  if (typeof entity.spec?.owner !== 'string' || !entity.spec.owner) {
    problems.push({ field: 'spec.owner', message: 'is required' });
  }
  return problems;
}
