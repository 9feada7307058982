const COLUMNS = Array.from({ length: 8 }, (_, c) => `col_${c}`);

/** A source model's SQL: every column typed or cleaned once. */
function stagingSql(source: string) {
  return `-- Typed copy of ${source}.
select
    cast(col_0 as bigint) as col_0,
${COLUMNS.slice(1)
  .map(column => `    trim(${column}) as ${column}`)
  .join(',\n')}
from ${source}
where col_0 is not null`;
}

/**
 * A downstream model's SQL over one to three parents: a WITH query joining
 * them, one aggregating it per key, and a select with a CASE, a window and
 * casts over both.
 */
function joiningSql(parents: string[]) {
  const [a, b = a, c = b] = ['p0', 'p1', 'p2'].slice(0, parents.length);
  const joins = parents
    .slice(1)
    .map(
      (parent, index) =>
        `    ${index === 0 ? 'join' : 'left join'} ${parent} as p${
          index + 1
        } on p0.col_0 = p${index + 1}.col_0`,
    );
  return `-- Joins its parents and aggregates them per key.
with base as (
    select
        ${a}.col_0,
        ${a}.col_1,
        ${b}.col_2,
        ${c}.col_3,
        ${a}.col_4,
        ${b}.col_5
    from ${parents[0]} as p0
${joins.join('\n')}
    where ${a}.col_1 is not null
),
totals as (
    select
        col_0,
        count(*) as row_count,
        sum(cast(col_4 as double)) as total_4,
        max(col_5) as max_5
    from base
    group by col_0
)
select
    b.col_0,
    upper(b.col_1) as col_1,
    coalesce(b.col_2, 'none') as col_2,
    case when t.row_count > 1 then b.col_3 else null end as col_3,
    cast(t.total_4 as varchar) as col_4,
    t.max_5 as col_5,
    cast(row_number() over (partition by b.col_1 order by b.col_0) as varchar) as col_6,
    b.col_1 || '-' || cast(t.row_count as varchar) as col_7
from base as b
join totals as t on b.col_0 = t.col_0`;
}

/**
 * A synthetic dbt manifest (schema v12) of `models` models spread over
 * layers and folders, each depending on up to three earlier models, with
 * sources, column descriptions and tests: the shape of a large real project.
 */
