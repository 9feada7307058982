import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { DbtProject, readDbtProject } from './dbtProject';
import { buildDbtManifest } from './manifest';

/** Catalog name the demo tables live in, as Trino would call the Iceberg catalog. */
export const DEMO_CATALOG = 'lakehouse';

/** One table of the generated demo warehouse. */
export interface DemoTable {
  /** `lakehouse.<schema>.<table>` */
  identifier: string;
  schema: string;
  table: string;
  /** Path of the Parquet file, relative to the warehouse directory. */
  file: string;
  rows: number;
}

/** What the warehouse directory's `tables.json` records. */
export interface DemoWarehouseIndex {
  /** Hash of every input file; a different hash means the warehouse is stale. */
  fingerprint: string;
  tables: DemoTable[];
}

const INDEX_FILE = 'tables.json';
const quoteLiteral = (text: string) => `'${text.replace(/'/g, "''")}'`;
const quoteIdentifier = (text: string) => `"${text.replace(/"/g, '""')}"`;

async function fingerprint(
  projectDir: string,
  project: DbtProject,
): Promise<string> {
  const hash = createHash('sha256');
  const rawDir = path.join(projectDir, 'raw');
  const rawFiles = (await fs.readdir(rawDir))
    .filter(f => f.endsWith('.sql'))
    .sort();
  for (const file of rawFiles) {
    hash.update(file).update(await fs.readFile(path.join(rawDir, file)));
  }
  for (const resource of [...project.seeds, ...project.models]) {
    hash.update(resource.originalFilePath).update(resource.rawCode);
  }
  return hash.digest('hex');
}

/** Orders models so that every model comes after the models it refers to. */
function inDependencyOrder(project: DbtProject) {
  const byName = new Map(project.models.map(m => [m.name, m]));
  const done = new Set<string>();
  const visiting = new Set<string>();
  const ordered: typeof project.models = [];
  const visit = (name: string) => {
    if (done.has(name) || !byName.has(name)) return;
    if (visiting.has(name)) {
      throw new Error(
        `dbt models refer to each other in a cycle through ${name}`,
      );
    }
    visiting.add(name);
    for (const ref of byName.get(name)!.references.refs)
      visit(ref[ref.length - 1]);
    visiting.delete(name);
    done.add(name);
    ordered.push(byName.get(name)!);
  };
  for (const model of project.models) visit(model.name);
  return ordered;
}

async function createTable(
  connection: DuckDBConnection,
  relation: string,
  select: string,
) {
  await connection.run(`create or replace table ${relation} as ${select}`);
}

/**
 * How the demo's manifest is written: as dbt would compile the project for
 * its Trino profile (the SQL is Trino's), in the manifest schema of dbt
 * 1.10, at a fixed time; the file says the demo builder wrote it.
 */
export const DEMO_MANIFEST_OPTIONS = {
  database: DEMO_CATALOG,
  defaultSchema: 'bronze',
  adapterType: 'trino',
  dbtVersion: '1.10.11',
  generatedAt: '2025-09-01T03:00:00.000000Z',
  producedBy:
    'the demo builder of @internal/plugin-lakehouse-backend (src/demo), not dbt: it compiles the project for its Trino profile and runs the models on an embedded DuckDB',
};

/**
 * Builds the demo lakehouse as Parquet files: runs the raw data queries of
 * `<projectDir>/raw`, loads the dbt seeds, then runs every dbt model in
 * dependency order on an embedded DuckDB, and writes each table to
 * `<warehouseDir>/<schema>/<table>.parquet`.
 *
 * The result depends on the input files only, so an existing warehouse
 * with the same fingerprint is kept as it is.
 */
export async function buildDemoWarehouse(options: {
  projectDir: string;
  warehouseDir: string;
}): Promise<{ index: DemoWarehouseIndex; rebuilt: boolean }> {
  const { projectDir, warehouseDir } = options;
  const project = await readDbtProject(path.join(projectDir, 'dbt'));
  const print = await fingerprint(projectDir, project);
  const indexPath = path.join(warehouseDir, INDEX_FILE);
  try {
    const existing: DemoWarehouseIndex = JSON.parse(
      await fs.readFile(indexPath, 'utf8'),
    );
    if (existing.fingerprint === print) {
      return { index: existing, rebuilt: false };
    }
  } catch {
    // No usable index: build the warehouse.
  }

  const manifest = buildDbtManifest(project, DEMO_MANIFEST_OPTIONS);
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    await connection.run(`attach ':memory:' as ${DEMO_CATALOG}`);
    const relations: { schema: string; table: string; relation: string }[] = [];
    const schemas = new Set<string>();
    const nodesInOrder = [
      ...Object.values<any>(manifest.sources),
      ...project.seeds.map(
        s => manifest.nodes[`seed.${project.name}.${s.name}`],
      ),
      ...inDependencyOrder(project).map(
        m => manifest.nodes[`model.${project.name}.${m.name}`],
      ),
    ];
    for (const node of nodesInOrder) {
      if (!schemas.has(node.schema)) {
        await connection.run(
          `create schema if not exists ${DEMO_CATALOG}.${quoteIdentifier(
            node.schema,
          )}`,
        );
        schemas.add(node.schema);
      }
      const table = node.identifier ?? node.alias;
      if (node.resource_type === 'source') {
        const rawFile = path.join(projectDir, 'raw', `${node.name}.sql`);
        const select = await fs.readFile(rawFile, 'utf8').catch(() => {
          throw new Error(
            `Source ${node.unique_id} has no raw data query at ${rawFile}`,
          );
        });
        await createTable(connection, node.relation_name, select);
      } else if (node.resource_type === 'seed') {
        const csv = path.join(project.dir, node.original_file_path);
        await createTable(
          connection,
          node.relation_name,
          `select * from read_csv(${quoteLiteral(csv)}, header = true)`,
        );
      } else {
        await createTable(
          connection,
          node.relation_name,
          node.compiled_code,
        ).catch(e => {
          throw new Error(
            `Model ${node.original_file_path} failed on DuckDB: ${
              (e as Error).message
            }`,
          );
        });
      }
      relations.push({
        schema: node.schema,
        table,
        relation: node.relation_name,
      });
    }

    // Write into a fresh directory, then swap it in, so a failed build never
    // leaves a half-written warehouse behind.
    const staging = `${warehouseDir}.building-${process.pid}`;
    await fs.rm(staging, { recursive: true, force: true });
    const tables: DemoTable[] = [];
    for (const { schema, table, relation } of relations) {
      const file = `${schema}/${table}.parquet`;
      await fs.mkdir(path.join(staging, schema), { recursive: true });
      await connection.run(
        `copy ${relation} to ${quoteLiteral(
          path.join(staging, file),
        )} (format parquet, compression zstd)`,
      );
      const count = await connection.runAndReadAll(
        `select count(*) from ${relation}`,
      );
      tables.push({
        identifier: `${DEMO_CATALOG}.${schema}.${table}`,
        schema,
        table,
        file,
        rows: Number(count.getRows()[0][0]),
      });
    }
    tables.sort((a, b) => a.identifier.localeCompare(b.identifier));
    const index: DemoWarehouseIndex = { fingerprint: print, tables };
    await fs.writeFile(
      path.join(staging, INDEX_FILE),
      `${JSON.stringify(index, null, 2)}\n`,
    );
    await fs.rm(warehouseDir, { recursive: true, force: true });
    await fs.rename(staging, warehouseDir);
    return { index, rebuilt: true };
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
