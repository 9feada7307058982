import { createHash } from 'node:crypto';
import { compileDbtSql } from './jinja';
import {
  DbtColumnProperties,
  DbtNodeProperties,
  DbtProject,
  DbtResourceFile,
  DbtTestDefinition,
  folderConfig,
} from './dbtProject';

/** Options of {@link buildDbtManifest}: what dbt takes from the profile and the run. */
export interface ManifestOptions {
  /** Target database (the Trino catalog), e.g. `lakehouse`. */
  database: string;
  /** Target schema for resources without a custom schema. */
  defaultSchema: string;
  /**
   * The adapter the project targets (its profile's type): the SQL is
   * compiled for it, whichever engine runs it.
   */
  adapterType: string;
  /** The manifest schema's dbt version this file follows. */
  dbtVersion: string;
  /** Fixed so that rebuilding an unchanged project gives an identical file. */
  generatedAt: string;
  /**
   * What wrote the file, recorded where dbt keeps custom run metadata
   * (`metadata.env`, from `DBT_ENV_CUSTOM_ENV_*` variables), so no reader
   * takes it for dbt's own output.
   */
  producedBy?: string;
}

const sha256 = (text: string) =>
  createHash('sha256').update(text).digest('hex');
const md5 = (text: string) => createHash('md5').update(text).digest('hex');

function relationName(database: string, schema: string, name: string) {
  return `"${database}"."${schema}"."${name}"`;
}

function columnsOf(columns: DbtColumnProperties[] = []) {
  return Object.fromEntries(
    columns.map(c => [
      c.name,
      {
        name: c.name,
        description: c.description ?? '',
        meta: c.meta ?? {},
        data_type: c.data_type ?? null,
        constraints: [],
        quote: null,
        tags: c.tags ?? [],
      },
    ]),
  );
}

function testName(definition: DbtTestDefinition) {
  return typeof definition === 'string'
    ? definition
    : Object.keys(definition)[0];
}

function testArguments(definition: DbtTestDefinition): Record<string, unknown> {
  if (typeof definition === 'string') return {};
  const body = Object.values(definition)[0] ?? {};
  return { ...((body.arguments as Record<string, unknown>) ?? {}) };
}

/**
 * Builds a dbt manifest (schema v12) for a project, the way `dbt compile`
 * would for the given target: models, seeds, sources, generic data tests,
 * exposures, parent and child maps, with compiled SQL.
 */
