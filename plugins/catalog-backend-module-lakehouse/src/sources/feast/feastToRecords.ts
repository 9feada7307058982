/**
 * Maps a Feast registry, in the JSON form protobuf's MessageToDict gives it
 * (what the registry server's REST API answers and what registry.db decodes
 * to), to the records of feature views and feature services. Field names
 * follow feast/core/*.proto; anything the portal does not show is ignored,
 * so registries from newer Feast versions map as well.
 */
import type {
  FeatureDefinition,
  FeatureViewEntityKey,
  FeatureViewKind,
  FeatureViewSource,
  OnDemandSourceRef,
} from '@internal/plugin-lakehouse-common';
import { tableIdentifiers } from '../../ml/linkRules';
import {
  FeatureServiceRecord,
  FeatureViewRecord,
  MlRecord,
  SourceLinkHint,
} from '../../ml/records';

type Json = Record<string, any>;

/** Options of {@link feastToRecords}. */
export interface FeastMappingOptions {
  sourceId: string;
  /** Trino catalog that two-part table names of data sources belong to. */
  catalog?: string;
  /** Only these projects; all when absent. */
  projects?: string[];
  /** Online store type to show on feature views, e.g. `redis`. */
  onlineStore?: string;
}

const SDK_TYPES: Record<string, string> = {
  BYTES: 'Bytes',
  STRING: 'String',
  INT32: 'Int32',
  INT64: 'Int64',
  DOUBLE: 'Float64',
  FLOAT: 'Float32',
  BOOL: 'Bool',
  UNIX_TIMESTAMP: 'UnixTimestamp',
};

/** The Feast SDK type name of a registry value type: `INT64` → `Int64`, `STRING_LIST` → `Array(String)`. */
export function sdkTypeOf(valueType: unknown): string | undefined {
  if (typeof valueType !== 'string') return undefined;
  if (SDK_TYPES[valueType]) return SDK_TYPES[valueType];
  const list = /^(.+)_LIST$/.exec(valueType);
  return list && SDK_TYPES[list[1]]
    ? `Array(${SDK_TYPES[list[1]]})`
    : undefined;
}

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

const tagsOf = (value: unknown): Record<string, string> | undefined =>
  value && typeof value === 'object' && Object.keys(value).length
    ? (value as Record<string, string>)
    : undefined;

/**
 * The features of a view. The registry's own feature objects are completed
 * in place (SDK type added) rather than copied: a registry can hold hundreds
 * of thousands of features, and the decoded registry is not used afterwards.
 */
function features(list: unknown): FeatureDefinition[] {
  return (Array.isArray(list) ? list : [])
    .filter((f: Json) => text(f?.name))
    .map((f: Json) => {
      if (typeof f.valueType === 'number') f.valueType = String(f.valueType);
      const dtype = sdkTypeOf(f.valueType);
      if (dtype) f.dtype = dtype;
      if (f.tags !== undefined && !tagsOf(f.tags)) delete f.tags;
      return f as FeatureDefinition;
    });
}

/** The options message of a data source, whichever kind it is. */
function optionsOf(source: Json): Json {
  for (const [key, value] of Object.entries(source)) {
    if (key.endsWith('Options') && value && typeof value === 'object') {
      return value as Json;
    }
  }
  return {};
}

/** Custom sources (PostgreSQL, …) keep their options as base64 JSON bytes. */
function customConfiguration(source: Json): Json {
  const encoded = source.customOptions?.configuration;
  if (typeof encoded !== 'string') return {};
  try {
    return JSON.parse(Buffer.from(encoded, 'base64').toString('utf8'));
  } catch {
    return {};
  }
}

function dataSource(
  source: unknown,
  catalog: string | undefined,
): { source?: FeatureViewSource; link?: SourceLinkHint } {
  if (!source || typeof source !== 'object') return {};
  const raw = source as Json;
  const options = { ...optionsOf(raw), ...customConfiguration(raw) };
  const table = text(options.table);
  const query = text(options.query);
  const path = text(options.uri) ?? text(options.path);
  const result: FeatureViewSource = {};
  if (text(raw.name)) result.name = raw.name;
  if (text(raw.type) || typeof raw.type === 'number')
    result.type = String(raw.type);
  if (table) result.table = table;
  if (query) result.query = query;
  if (path) result.path = path;
  if (text(raw.timestampField)) result.timestampField = raw.timestampField;
  if (text(raw.description)) result.description = raw.description;

  // Redshift/Snowflake/Athena keep database and schema beside a bare table name.
  const qualified =
    table && !table.includes('.') && text(options.schema)
      ? `${options.schema}.${table}`
      : table;
  const tables = [
    ...tableIdentifiers(qualified, { isQuery: false, catalog }),
    ...tableIdentifiers(query, { isQuery: true, catalog }),
  ];
  const link: SourceLinkHint = {};
  if (tables.length) link.tables = [...new Set(tables)].sort();
  if (path) link.path = path;
  return {
    source: Object.keys(result).length ? result : undefined,
    link: tables.length || path ? link : undefined,
  };
}

