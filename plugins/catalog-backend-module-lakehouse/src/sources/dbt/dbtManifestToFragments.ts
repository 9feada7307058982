import {
  DatasetColumn,
  DatasetDbtInfo,
  DatasetTest,
  formatTableIdentifier,
  MEDALLION_LAYERS,
  MedallionLayer,
  PII_TAG,
} from '@internal/plugin-lakehouse-common';
import type { DatasetFragment } from '../../model/fragment';
import type {
  DbtBaseNode,
  DbtColumn,
  DbtExposure,
  DbtFreshness,
  DbtFreshnessTime,
  DbtManifest,
  DbtNode,
  DbtSource,
  DbtTestNode,
} from '@internal/plugin-lakehouse-node';

/** Folder and tag names that mean each medallion layer, unless configured otherwise. */
export const DEFAULT_DBT_LAYERS: Readonly<
  Record<MedallionLayer, readonly string[]>
> = {
  raw: ['raw'],
  bronze: ['bronze', 'staging'],
  silver: ['silver', 'intermediate'],
  gold: ['gold', 'marts'],
};

/** Options of {@link dbtManifestToFragments}. */
export interface DbtFragmentOptions {
  /** Provider id, e.g. `dbt:demo`; copied to each fragment. */
  sourceId: string;
  /**
   * Trino catalog exposing the dbt target database: the first part of each
   * identifier. Defaults to each node's `database`.
   */
  catalog?: string;
  /**
   * Folder and tag names of each layer. A layer given here replaces its
   * defaults ({@link DEFAULT_DBT_LAYERS}); layers left out keep them.
   */
  layers?: Partial<Record<MedallionLayer, string[]>>;
  /** Told about nodes that cannot become datasets, e.g. with no schema. */
  onWarning?: (message: string) => void;
}

/** The resource types that are tables (or views) in the warehouse. */
const DATASET_NODE_TYPES = new Set(['model', 'seed', 'snapshot']);

type DatasetResourceType = DatasetDbtInfo['resourceType'];

interface DatasetNode {
  uniqueId: string;
  resourceType: DatasetResourceType;
  node: DbtNode | DbtSource;
  identifier: string;
}

/**
 * Turns a dbt manifest into one fragment per table it defines: every enabled
 * model (except ephemeral ones, which are not tables), seed, snapshot and
 * source. Tests, analyses, operations, exposures and disabled nodes add
 * information to those fragments but are not datasets themselves.
 *
 * The output is deterministic: fragments are sorted by identifier and all
 * arrays have a stable order, so the same manifest always gives deep-equal
 * output.
 */
