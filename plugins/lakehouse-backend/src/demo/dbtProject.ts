import fs from 'node:fs/promises';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { DbtReferences, findDbtReferences } from './jinja';

/** A generic data test as written in schema.yml: `unique` or `{relationships: {...}}`. */
export type DbtTestDefinition =
  | string
  | Record<string, Record<string, unknown> | null>;

export interface DbtColumnProperties {
  name: string;
  description?: string;
  data_type?: string;
  meta?: Record<string, unknown>;
  tags?: string[];
  data_tests?: DbtTestDefinition[];
}

export interface DbtNodeProperties {
  name: string;
  description?: string;
  config?: Record<string, unknown> & {
    meta?: Record<string, unknown>;
    tags?: string[];
  };
  meta?: Record<string, unknown>;
  tags?: string[];
  columns?: DbtColumnProperties[];
  data_tests?: DbtTestDefinition[];
}

/** A model or seed file together with the schema.yml entry describing it. */
export interface DbtResourceFile {
  resourceType: 'model' | 'seed';
  name: string;
  /** Path relative to the project, e.g. `models/gold/fct_orders.sql`. */
  originalFilePath: string;
  /** Folders between the resource-type root and the file, e.g. `['gold']`. */
  folders: string[];
  rawCode: string;
  references: DbtReferences;
  properties?: DbtNodeProperties;
  propertiesPath?: string;
}

export interface DbtSourceDefinition {
  name: string;
  description?: string;
  database?: string;
  schema?: string;
  loader?: string;
  loaded_at_field?: string;
  freshness?: Record<string, unknown>;
  meta?: Record<string, unknown>;
  tags?: string[];
  tables: (DbtNodeProperties & { identifier?: string })[];
}

export interface DbtExposureDefinition {
  name: string;
  label?: string;
  type: string;
  maturity?: string;
  url?: string;
  description?: string;
  depends_on: string[];
  owner: { name?: string; email?: string };
}

/** A dbt project read from disk: what `dbt parse` reads, before compilation. */
export interface DbtProject {
  name: string;
  dir: string;
  /** Parsed dbt_project.yml. */
  config: Record<string, any>;
  models: DbtResourceFile[];
  seeds: DbtResourceFile[];
  sources: (DbtSourceDefinition & { propertiesPath: string })[];
  exposures: (DbtExposureDefinition & { propertiesPath: string })[];
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries
      .sort((a, b) => a.name.localeCompare(b.name))
      .map(e =>
        e.isDirectory()
          ? listFiles(path.join(dir, e.name))
          : Promise.resolve([path.join(dir, e.name)]),
      ),
  );
  return nested.flat();
}

async function readYaml(file: string): Promise<any> {
  try {
    return parseYaml(await fs.readFile(file, 'utf8')) ?? {};
  } catch (e) {
    throw new Error(`Cannot read ${file}: ${(e as Error).message}`);
  }
}

/** Reads a dbt project: dbt_project.yml, models, seeds and their schema.yml files. */
export async function readDbtProject(dir: string): Promise<DbtProject> {
  const config = await readYaml(path.join(dir, 'dbt_project.yml'));
  if (typeof config.name !== 'string') {
    throw new Error(`${dir}/dbt_project.yml has no project name`);
  }
  const modelRoots: string[] = config['model-paths'] ?? ['models'];
  const seedRoots: string[] = config['seed-paths'] ?? ['seeds'];

  const project: DbtProject = {
    name: config.name,
    dir,
    config,
    models: [],
    seeds: [],
    sources: [],
    exposures: [],
  };
  const properties = new Map<
    string,
    { props: DbtNodeProperties; file: string }
  >();

  for (const [roots, resourceType] of [
    [modelRoots, 'model'],
    [seedRoots, 'seed'],
  ] as const) {
    for (const root of roots) {
      const rootDir = path.join(dir, root);
      for (const file of await listFiles(rootDir)) {
        const relative = path.relative(dir, file).split(path.sep).join('/');
        const folders = path
          .relative(rootDir, path.dirname(file))
          .split(path.sep)
          .filter(Boolean);
        if (file.endsWith('.yml') || file.endsWith('.yaml')) {
          const doc = await readYaml(file);
          for (const key of ['models', 'seeds'] as const) {
            for (const props of doc[key] ?? []) {
              properties.set(`${key.slice(0, -1)}:${props.name}`, {
                props,
                file: relative,
              });
            }
          }
          for (const source of doc.sources ?? []) {
            project.sources.push({ ...source, propertiesPath: relative });
          }
          for (const exposure of doc.exposures ?? []) {
            project.exposures.push({ ...exposure, propertiesPath: relative });
          }
        } else if (resourceType === 'model' && file.endsWith('.sql')) {
          const rawCode = await fs.readFile(file, 'utf8');
          project.models.push({
            resourceType,
            name: path.basename(file, '.sql'),
            originalFilePath: relative,
            folders,
            rawCode,
            references: findDbtReferences(rawCode, relative),
          });
        } else if (resourceType === 'seed' && file.endsWith('.csv')) {
          project.seeds.push({
            resourceType,
            name: path.basename(file, '.csv'),
            originalFilePath: relative,
            folders,
            rawCode: await fs.readFile(file, 'utf8'),
            references: { refs: [], sources: [] },
          });
        }
      }
    }
  }
  for (const resource of [...project.models, ...project.seeds]) {
    const found = properties.get(`${resource.resourceType}:${resource.name}`);
    if (found) {
      resource.properties = found.props;
      resource.propertiesPath = found.file;
    }
  }
  return project;
}

/**
 * The configuration dbt_project.yml gives a resource through its folder:
 * `+key` settings of every enclosing folder, the innermost winning, with
 * tags added up and meta merged as dbt does.
 */
export function folderConfig(
  project: DbtProject,
  resource: DbtResourceFile,
): Record<string, any> {
  const section =
    project.config[`${resource.resourceType}s`]?.[project.name] ?? {};
  const result: Record<string, any> = {};
  let level: Record<string, any> = section;
  const apply = (settings: Record<string, any>) => {
    for (const [key, value] of Object.entries(settings)) {
      if (!key.startsWith('+')) continue;
      const name = key.slice(1);
      if (name === 'tags') {
        result.tags = [...(result.tags ?? []), ...[value].flat()];
      } else if (name === 'meta') {
        result.meta = { ...(result.meta ?? {}), ...value };
      } else {
        result[name] = value;
      }
    }
  };
  apply(level);
  for (const folder of resource.folders) {
    if (!level[folder]) break;
    level = level[folder];
    apply(level);
  }
  return result;
}