export function buildDbtManifest(
  project: DbtProject,
  options: ManifestOptions,
) {
  const pkg = project.name;
  const nodes: Record<string, any> = {};
  const sources: Record<string, any> = {};
  const exposures: Record<string, any> = {};
  const byName = new Map<string, { uniqueId: string; relation: string }>();
  const sourceIds = new Map<string, { uniqueId: string; relation: string }>();

  for (const source of project.sources) {
    for (const table of source.tables) {
      const uniqueId = `source.${pkg}.${source.name}.${table.name}`;
      const schema = source.schema ?? source.name;
      const database = source.database ?? options.database;
      const identifier = table.identifier ?? table.name;
      const relation = relationName(database, schema, identifier);
      sourceIds.set(`${source.name}.${table.name}`, { uniqueId, relation });
      const freshness = {
        warn_after: { count: null, period: null },
        error_after: { count: null, period: null },
        filter: null,
        ...(source.freshness ?? {}),
      };
      sources[uniqueId] = {
        database,
        schema,
        name: table.name,
        resource_type: 'source',
        package_name: pkg,
        path: source.propertiesPath,
        original_file_path: source.propertiesPath,
        unique_id: uniqueId,
        fqn: [
          pkg,
          ...source.propertiesPath.split('/').slice(1, -1),
          source.name,
          table.name,
        ],
        source_name: source.name,
        source_description: source.description ?? '',
        loader: source.loader ?? '',
        identifier,
        quoting: {
          database: null,
          schema: null,
          identifier: null,
          column: null,
        },
        loaded_at_field: source.loaded_at_field ?? null,
        loaded_at_query: null,
        freshness,
        external: null,
        description: table.description ?? '',
        columns: columnsOf(table.columns),
        meta: table.meta ?? {},
        source_meta: source.meta ?? {},
        tags: [...(source.tags ?? []), ...(table.tags ?? [])],
        config: {
          enabled: true,
          event_time: null,
          freshness,
          loaded_at_field: source.loaded_at_field ?? null,
          loaded_at_query: null,
          meta: { ...(source.meta ?? {}), ...(table.meta ?? {}) },
          tags: [...(source.tags ?? []), ...(table.tags ?? [])],
        },
        patch_path: null,
        unrendered_config: {},
        relation_name: relation,
        created_at: 0,
        unrendered_database: null,
        unrendered_schema: null,
        doc_blocks: [],
      };
    }
  }

  const resources = [...project.seeds, ...project.models];
  const configOf = (resource: DbtResourceFile): Record<string, any> => {
    const fromFolder = folderConfig(project, resource);
    const props: DbtNodeProperties | undefined = resource.properties;
    return {
      ...fromFolder,
      ...(props?.config ?? {}),
      tags: [
        ...(fromFolder.tags ?? []),
        ...(props?.config?.tags ?? []),
        ...(props?.tags ?? []),
      ],
      meta: {
        ...(fromFolder.meta ?? {}),
        ...(props?.config?.meta ?? {}),
        ...(props?.meta ?? {}),
      },
    };
  };
  for (const resource of resources) {
    const config = configOf(resource);
    const schema = (config.schema as string) ?? options.defaultSchema;
    byName.set(resource.name, {
      uniqueId: `${resource.resourceType}.${pkg}.${resource.name}`,
      relation: relationName(options.database, schema, resource.name),
    });
  }

  const resolve =
    (where: string) => (call: 'ref' | 'source', args: string[]) => {
      if (call === 'ref') {
        const target = byName.get(args[args.length - 1]);
        if (!target)
          throw new Error(
            `${where}: ref('${args.join("', '")}') names no model or seed`,
          );
        return target.relation;
      }
      const target = sourceIds.get(`${args[0]}.${args[1]}`);
      if (!target)
        throw new Error(
          `${where}: source('${args[0]}', '${args[1]}') is not declared`,
        );
      return target.relation;
    };
  const dependencies = (resource: DbtResourceFile) => {
    const ids = [
      ...resource.references.refs.map(
        r => byName.get(r[r.length - 1])!.uniqueId,
      ),
      ...resource.references.sources.map(
        s => sourceIds.get(`${s[0]}.${s[1]}`)!.uniqueId,
      ),
    ];
    return [...new Set(ids)].sort();
  };

  for (const resource of resources) {
    const config = configOf(resource);
    const { uniqueId, relation } = byName.get(resource.name)!;
    const schema = (config.schema as string) ?? options.defaultSchema;
    const isModel = resource.resourceType === 'model';
    const compiled = isModel
      ? compileDbtSql(resource.rawCode, resolve(resource.originalFilePath))
      : undefined;
    const relativePath = [
      ...resource.folders,
      resource.originalFilePath.split('/').pop(),
    ].join('/');
    nodes[uniqueId] = {
      database: options.database,
      schema,
      name: resource.name,
      resource_type: resource.resourceType,
      package_name: pkg,
      path: relativePath,
      original_file_path: resource.originalFilePath,
      unique_id: uniqueId,
      fqn: [pkg, ...resource.folders, resource.name],
      alias: resource.name,
      checksum: { name: 'sha256', checksum: sha256(resource.rawCode) },
      config: {
        enabled: true,
        alias: null,
        schema: config.schema ?? null,
        database: null,
        tags: config.tags,
        meta: config.meta,
        group: null,
        materialized: isModel ? config.materialized ?? 'view' : 'seed',
        incremental_strategy: null,
        persist_docs: {},
        'post-hook': [],
        'pre-hook': [],
        quoting: {},
        column_types: {},
        full_refresh: null,
        unique_key: null,
        on_schema_change: 'ignore',
        on_configuration_change: 'apply',
        grants: {},
        packages: [],
        docs: { show: true, node_color: null },
        contract: { enforced: false, alias_types: true },
        ...(isModel
          ? { access: 'protected' }
          : { delimiter: ',', quote_columns: null }),
      },
      tags: config.tags,
      description: resource.properties?.description ?? '',
      columns: columnsOf(resource.properties?.columns),
      meta: config.meta,
      group: null,
      docs: { show: true, node_color: null },
      patch_path: resource.propertiesPath
        ? `${pkg}://${resource.propertiesPath}`
        : null,
      build_path: null,
      unrendered_config: {},
      created_at: 0,
      relation_name: relation,
      raw_code: isModel ? resource.rawCode : '',
      ...(isModel
        ? {
            language: 'sql',
            refs: resource.references.refs.map(r => ({
              name: r[r.length - 1],
              package: r.length > 1 ? r[0] : null,
              version: null,
            })),
            sources: resource.references.sources,
            metrics: [],
            depends_on: { macros: [], nodes: dependencies(resource) },
            compiled_path: `target/compiled/${pkg}/${resource.originalFilePath}`,
            compiled: true,
            compiled_code: compiled,
            extra_ctes_injected: true,
            extra_ctes: [],
            contract: { enforced: false, alias_types: true, checksum: null },
            access: 'protected',
            constraints: [],
            version: null,
            latest_version: null,
            deprecation_date: null,
          }
        : { root_path: '.', depends_on: { macros: [] } }),
    };
  }

  // Generic data tests on columns of models, seeds and sources.
  const addTest = (
    definition: DbtTestDefinition,
    attachedId: string,
    target: string,
    column: string,
    filePath: string,
  ) => {
    const name = testName(definition);
    const args = testArguments(definition);
    const argText = Object.values(args)
      .map(v => (Array.isArray(v) ? v.join('_') : String(v)))
      .join('__')
      .replace(/[^A-Za-z0-9_]+/g, '_');
    const testNameFull = [name, target, column, argText]
      .filter(Boolean)
      .join('_')
      .replace(/_+$/, '');
    const uniqueId = `test.${pkg}.${testNameFull}.${md5(
      `${testNameFull}${JSON.stringify(args)}`,
    ).slice(0, 10)}`;
    const parents = [attachedId];
    const refArg =
      typeof args.to === 'string' ? /ref\('([^']+)'\)/.exec(args.to) : null;
    if (refArg && byName.has(refArg[1]))
      parents.push(byName.get(refArg[1])!.uniqueId);
    nodes[uniqueId] = {
      database: options.database,
      schema: `${options.defaultSchema}_dbt_test__audit`,
      name: testNameFull,
      resource_type: 'test',
      package_name: pkg,
      path: `${testNameFull}.sql`,
      original_file_path: filePath,
      unique_id: uniqueId,
      fqn: [pkg, testNameFull],
      alias: testNameFull,
      checksum: { name: 'none', checksum: '' },
      config: {
        enabled: true,
        tags: [],
        meta: {},
        materialized: 'test',
        severity: 'ERROR',
        fail_calc: 'count(*)',
        warn_if: '!= 0',
        error_if: '!= 0',
      },
      tags: [],
      description: '',
      columns: {},
      meta: {},
      raw_code: `{{ test_${name}(**_dbt_generic_test_kwargs) }}`,
      language: 'sql',
      refs: refArg ? [{ name: refArg[1], package: null, version: null }] : [],
      sources: [],
      metrics: [],
      depends_on: {
        macros: [`macro.dbt.test_${name}`],
        nodes: [...new Set(parents)].sort(),
      },
      column_name: column,
      attached_node: attachedId,
      test_metadata: {
        name,
        kwargs: { column_name: column, ...args },
        namespace: null,
      },
    };
  };
  for (const resource of resources) {
    const { uniqueId } = byName.get(resource.name)!;
    for (const column of resource.properties?.columns ?? []) {
      for (const test of column.data_tests ?? []) {
        addTest(
          test,
          uniqueId,
          resource.name,
          column.name,
          resource.propertiesPath!,
        );
      }
    }
  }
  for (const source of project.sources) {
    for (const table of source.tables) {
      const { uniqueId } = sourceIds.get(`${source.name}.${table.name}`)!;
      for (const column of table.columns ?? []) {
        for (const test of column.data_tests ?? []) {
          addTest(
            test,
            uniqueId,
            `source_${source.name}_${table.name}`,
            column.name,
            source.propertiesPath,
          );
        }
      }
    }
  }

  for (const exposure of project.exposures) {
    const uniqueId = `exposure.${pkg}.${exposure.name}`;
    const refs = exposure.depends_on
      .map(d => /ref\('([^']+)'\)/.exec(d)?.[1])
      .filter((n): n is string => !!n);
    const srcs = exposure.depends_on
      .map(d => /source\('([^']+)',\s*'([^']+)'\)/.exec(d))
      .filter((m): m is RegExpExecArray => !!m)
      .map(m => [m[1], m[2]] as [string, string]);
    exposures[uniqueId] = {
      name: exposure.name,
      resource_type: 'exposure',
      package_name: pkg,
      path: exposure.propertiesPath.split('/').slice(1).join('/'),
      original_file_path: exposure.propertiesPath,
      unique_id: uniqueId,
      fqn: [
        pkg,
        ...exposure.propertiesPath.split('/').slice(1, -1),
        exposure.name,
      ],
      type: exposure.type,
      owner: {
        email: exposure.owner.email ?? null,
        name: exposure.owner.name ?? null,
      },
      description: exposure.description ?? '',
      label: exposure.label ?? null,
      maturity: exposure.maturity ?? null,
      meta: {},
      tags: [],
      config: { enabled: true, tags: [], meta: {} },
      unrendered_config: {},
      url: exposure.url ?? null,
      depends_on: {
        macros: [],
        nodes: [
          ...refs.map(r => byName.get(r)?.uniqueId),
          ...srcs.map(s => sourceIds.get(`${s[0]}.${s[1]}`)?.uniqueId),
        ]
          .filter((id): id is string => !!id)
          .sort(),
      },
      refs: refs.map(name => ({ name, package: null, version: null })),
      sources: srcs,
      metrics: [],
      created_at: 0,
    };
  }

  const parentMap: Record<string, string[]> = {};
  for (const id of Object.keys(sources)) parentMap[id] = [];
  for (const [id, node] of Object.entries(nodes))
    parentMap[id] = node.depends_on?.nodes ?? [];
  for (const [id, exposure] of Object.entries(exposures))
    parentMap[id] = exposure.depends_on.nodes;
  const childMap: Record<string, string[]> = Object.fromEntries(
    Object.keys(parentMap).map(id => [id, [] as string[]]),
  );
  for (const [child, parents] of Object.entries(parentMap)) {
    for (const parent of parents) childMap[parent]?.push(child);
  }
  const sortKeys = <T>(o: Record<string, T>) =>
    Object.fromEntries(
      Object.entries(o).sort(([a], [b]) => a.localeCompare(b)),
    );
  for (const list of Object.values(childMap)) list.sort();

  return {
    metadata: {
      dbt_schema_version: 'https://schemas.getdbt.com/dbt/manifest/v12.json',
      dbt_version: options.dbtVersion,
      generated_at: options.generatedAt,
      invocation_id: md5(`${pkg}${options.generatedAt}`).replace(
        /^(.{8})(.{4})(.{4})(.{4})(.{12})$/,
        '$1-$2-$3-$4-$5',
      ),
      env: options.producedBy ? { PRODUCED_BY: options.producedBy } : {},
      project_name: pkg,
      project_id: md5(pkg),
      user_id: null,
      send_anonymous_usage_stats: false,
      adapter_type: options.adapterType,
    },
    nodes: sortKeys(nodes),
    sources: sortKeys(sources),
    macros: {},
    docs: {},
    exposures: sortKeys(exposures),
    metrics: {},
    groups: {},
    selectors: {},
    disabled: {},
    parent_map: sortKeys(parentMap),
    child_map: sortKeys(childMap),
    group_map: {},
    saved_queries: {},
    semantic_models: {},
    unit_tests: {},
  };
}