export function dbtManifestToFragments(
  manifest: DbtManifest,
  options: DbtFragmentOptions,
): DatasetFragment[] {
  const warn = options.onWarning ?? (() => {});
  const layerByName = layerLookup(options.layers);

  // One pass over the nodes: tables, ephemeral models (CTEs that lineage
  // walks through) and tests.
  const datasets = new Map<string, DatasetNode>();
  const ephemeral = new Map<string, DbtNode>();
  const tests: Array<{ uniqueId: string; test: DbtTestNode }> = [];
  const nodes = manifest.nodes ?? {};
  for (const key of Object.keys(nodes)) {
    const node = nodes[key];
    if (!isObject(node) || !isEnabled(node)) {
      continue;
    }
    const type = node.resource_type;
    const uniqueId = node.unique_id ?? key;
    if (type === 'test') {
      tests.push({ uniqueId, test: node as DbtTestNode });
      continue;
    }
    if (!DATASET_NODE_TYPES.has(type)) {
      continue;
    }
    if (type === 'model' && node.config?.materialized === 'ephemeral') {
      ephemeral.set(uniqueId, node);
      continue;
    }
    const identifier = tableIdentifier(
      options.catalog ?? node.database,
      node.schema,
      node.alias || node.name,
    );
    if (!identifier) {
      warn(missingPartsWarning(uniqueId, options.catalog, node));
      continue;
    }
    datasets.set(uniqueId, {
      uniqueId,
      resourceType: type as DatasetResourceType,
      node,
      identifier,
    });
  }
  const sources = manifest.sources ?? {};
  for (const key of Object.keys(sources)) {
    const source = sources[key];
    if (!isObject(source) || !isEnabled(source)) {
      continue;
    }
    const uniqueId = source.unique_id ?? key;
    const identifier = tableIdentifier(
      options.catalog ?? source.database,
      source.schema,
      source.identifier || source.name,
    );
    if (!identifier) {
      warn(missingPartsWarning(uniqueId, options.catalog, source));
      continue;
    }
    datasets.set(uniqueId, {
      uniqueId,
      resourceType: 'source',
      node: source,
      identifier,
    });
  }

  const testsByNode = indexTests(tests, datasets);
  const exposuresByNode = indexExposures(manifest);
  const upstreamOf = lineageResolver(manifest, datasets, ephemeral);

  const generatedAt = nonBlank(manifest.metadata?.generated_at)?.trim();
  const fragments: Array<{ uniqueId: string; fragment: DatasetFragment }> = [];
  for (const dataset of datasets.values()) {
    fragments.push({
      uniqueId: dataset.uniqueId,
      fragment: toFragment(dataset, {
        sourceId: options.sourceId,
        generatedAt,
        layerByName,
        tests: testsByNode.get(dataset.uniqueId) ?? [],
        exposures: exposuresByNode.get(dataset.uniqueId) ?? [],
        upstream: upstreamOf(dataset.uniqueId),
      }),
    });
  }

  fragments.sort(
    (a, b) =>
      compare(a.fragment.identifier, b.fragment.identifier) ||
      compare(a.uniqueId, b.uniqueId),
  );
  for (let i = 1; i < fragments.length; i++) {
    if (
      fragments[i].fragment.identifier === fragments[i - 1].fragment.identifier
    ) {
      warn(
        `dbt nodes ${fragments[i - 1].uniqueId} and ${
          fragments[i].uniqueId
        } both define table ${fragments[i].fragment.identifier}`,
      );
    }
  }
  return fragments.map(f => f.fragment);
}

// ---------------------------------------------------------------------------
// Building one fragment

/** What a fragment needs of a test node. */
interface TestRef {
  uniqueId: string;
  name: string;
  column?: string;
}

interface FragmentContext {
  sourceId: string;
  /** `metadata.generated_at` of the manifest, if set. */
  generatedAt?: string;
  layerByName: Map<string, MedallionLayer>;
  tests: TestRef[];
  exposures: DbtExposure[];
  upstream: string[];
}