function entityKeys(
  spec: Json,
  entities: Map<string, Json>,
): FeatureViewEntityKey[] | undefined {
  const names: string[] = Array.isArray(spec.entities) ? spec.entities : [];
  const columns = new Map<string, Json>(
    (Array.isArray(spec.entityColumns) ? spec.entityColumns : []).map(
      (c: Json) => [c.name, c],
    ),
  );
  const keys = names.map(name => {
    const entity = entities.get(name);
    const joinKey = text(entity?.joinKey) ?? name;
    const key: FeatureViewEntityKey = { entity: name, joinKey };
    const valueType =
      text(columns.get(joinKey)?.valueType) ?? text(entity?.valueType);
    if (valueType) key.valueType = valueType;
    if (text(entity?.description)) key.description = entity!.description;
    return key;
  });
  return keys.length ? keys : undefined;
}

function transformation(
  spec: Json,
): { mode?: string; code?: string } | undefined {
  const udf =
    spec.featureTransformation?.userDefinedFunction ?? spec.userDefinedFunction;
  const mode = text(spec.mode) ?? text(udf?.mode);
  const code = text(udf?.bodyText);
  if (!mode && !code) return undefined;
  return { ...(mode ? { mode } : {}), ...(code ? { code } : {}) };
}

function onDemandSources(spec: Json): OnDemandSourceRef[] {
  const sources =
    spec.sources && typeof spec.sources === 'object' ? spec.sources : {};
  return Object.entries<Json>(sources)
    .map(([key, source]): OnDemandSourceRef | undefined => {
      const projection = source.featureViewProjection;
      const view = source.featureView?.spec;
      const request = source.requestDataSource;
      if (projection || view) {
        const columns = projection?.featureColumns ?? view?.features ?? [];
        return {
          name: text(projection?.featureViewName) ?? text(view?.name) ?? key,
          kind: 'feature-view',
          fields: columns.map((c: Json) => c.name).filter(Boolean),
        };
      }
      if (request) {
        const schema = request.requestDataOptions?.schema ?? [];
        return {
          name: text(request.name) ?? key,
          kind: 'request-source',
          fields: schema.map((c: Json) => c.name).filter(Boolean),
        };
      }
      return undefined;
    })
    .filter((s): s is OnDemandSourceRef => !!s)
    .sort((a, b) => a.name.localeCompare(b.name));
}

function viewRecord(
  object: Json,
  viewKind: FeatureViewKind,
  entities: Map<string, Json>,
  options: FeastMappingOptions,
): FeatureViewRecord | undefined {
  const spec: Json = object?.spec ?? {};
  const meta: Json = object?.meta ?? {};
  if (!text(spec.name) || !text(spec.project)) return undefined;
  const batch = dataSource(spec.batchSource, options.catalog);
  const stream = dataSource(spec.streamSource, options.catalog);
  const sources = viewKind === 'on-demand' ? onDemandSources(spec) : undefined;
  const record: FeatureViewRecord = {
    type: 'feature-view',
    sourceId: options.sourceId,
    project: spec.project,
    name: spec.name,
    spec: {
      viewKind,
      entities:
        Array.isArray(spec.entities) && spec.entities.length
          ? spec.entities
          : undefined,
      entityKeys: entityKeys(spec, entities),
      features: features(spec.features),
      ttl: text(spec.ttl),
      // proto3 omits false: an absent `online` is false, except on
      // on-demand views, which are computed at request time.
      online: viewKind === 'on-demand' ? undefined : spec.online === true,
      offline: viewKind === 'batch' ? spec.offline === true : undefined,
      onlineStore: options.onlineStore,
      source: batch.source,
      streamSource: stream.source,
      sources,
      transformation: viewKind === 'batch' ? undefined : transformation(spec),
      tags: tagsOf(spec.tags),
      createdAt: text(meta.createdTimestamp),
      updatedAt: text(meta.lastUpdatedTimestamp),
    },
  };
  for (const key of Object.keys(record.spec) as (keyof typeof record.spec)[]) {
    if (record.spec[key] === undefined) delete record.spec[key];
  }
  if (text(spec.description)) record.description = spec.description;
  if (text(spec.owner)) record.feastOwner = spec.owner;
  if (batch.link) record.sourceLink = batch.link;
  // On-demand views read other views; batch views can be derived from views.
  const upstream = [
    ...(sources ?? []).filter(s => s.kind === 'feature-view').map(s => s.name),
    ...(Array.isArray(spec.sourceViews) ? spec.sourceViews : [])
      .map((v: Json) => text(v?.name))
      .filter((name: string | undefined): name is string => !!name),
  ];
  if (upstream.length) record.upstreamViews = upstream;
  return record;
}