export function syntheticManifest(options: {
  models: number;
  catalog: string;
  /** Schemas the models land in, e.g. the namespaces of an Iceberg catalog. */
  schemas: string[];
  /** Table name of the n-th model in its schema; defaults to `model_<i>`. */
  tableName?: (indexInSchema: number) => string;
  /**
   * Gives every model SQL that reads its parents' columns (compiled, and raw
   * with `ref()`/`source()`) and the sources the eight columns the models
   * have, for column lineage.
   */
  withSql?: boolean;
}) {
  const project = 'bench';
  const sqlOf = (parents: string[], relation: (parent: string) => string) =>
    parents[0].startsWith('source.')
      ? stagingSql(relation(parents[0]))
      : joiningSql(parents.map(relation));
  const nodes: Record<string, any> = {};
  const sources: Record<string, any> = {};
  const parentMap: Record<string, string[]> = {};
  const sourceCount = Math.max(1, Math.floor(options.models / 50));
  for (let i = 0; i < sourceCount; i++) {
    const id = `source.${project}.raw.src_${i}`;
    sources[id] = {
      unique_id: id,
      resource_type: 'source',
      package_name: project,
      name: `src_${i}`,
      source_name: 'raw',
      identifier: `src_${i}`,
      database: options.catalog,
      schema: 'raw',
      description: `Raw table ${i}`,
      columns: options.withSql
        ? Object.fromEntries(
            COLUMNS.map(name => [
              name,
              { name, description: `Raw ${name}`, meta: {}, tags: [] },
            ]),
          )
        : { id: { name: 'id', description: 'Key', meta: {}, tags: [] } },
      meta: {},
      tags: [],
      config: { enabled: true, meta: {} },
      freshness: {
        warn_after: { count: 12, period: 'hour' },
        error_after: { count: null, period: null },
      },
      original_file_path: 'models/sources.yml',
      fqn: [project, 'raw', `src_${i}`],
    };
    parentMap[id] = [];
  }
  const layers = ['bronze', 'silver', 'gold'];
  const aliasOf = (i: number) =>
    options.tableName
      ? options.tableName(Math.floor(i / options.schemas.length))
      : `model_${i}`;
  const relationOf = (i: number) =>
    `"${options.catalog}"."${
      options.schemas[i % options.schemas.length]
    }"."${aliasOf(i)}"`;
  for (let i = 0; i < options.models; i++) {
    const layer = layers[Math.floor((i / options.models) * layers.length)];
    const schema = options.schemas[i % options.schemas.length];
    const name = `model_${i}`;
    const id = `model.${project}.${name}`;
    // With SQL, each model reads the one before it, so the models form one
    // chain as long as the project, plus two others further back.
    const parentIndexes = options.withSql
      ? [i - 1, i - 2 - (i % 5), Math.floor(i / 2)].filter(p => p >= 0)
      : [1, 7, 31].map(step => (i * 13 + step) % i);
    const parents =
      i < sourceCount
        ? [`source.${project}.raw.src_${i}`]
        : parentIndexes.map(p => `model.${project}.model_${p}`);
    const uniqueParents = options.withSql
      ? [...new Set(parents)]
      : [...new Set(parents)].sort();
    const columns: Record<string, any> = {};
    for (let c = 0; c < 8; c++) {
      columns[`col_${c}`] = {
        name: `col_${c}`,
        description: `Column ${c} of ${name}`,
        data_type: c === 0 ? 'bigint' : 'varchar',
        meta: c === 3 ? { classification: 'pii' } : {},
        tags: [],
      };
    }
    nodes[id] = {
      unique_id: id,
      resource_type: 'model',
      package_name: project,
      name,
      alias: aliasOf(i),
      database: options.catalog,
      schema,
      path: `${layer}/${name}.sql`,
      original_file_path: `models/${layer}/${name}.sql`,
      fqn: [project, layer, name],
      description: `Model ${i} of the ${layer} layer`,
      config: {
        enabled: true,
        materialized: 'table',
        meta: { owner: `team-${i % 20}` },
        tags: [layer],
      },
      tags: [layer],
      meta: {},
      columns,
      raw_code: options.withSql
        ? sqlOf(uniqueParents, parent =>
            parent.startsWith('source.')
              ? `{{ source('raw', '${parent.split('.').pop()}') }}`
              : `{{ ref('${parent.split('.').pop()}') }}`,
          )
        : `select * from ${uniqueParents
            .map(p => `{{ ref('${p.split('.').pop()}') }}`)
            .join(', ')}`,
      ...(options.withSql
        ? {
            compiled_code: sqlOf(uniqueParents, parent =>
              parent.startsWith('source.')
                ? `"${options.catalog}"."raw"."${parent.split('.').pop()}"`
                : relationOf(Number(parent.split('_').pop())),
            ),
          }
        : {}),
      depends_on: { nodes: uniqueParents, macros: [] },
      refs: [],
      sources: [],
    };
    parentMap[id] = uniqueParents;
    const testId = `test.${project}.not_null_${name}_col_0.${i
      .toString(16)
      .padStart(10, '0')}`;
    nodes[testId] = {
      unique_id: testId,
      resource_type: 'test',
      package_name: project,
      name: `not_null_${name}_col_0`,
      attached_node: id,
      column_name: 'col_0',
      test_metadata: { name: 'not_null', kwargs: { column_name: 'col_0' } },
      depends_on: { nodes: [id], macros: [] },
      config: { enabled: true },
      fqn: [project, `not_null_${name}_col_0`],
    };
    parentMap[testId] = [id];
  }
  return {
    metadata: {
      dbt_schema_version: 'https://schemas.getdbt.com/dbt/manifest/v12.json',
      dbt_version: '1.10.11',
      generated_at: '2025-09-01T03:00:00.000000Z',
      project_name: project,
      adapter_type: 'trino',
    },
    nodes,
    sources,
    macros: {},
    docs: {},
    exposures: {},
    metrics: {},
    groups: {},
    selectors: {},
    disabled: {},
    parent_map: parentMap,
    child_map: {},
    group_map: {},
    saved_queries: {},
    semantic_models: {},
    unit_tests: {},
  };
}