function toFragment(
  dataset: DatasetNode,
  ctx: FragmentContext,
): DatasetFragment {
  const { node, resourceType, identifier, uniqueId } = dataset;
  const isSource = resourceType === 'source';
  const source = isSource ? (node as DbtSource) : undefined;
  const model = isSource ? undefined : (node as DbtNode);

  const { columns, tableTests } = buildColumns(node, ctx.tests);
  const materialized = isSource
    ? undefined
    : nonBlank(node.config?.materialized);

  const exposures = [...ctx.exposures].sort(
    (a, b) => compare(a.name, b.name) || compare(a.unique_id, b.unique_id),
  );

  const dbt: DatasetDbtInfo = compact({
    uniqueId,
    resourceType,
    project: nonBlank(node.package_name),
    materialized,
    path: nonBlank(node.original_file_path),
    rawSql: nonBlank(model?.raw_code),
    compiledSql: nonBlank(model?.compiled_code),
    tests: tableTests.length > 0 ? tableTests : undefined,
    freshnessRule: source
      ? freshnessRule(source.freshness ?? source.config?.freshness)
      : undefined,
    // The manifest is written by the run that built the model; dbt does
    // not load sources, so it says nothing about when their data changed.
    generatedAt: isSource ? undefined : ctx.generatedAt,
    exposures:
      exposures.length > 0
        ? exposures.map(e =>
            compact({
              name: e.name,
              type: e.type,
              url: nonBlank(e.url)?.trim(),
              owner: exposureOwner(e),
            }),
          )
        : undefined,
  });

  const links = exposures
    .filter(e => nonBlank(e.url))
    .map(e => ({
      url: e.url!.trim(),
      title: `Exposure: ${nonBlank(e.label) ?? e.name} (${e.type})`,
    }));

  const tags = uniqueSorted(nodeTags(node));
  const classification =
    nodeClassification(node) ??
    (columns.some(c => c.tags?.includes(PII_TAG)) ? PII_TAG : undefined);

  return compact({
    identifier,
    sourceKind: 'dbt' as const,
    sourceId: ctx.sourceId,
    title: node.name,
    description: nonBlank(node.description),
    owner: metaString(node, 'owner'),
    layer: nodeLayer(node, isSource, ctx.layerByName),
    tags: tags.length > 0 ? tags : undefined,
    classification,
    freshnessSla: freshnessSla(node, source),
    columns: columns.length > 0 ? columns : undefined,
    upstream: ctx.upstream.filter(id => id !== identifier),
    links: links.length > 0 ? links : undefined,
    format: isSource ? 'source' : materialized ?? resourceType,
    dbt,
  });
}

/** The documented columns with their tests, and the tests on the table as a whole. */
function buildColumns(
  node: DbtBaseNode,
  tests: TestRef[],
): { columns: DatasetColumn[]; tableTests: DatasetTest[] } {
  const documented = Object.values(node.columns ?? {}).filter(
    (c): c is DbtColumn => isObject(c) && typeof c.name === 'string',
  );
  const columnIndex = new Map<string, number>();
  documented.forEach((c, i) => {
    if (!columnIndex.has(c.name)) {
      columnIndex.set(c.name, i);
    }
  });
  // Test column names may differ in case or quoting; index those lazily.
  let foldedIndex: Map<string, number> | undefined;
  const findColumn = (column: string): number | undefined => {
    const exact = columnIndex.get(column);
    if (exact !== undefined) {
      return exact;
    }
    if (!foldedIndex) {
      foldedIndex = new Map();
      for (let i = documented.length - 1; i >= 0; i--) {
        foldedIndex.set(normalizeColumnName(documented[i].name), i);
      }
    }
    return foldedIndex.get(normalizeColumnName(column));
  };

  const testsOfColumn: Array<Set<string> | undefined> = [];
  const tableTests: DatasetTest[] = [];
  for (const { uniqueId, name, column } of tests) {
    const index = column === undefined ? undefined : findColumn(column);
    if (index !== undefined) {
      (testsOfColumn[index] ??= new Set()).add(name);
    } else {
      // Table-level tests, and tests on columns the YAML does not document.
      tableTests.push(compact({ name, column, uniqueId }));
    }
  }
  tableTests.sort(
    (a, b) =>
      compare(a.name, b.name) ||
      compare(a.column ?? '', b.column ?? '') ||
      compare(a.uniqueId ?? '', b.uniqueId ?? ''),
  );

  // The hot path for large manifests: assign only the fields that are set.
  const columns = documented.map((c, i) => {
    const column: DatasetColumn = { name: c.name };
    const type = nonBlank(c.data_type);
    if (type !== undefined) {
      column.type = type;
    }
    const description = nonBlank(c.description);
    if (description !== undefined) {
      column.description = description;
    }
    const tags = columnTags(c);
    if (tags.length > 0) {
      column.tags = uniqueSorted(tags);
    }
    const columnTests = testsOfColumn[i];
    if (columnTests) {
      column.tests = [...columnTests].sort(compare);
    }
    return column;
  });
  return { columns, tableTests };
}

