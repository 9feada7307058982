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
}) {
  const project = 'bench';
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
      columns: { id: { name: 'id', description: 'Key', meta: {}, tags: [] } },
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
  for (let i = 0; i < options.models; i++) {
    const layer = layers[Math.floor((i / options.models) * layers.length)];
    const schema = options.schemas[i % options.schemas.length];
    const name = `model_${i}`;
    const id = `model.${project}.${name}`;
    const parents =
      i < sourceCount
        ? [`source.${project}.raw.src_${i}`]
        : [1, 7, 31].map(
            step => `model.${project}.model_${(i * 13 + step) % i}`,
          );
    const uniqueParents = [...new Set(parents)].sort();
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
      alias: options.tableName
        ? options.tableName(Math.floor(i / options.schemas.length))
        : name,
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
      raw_code: `select * from ${uniqueParents
        .map(p => `{{ ref('${p.split('.').pop()}') }}`)
        .join(', ')}`,
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
