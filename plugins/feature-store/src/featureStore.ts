// Reading the feature store part of catalog entities. Hand-written YAML and
// older providers may leave fields out or give them another shape, so every
// accessor checks what it reads instead of trusting the spec's type.
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  FeatureDefinition,
  FeatureServiceProjection,
  FeatureViewEntityKey,
  FeatureViewKind,
  FeatureViewSource,
  KeyValueTags,
  LakehouseAnnotation,
  OnDemandSourceRef,
} from '@internal/plugin-lakehouse-common';

function list<T>(value: unknown, isItem: (item: any) => boolean): T[] {
  return Array.isArray(value) ? (value.filter(isItem) as T[]) : [];
}

const hasName = (item: any) =>
  typeof item?.name === 'string' && item.name !== '';

/** A string that says something, or undefined. */
export function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value : undefined;
}

/** The features of a feature view. */
export function getFeatures(entity: Entity): FeatureDefinition[] {
  return list(entity.spec?.features, hasName);
}

/** The feature views a feature service selects, with their selected features. */
export function getProjections(entity: Entity): FeatureServiceProjection[] {
  return list(entity.spec?.features, hasName);
}

/**
 * The entities of a feature view with their join keys. Views declared in
 * YAML may name their entities only; those get no join key.
 */
export function getEntityKeys(entity: Entity): FeatureViewEntityKey[] {
  return list(
    entity.spec?.entityKeys,
    k => typeof k?.joinKey === 'string' && k.joinKey !== '',
  );
}

/** The Feast entity names of a feature view. */
export function getEntityNames(entity: Entity): string[] {
  const names = list<string>(entity.spec?.entities, e => typeof e === 'string');
  return names.length > 0 ? names : getEntityKeys(entity).map(k => k.entity);
}

/** Batch unless the provider says otherwise: a plain Feast FeatureView is a batch view. */
export function getViewKind(entity: Entity): FeatureViewKind {
  const kind = entity.spec?.viewKind;
  return kind === 'stream' || kind === 'on-demand' ? kind : 'batch';
}

export function getSource(
  entity: Entity,
  field: 'source' | 'streamSource',
): FeatureViewSource | undefined {
  const source = entity.spec?.[field];
  return source && typeof source === 'object' && !Array.isArray(source)
    ? (source as FeatureViewSource)
    : undefined;
}

/** The inputs of an on-demand feature view. */
export function getOnDemandSources(entity: Entity): OnDemandSourceRef[] {
  return list(entity.spec?.sources, hasName);
}

/** The transformation code of an on-demand or stream view, if recorded. */
export function getTransformation(
  entity: Entity,
): { mode?: string; code?: string } | undefined {
  const t = entity.spec?.transformation as
    | { mode?: unknown; code?: unknown }
    | undefined;
  if (!t || typeof t !== 'object') return undefined;
  return { mode: text(t.mode), code: text(t.code) };
}

/** Feast tags as key-value pairs, in key order. */
export function getTags(tags: unknown): [string, string][] {
  if (!tags || typeof tags !== 'object' || Array.isArray(tags)) return [];
  return Object.entries(tags as KeyValueTags)
    .map(([k, v]): [string, string] => [k, String(v)])
    .sort(([a], [b]) => a.localeCompare(b));
}

/** Where the entity lives in Feast: its project and its name in the registry. */
export function getFeastIdentity(entity: Entity): {
  project?: string;
  name: string;
} {
  const annotations = entity.metadata.annotations ?? {};
  return {
    project: annotations[LakehouseAnnotation.feastProject],
    name: annotations[LakehouseAnnotation.feastName] ?? entity.metadata.name,
  };
}

/** Feast serves a view online unless it says `online: false`. */
export function isServedOnline(entity: Entity): boolean {
  return entity.spec?.online !== false;
}

/** An entity ref in the catalog's canonical form, or undefined if it is not one. */
export function normalizeRef(
  ref: string,
  defaultKind = 'resource',
): string | undefined {
  try {
    return stringifyEntityRef(
      parseEntityRef(ref, { defaultKind, defaultNamespace: 'default' }),
    );
  } catch {
    return undefined;
  }
}

/** Human-readable form of a Feast duration such as `7776000s`. */
export function formatTtl(ttl?: string): string {
  const seconds = Number(/^(\d+)s$/.exec(ttl ?? '')?.[1]);
  if (!ttl || Number.isNaN(seconds)) return 'not set';
  if (seconds === 0) return 'never expires';
  const plural = (n: number, unit: string) =>
    `${n} ${unit}${n === 1 ? '' : 's'}`;
  if (seconds % 86400 === 0) return plural(seconds / 86400, 'day');
  if (seconds % 3600 === 0) return plural(seconds / 3600, 'hour');
  if (seconds % 60 === 0) return plural(seconds / 60, 'minute');
  return plural(seconds, 'second');
}

/** `7776000s` as `90 days`, with the raw value when it is not a whole unit. */
export function describeTtl(ttl?: string): string {
  const words = formatTtl(ttl);
  return words === 'not set' && ttl ? `${ttl} (not a Feast duration)` : words;
}

const VIEW_KIND_LABELS: Record<FeatureViewKind, string> = {
  batch: 'Batch feature view',
  stream: 'Stream feature view',
  'on-demand': 'On-demand feature view',
};

export function describeViewKind(kind: FeatureViewKind): string {
  return VIEW_KIND_LABELS[kind];
}

/**
 * The entity ref of a feature view a feature service selects. Providers
 * record it; for services declared in YAML it is the `dependsOn` relation
 * whose name is the view's Feast name (`customer-order-stats` for
 * `customer_order_stats`) or its discovered name (`commerce.customer_order_stats`).
 */
export function getProjectionRef(
  service: Entity,
  projection: FeatureServiceProjection,
): string | undefined {
  if (text(projection.featureView)) {
    return normalizeRef(projection.featureView!);
  }
  const { project } = getFeastIdentity(service);
  const wanted = new Set(
    [projection.name, project && `${project}.${projection.name}`]
      .filter((n): n is string => Boolean(n))
      .map(n => n.toLocaleLowerCase('en-US')),
  );
  const match = (service.relations ?? []).find(r => {
    if (r.type !== 'dependsOn') return false;
    const { kind, name } = parseEntityRef(r.targetRef);
    return (
      kind.toLocaleLowerCase('en-US') === 'resource' &&
      (wanted.has(name) || wanted.has(name.replace(/-/g, '_')))
    );
  });
  return match?.targetRef;
}

/** The owner named in the spec as an entity ref (a group unless it says otherwise). */
export function getOwnerRef(entity: Entity): string | undefined {
  const owner = text(entity.spec?.owner);
  return owner ? normalizeRef(owner, 'group') : undefined;
}