function columnTags(column: DbtColumn): string[] {
  const tags: string[] = [];
  pushStrings(tags, column.tags);
  const config = column.config;
  pushStrings(tags, config?.tags);
  const meta = isObject(column.meta) ? column.meta : undefined;
  const configMeta = isObject(config?.meta) ? config!.meta : undefined;
  const classification =
    nonBlank(meta?.classification) ?? nonBlank(configMeta?.classification);
  if (classification) {
    tags.push(classification.trim().toLocaleLowerCase('en-US'));
  }
  if (meta?.pii === true || configMeta?.pii === true) {
    tags.push(PII_TAG);
  }
  return tags;
}

function nodeClassification(node: DbtBaseNode): string | undefined {
  const classification = metaString(node, 'classification');
  if (classification) {
    return classification.toLocaleLowerCase('en-US');
  }
  return metaValue(node, 'pii') === true ? PII_TAG : undefined;
}

function nodeLayer(
  node: DbtBaseNode,
  isSource: boolean,
  layerByName: Map<string, MedallionLayer>,
): MedallionLayer | undefined {
  const fromMeta = metaString(node, 'layer')?.toLocaleLowerCase('en-US');
  if (fromMeta && (MEDALLION_LAYERS as readonly string[]).includes(fromMeta)) {
    return fromMeta as MedallionLayer;
  }
  if (isSource) {
    return 'raw';
  }
  // fqn is [project, ...folders, name]: the folders come first, then tags.
  const folders = Array.isArray(node.fqn) ? node.fqn.slice(1, -1) : [];
  for (const name of [...folders, ...nodeTags(node)]) {
    const layer =
      typeof name === 'string'
        ? layerByName.get(name.toLocaleLowerCase('en-US'))
        : undefined;
    if (layer) {
      return layer;
    }
  }
  return undefined;
}

function layerLookup(
  layers: DbtFragmentOptions['layers'],
): Map<string, MedallionLayer> {
  const byName = new Map<string, MedallionLayer>();
  for (const layer of MEDALLION_LAYERS) {
    for (const name of layers?.[layer] ?? DEFAULT_DBT_LAYERS[layer]) {
      const key = name.toLocaleLowerCase('en-US');
      if (!byName.has(key)) {
        byName.set(key, layer);
      }
    }
  }
  return byName;
}

function freshnessRule(
  freshness: DbtFreshness | null | undefined,
): string | undefined {
  if (!isObject(freshness)) {
    return undefined;
  }
  const part = (what: string, time: DbtFreshnessTime | null | undefined) =>
    isObject(time) && typeof time.count === 'number' && time.period
      ? `${what} after ${time.count} ${time.period}`
      : undefined;
  const parts = [
    part('warn', freshness.warn_after),
    part('error', freshness.error_after),
  ].filter((p): p is string => p !== undefined);
  return parts.length > 0 ? parts.join(', ') : undefined;
}

/** The unit letters of dbt's freshness periods, as the SLA annotation writes them. */
const DBT_PERIOD_UNITS = new Map([
  ['minute', 'm'],
  ['hour', 'h'],
  ['day', 'd'],
]);

/**
 * The freshness SLA a node declares in `meta.freshness_sla` (or
 * `config.meta.freshness_sla`, or its source's meta); else, for a source, the
 * `error_after` of its freshness rule as `<count><m|h|d>`: data older than
 * that fails `dbt source freshness`, so it is stale.
 */
function freshnessSla(
  node: DbtBaseNode,
  source: DbtSource | undefined,
): string | undefined {
  const declared = metaString(node, 'freshness_sla');
  if (declared || !source) {
    return declared;
  }
  for (const freshness of [source.freshness, source.config?.freshness]) {
    const errorAfter = isObject(freshness) ? freshness.error_after : undefined;
    if (!isObject(errorAfter)) {
      continue;
    }
    const { count, period } = errorAfter;
    const unit =
      typeof period === 'string' ? DBT_PERIOD_UNITS.get(period) : undefined;
    if (
      unit &&
      typeof count === 'number' &&
      Number.isInteger(count) &&
      count > 0
    ) {
      return `${count}${unit}`;
    }
  }
  return undefined;
}

