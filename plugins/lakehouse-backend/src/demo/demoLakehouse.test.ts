import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { readDbtProject } from './dbtProject';
import { findDbtReferences } from './jinja';
import { buildDbtManifest } from './manifest';
import {
  buildDemoWarehouse,
  DEMO_MANIFEST_OPTIONS,
} from './buildDemoWarehouse';

const demoDir = path.resolve(__dirname, '../../../../examples/lakehouse');
const dbtDir = path.join(demoDir, 'dbt');
const manifestPath = path.join(dbtDir, 'target', 'manifest.json');

const manifestOptions = DEMO_MANIFEST_OPTIONS;

async function committedManifest() {
  return JSON.parse(await fs.readFile(manifestPath, 'utf8'));
}

describe('demo dbt project', () => {
  it('has a committed manifest.json that matches its SQL and schema files', async () => {
    const rebuilt = buildDbtManifest(
      await readDbtProject(dbtDir),
      manifestOptions,
    );
    if (process.env.UPDATE_DEMO_MANIFEST) {
      await fs.mkdir(path.dirname(manifestPath), { recursive: true });
      await fs.writeFile(manifestPath, `${JSON.stringify(rebuilt, null, 2)}\n`);
    }
    // Rebuild with UPDATE_DEMO_MANIFEST=1 after changing the dbt project.
    expect(await committedManifest()).toEqual(
      JSON.parse(JSON.stringify(rebuilt)),
    );
  });

  it('declares every ref() and source() of every model as a manifest dependency', async () => {
    const manifest = await committedManifest();
    const modelsDir = path.join(dbtDir, 'models');
    const sqlFiles = (await fs.readdir(modelsDir, { recursive: true })).filter(
      f => f.endsWith('.sql'),
    );
    expect(sqlFiles.length).toBeGreaterThanOrEqual(10);

    for (const file of sqlFiles) {
      const name = path.basename(file, '.sql');
      const sql = await fs.readFile(path.join(modelsDir, file), 'utf8');
      const { refs, sources } = findDbtReferences(sql, file);
      const node = manifest.nodes[`model.commerce.${name}`];
      expect(node).toBeDefined();
      const expected = [
        ...refs.map(r => {
          const target = r[r.length - 1];
          return manifest.nodes[`model.commerce.${target}`]
            ? `model.commerce.${target}`
            : `seed.commerce.${target}`;
        }),
        ...sources.map(([s, t]) => `source.commerce.${s}.${t}`),
      ];
      for (const dependency of expected) {
        expect({
          model: name,
          dependency,
          known: dependency in manifest.nodes || dependency in manifest.sources,
        }).toEqual({ model: name, dependency, known: true });
      }
      expect([...node.depends_on.nodes].sort()).toEqual(
        [...new Set(expected)].sort(),
      );
      expect(manifest.parent_map[node.unique_id]).toEqual(
        node.depends_on.nodes,
      );
    }
  });

  it('has owners and column descriptions on every model', async () => {
    const manifest = await committedManifest();
    const models = Object.values<any>(manifest.nodes).filter(
      n => n.resource_type === 'model',
    );
    for (const model of models) {
      expect({
        model: model.name,
        owner: typeof model.config.meta.owner,
      }).toEqual({ model: model.name, owner: 'string' });
      expect(Object.keys(model.columns).length).toBeGreaterThan(0);
      for (const column of Object.values<any>(model.columns)) {
        expect(column.description).not.toEqual('');
      }
    }
  });
});

describe('buildDemoWarehouse', () => {
  let workDir: string;
  beforeAll(async () => {
    workDir = await fs.mkdtemp(path.join(os.tmpdir(), 'demo-warehouse-'));
  });
  afterAll(async () => {
    await fs.rm(workDir, { recursive: true, force: true });
  });

  it('writes every raw, bronze, silver and gold table as Parquet, once', async () => {
    const warehouseDir = path.join(workDir, 'warehouse');
    const first = await buildDemoWarehouse({
      projectDir: demoDir,
      warehouseDir,
    });
    expect(first.rebuilt).toBe(true);
    const schemas = new Set(first.index.tables.map(t => t.schema));
    expect([...schemas].sort()).toEqual(['bronze', 'gold', 'raw', 'silver']);
    expect(first.index.tables.length).toBeGreaterThanOrEqual(15);

    // The star schema holds together: every order line joins to its order.
    const instance = await DuckDBInstance.create();
    const connection = await instance.connect();
    const file = (name: string) => `'${path.join(warehouseDir, name)}'`;
    const reader = await connection.runAndReadAll(`
      select
        (select count(*) from ${file('gold/fct_orders.parquet')}) as orders,
        (select count(*) from ${file('raw/orders.parquet')}) as raw_orders,
        (select count(*) from ${file('gold/fct_order_items.parquet')} i
           anti join ${file(
             'gold/fct_orders.parquet',
           )} o using (order_id)) as orphan_lines`);
    const [orders, rawOrders, orphans] = reader.getRows()[0].map(Number);
    connection.closeSync();
    instance.closeSync();
    expect(orders).toBe(rawOrders);
    expect(orphans).toBe(0);

    const second = await buildDemoWarehouse({
      projectDir: demoDir,
      warehouseDir,
    });
    expect(second.rebuilt).toBe(false);
    expect(second.index).toEqual(first.index);
  });
});