function serviceRecord(
  object: Json,
  options: FeastMappingOptions,
): FeatureServiceRecord | undefined {
  const spec: Json = object?.spec ?? {};
  const meta: Json = object?.meta ?? {};
  if (!text(spec.name) || !text(spec.project)) return undefined;
  const projections = (Array.isArray(spec.features) ? spec.features : [])
    .filter((p: Json) => text(p?.featureViewName))
    .map((p: Json) => {
      const columns = (p.featureColumns ?? []).map((c: Json) => c.name);
      return {
        name: p.featureViewName as string,
        ...(columns.length ? { select: columns as string[] } : {}),
      };
    });
  const record: FeatureServiceRecord = {
    type: 'feature-service',
    sourceId: options.sourceId,
    project: spec.project,
    name: spec.name,
    spec: { features: projections },
  };
  const tags = tagsOf(spec.tags);
  if (tags) record.spec.tags = tags;
  if (text(meta.createdTimestamp))
    record.spec.createdAt = meta.createdTimestamp;
  if (text(meta.lastUpdatedTimestamp))
    record.spec.updatedAt = meta.lastUpdatedTimestamp;
  if (text(spec.description)) record.description = spec.description;
  if (text(spec.owner)) record.feastOwner = spec.owner;
  return record;
}

/**
 * The feature views (batch, stream and on-demand) and feature services of a
 * Feast registry document, sorted by project, type and name.
 */
export function feastToRecords(
  registry: Json,
  options: FeastMappingOptions,
): MlRecord[] {
  const wanted = options.projects ? new Set(options.projects) : undefined;
  const inScope = (object: Json) =>
    !wanted || wanted.has(object?.spec?.project);
  const entitiesByProject = new Map<string, Map<string, Json>>();
  for (const entity of registry.entities ?? []) {
    const spec = entity?.spec;
    if (!text(spec?.name) || !text(spec?.project)) continue;
    const map = entitiesByProject.get(spec.project) ?? new Map();
    map.set(spec.name, spec);
    entitiesByProject.set(spec.project, map);
  }
  const entitiesOf = (object: Json) =>
    entitiesByProject.get(object?.spec?.project) ?? new Map();

  const records: MlRecord[] = [];
  const views: [unknown, FeatureViewKind][] = [
    ...(registry.featureViews ?? []).map((v: Json) => [v, 'batch']),
    ...(registry.streamFeatureViews ?? []).map((v: Json) => [v, 'stream']),
    ...(registry.onDemandFeatureViews ?? []).map((v: Json) => [v, 'on-demand']),
  ] as [unknown, FeatureViewKind][];
  for (const [object, kind] of views) {
    if (!inScope(object as Json)) continue;
    const record = viewRecord(
      object as Json,
      kind,
      entitiesOf(object as Json),
      options,
    );
    if (record) records.push(record);
  }
  for (const object of registry.featureServices ?? []) {
    if (!inScope(object)) continue;
    const record = serviceRecord(object, options);
    if (record) records.push(record);
  }
  return records.sort(
    (a, b) =>
      (a as FeatureViewRecord).project.localeCompare(
        (b as FeatureViewRecord).project,
      ) ||
      a.type.localeCompare(b.type) ||
      (a as FeatureViewRecord).name.localeCompare(
        (b as FeatureViewRecord).name,
      ),
  );
}
