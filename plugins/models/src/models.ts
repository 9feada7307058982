// Reading the model registry and model serving parts of catalog entities.
// Hand-written YAML (older shape: stages, no status) and providers both
// write these specs, so every accessor checks what it reads.
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  getSourceSystems,
  InferenceServiceInfo,
  ModelVersion,
} from '@internal/plugin-lakehouse-common';

/** A string that says something, or undefined. */
export function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value : undefined;
}

/** Orders versions by number, newest first: `10` comes before `9`. */
export function compareVersionsNewestFirst(
  a: ModelVersion,
  b: ModelVersion,
): number {
  const byNumber = Number(b.version) - Number(a.version);
  return Number.isNaN(byNumber) || byNumber === 0
    ? b.version.localeCompare(a.version)
    : byNumber;
}

/** The versions of a registered model, newest first. */
export function getVersions(entity: Entity): ModelVersion[] {
  const versions = entity.spec?.versions;
  if (!Array.isArray(versions)) return [];
  return (versions as unknown as ModelVersion[])
    .filter(
      v =>
        v && (typeof v.version === 'string' || typeof v.version === 'number'),
    )
    .map(v => ({ ...v, version: String(v.version) }))
    .sort(compareVersionsNewestFirst);
}

/** Metrics of a version that are numbers (YAML may hold anything). */
export function getMetrics(version: ModelVersion): [string, number][] {
  return Object.entries(version.metrics ?? {}).filter(
    (entry): entry is [string, number] =>
      typeof entry[1] === 'number' && Number.isFinite(entry[1]),
  );
}

/**
 * The metrics worth a column: those most versions record, then by name.
 * Runs log dozens of metrics; the ones every version has are the ones
 * people compare.
 */
export function getKeyMetricNames(versions: ModelVersion[], max = 4): string[] {
  return getMetricNames(versions).slice(0, max);
}

/** Every metric any version records, the most widely recorded first. */
export function getMetricNames(versions: ModelVersion[]): string[] {
  const counts = new Map<string, number>();
  for (const version of versions) {
    for (const [name] of getMetrics(version)) {
      counts.set(name, (counts.get(name) ?? 0) + 1);
    }
  }
  return [...counts.entries()]
    .sort(([a, n], [b, m]) => m - n || a.localeCompare(b))
    .map(([name]) => name);
}

const metricFormat = new Intl.NumberFormat('en-US', {
  maximumSignificantDigits: 4,
});

/** A metric value, short enough to compare at a glance: `0.8734`, `1,234`. */
export function formatMetric(value: number): string {
  return metricFormat.format(value);
}

/** True when the entity was declared by hand rather than discovered. */
export function isDeclaredInYaml(entity: Entity): boolean {
  return getSourceSystems(entity).includes('yaml');
}

/** An entity ref in the catalog's canonical form, or undefined if it is not one. */
export function normalizeRef(
  ref: unknown,
  defaultKind = 'resource',
): string | undefined {
  if (typeof ref !== 'string' || !ref) return undefined;
  try {
    return stringifyEntityRef(
      parseEntityRef(ref, { defaultKind, defaultNamespace: 'default' }),
    );
  } catch {
    return undefined;
  }
}

/** Entity refs listed in a spec field, normalized; others are skipped. */
export function getRefList(value: unknown, defaultKind = 'resource'): string[] {
  if (!Array.isArray(value)) return [];
  return value
    .map(v => normalizeRef(v, defaultKind))
    .filter((r): r is string => Boolean(r));
}

/** The InferenceService the KServe provider read, if it did. */
export function getInferenceService(
  entity: Entity,
): InferenceServiceInfo | undefined {
  const isvc = entity.spec?.inferenceService;
  return isvc && typeof isvc === 'object' && !Array.isArray(isvc)
    ? (isvc as unknown as InferenceServiceInfo)
    : undefined;
}

/** True for deployments with live status from the KServe provider. */
export function hasInferenceService(entity: Entity): boolean {
  return getInferenceService(entity) !== undefined;
}