function exposureOwner(exposure: DbtExposure): string | undefined {
  const owner = exposure.owner;
  if (!isObject(owner)) {
    return undefined;
  }
  const name = nonBlank(owner.name);
  if (name) {
    return name;
  }
  if (Array.isArray(owner.email)) {
    const emails = owner.email.filter(e => nonBlank(e));
    return emails.length > 0 ? emails.join(', ') : undefined;
  }
  return nonBlank(owner.email);
}

// ---------------------------------------------------------------------------
// Indexes built once per manifest

/** Test nodes by the dataset they test. */
function indexTests(
  tests: Array<{ uniqueId: string; test: DbtTestNode }>,
  datasets: Map<string, DatasetNode>,
): Map<string, TestRef[]> {
  const byNode = new Map<string, TestRef[]>();
  for (const { uniqueId, test } of tests) {
    const ref: TestRef = {
      uniqueId,
      name: test.test_metadata?.name || test.name,
      column: nonBlank(test.column_name),
    };
    // Generic tests name the node they belong to; singular tests do not
    // (dbt leaves attached_node null), so they count for every table they
    // select from.
    if (test.attached_node) {
      addTo(byNode, test.attached_node, ref);
    } else {
      for (const target of new Set(stringArray(test.depends_on?.nodes))) {
        if (datasets.has(target)) {
          addTo(byNode, target, ref);
        }
      }
    }
  }
  return byNode;
}

/** Enabled exposures by the nodes they depend on. */
function indexExposures(manifest: DbtManifest): Map<string, DbtExposure[]> {
  const byNode = new Map<string, DbtExposure[]>();
  const exposures = manifest.exposures ?? {};
  for (const key of Object.keys(exposures)) {
    const exposure = exposures[key];
    if (!isObject(exposure) || exposure.config?.enabled === false) {
      continue;
    }
    const uniqueId = exposure.unique_id ?? key;
    const nodes = exposure.depends_on?.nodes ?? manifest.parent_map[uniqueId];
    for (const target of new Set(stringArray(nodes))) {
      addTo(byNode, target, exposure);
    }
  }
  return byNode;
}

/**
 * Upstream identifiers of a dataset: its parents that are datasets, with
 * ephemeral models replaced by their own upstream (memoised, so every
 * ephemeral model is walked once).
 */
function lineageResolver(
  manifest: DbtManifest,
  datasets: Map<string, DatasetNode>,
  ephemeral: Map<string, DbtNode>,
): (uniqueId: string) => string[] {
  const parentsOf = (uniqueId: string): string[] =>
    stringArray(
      manifest.parent_map[uniqueId] ??
        (datasets.get(uniqueId)?.node ?? ephemeral.get(uniqueId))?.depends_on
          ?.nodes,
    );

  const throughEphemeral = new Map<string, Set<string>>();
  const collect = (uniqueId: string, into: Set<string>) => {
    for (const parent of parentsOf(uniqueId)) {
      const dataset = datasets.get(parent);
      if (dataset) {
        into.add(dataset.identifier);
      } else if (ephemeral.has(parent)) {
        let resolved = throughEphemeral.get(parent);
        if (!resolved) {
          resolved = new Set();
          // Set before walking so that a (malformed) cycle ends here.
          throughEphemeral.set(parent, resolved);
          collect(parent, resolved);
        }
        resolved.forEach(id => into.add(id));
      }
      // Anything else (tests, analyses, metrics, disabled or unknown nodes)
      // is not a table.
    }
  };

  return uniqueId => {
    const upstream = new Set<string>();
    collect(uniqueId, upstream);
    return [...upstream].sort(compare);
  };
}

// ---------------------------------------------------------------------------
// Small helpers

function addTo<T>(map: Map<string, T[]>, key: string, value: T) {
  const list = map.get(key);
  if (list) {
    list.push(value);
  } else {
    map.set(key, [value]);
  }
}

function tableIdentifier(
  catalog: string | null | undefined,
  schema: string | null | undefined,
  table: string | null | undefined,
): string | undefined {
  const parts = [catalog, schema, table].map(p =>
    typeof p === 'string' ? p.trim() : '',
  );
  if (parts.some(p => p === '')) {
    return undefined;
  }
  return formatTableIdentifier({
    catalog: parts[0],
    schema: parts[1],
    table: parts[2],
  });
}

function missingPartsWarning(
  uniqueId: string,
  catalog: string | undefined,
  node: DbtBaseNode,
): string {
  const missing = [
    !nonBlank(catalog ?? node.database) && 'database (set the catalog option)',
    !nonBlank(node.schema) && 'schema',
  ].filter(Boolean);
  return `dbt node ${uniqueId} is skipped: it has no ${
    missing.length > 0 ? missing.join(' and ') : 'table name'
  }`;
}

function isEnabled(node: DbtBaseNode): boolean {
  return node.config?.enabled !== false;
}

function metaValue(node: DbtBaseNode, key: string): unknown {
  const candidates = [
    node.meta,
    node.config?.meta,
    (node as DbtSource).source_meta,
  ];
  for (const meta of candidates) {
    if (isObject(meta) && meta[key] !== undefined && meta[key] !== null) {
      return meta[key];
    }
  }
  return undefined;
}

function metaString(node: DbtBaseNode, key: string): string | undefined {
  const candidates = [
    node.meta,
    node.config?.meta,
    (node as DbtSource).source_meta,
  ];
  for (const meta of candidates) {
    const value = isObject(meta) ? nonBlank(meta[key]) : undefined;
    if (value) {
      return value.trim();
    }
  }
  return undefined;
}

function nodeTags(node: DbtBaseNode): string[] {
  return stringArray(node.tags ?? node.config?.tags);
}

function stringArray(value: unknown): string[] {
  const result: string[] = [];
  pushStrings(result, value);
  return result;
}

/** Appends a string, or the strings of an array, to `into`. */
function pushStrings(into: string[], value: unknown) {
  if (typeof value === 'string') {
    into.push(value);
  } else if (Array.isArray(value)) {
    for (const item of value) {
      if (typeof item === 'string') {
        into.push(item);
      }
    }
  }
}

function uniqueSorted(values: string[]): string[] {
  if (values.length === 0) {
    return values;
  }
  return [...new Set(values.map(v => v.trim()).filter(Boolean))].sort(compare);
}

function nonBlank(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

function normalizeColumnName(name: string): string {
  return name
    .trim()
    .replace(/^["`[](.*)["`\]]$/, '$1')
    .toLocaleLowerCase('en-US');
}

/**
 * A non-null object. Arrays pass too, but have none of the fields read from
 * what is checked here; leaving out Array.isArray keeps the per-column path
 * fast (it is slow inside vm contexts such as Jest's).
 */
function isObject(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null;
}

/** Code-point order: the same on every machine, unlike localeCompare. */
function compare(a: string, b: string): number {
  if (a < b) {
    return -1;
  }
  return a > b ? 1 : 0;
}

/**
 * A copy without the keys whose value is undefined, so fragments compare and
 * serialise cleanly. (Copying is much cheaper than `delete`, which turns
 * objects into slow dictionaries.)
 */
function compact<T extends object>(value: T): T {
  const result = {} as T;
  for (const key in value) {
    if (value[key] !== undefined) {
      result[key] = value[key];
    }
  }
  return result;
}
