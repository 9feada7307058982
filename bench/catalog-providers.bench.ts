/**
 * Full sync of the dataset providers over a synthetic lakehouse: 50,000
 * Iceberg tables in 500 namespaces (the REST catalog double, in its own
 * process on loopback) plus a 5,000-model dbt manifest whose models are
 * tables of the same catalog, so they merge. Prints the full-sync time and
 * peak RSS, then the time and the writes of a re-run over unchanged sources.
 *
 *   node --require @backstage/cli-node/config/nodeTransform.cjs bench/catalog-providers.bench.ts
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import knexFactory from 'knex';
import { ConfigReader } from '@backstage/config';
import { IcebergRestCatalogDouble } from '@internal/platform-doubles';
import { readDatasetSourcesConfig } from '../plugins/catalog-backend-module-lakehouse/src/config';
import { createDatasetSources } from '../plugins/catalog-backend-module-lakehouse/src/sources/createDatasetSources';
import { LakehouseDatasetProvider } from '../plugins/catalog-backend-module-lakehouse/src/provider/LakehouseDatasetProvider';
import { SnapshotStore } from '../plugins/catalog-backend-module-lakehouse/src/provider/SnapshotStore';
import { syntheticManifest } from './lib/syntheticManifest';

const NAMESPACES = 500;
const TABLES_PER_NAMESPACE = 100;
const MODELS = 5000;

const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;

async function main() {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-providers-'));
  const iceberg = await IcebergRestCatalogDouble.startInChildProcess({
    synthetic: {
      namespaces: NAMESPACES,
      tablesPerNamespace: TABLES_PER_NAMESPACE,
    },
  });
  const knex = knexFactory({
    client: 'better-sqlite3',
    connection: { filename: path.join(work, 'catalog.sqlite') },
    useNullAsDefault: true,
  });
  try {
    const schemas = Array.from(
      { length: NAMESPACES },
      (_, n) => `ns_${String(n).padStart(4, '0')}`,
    );
    const manifestFile = path.join(work, 'manifest.json');
    fs.writeFileSync(
      manifestFile,
      JSON.stringify(
        syntheticManifest({
          models: MODELS,
          catalog: 'bench',
          schemas,
          tableName: i => `table_${String(i).padStart(5, '0')}`,
        }),
      ),
    );

    const configs = readDatasetSourcesConfig(
      new ConfigReader({
        catalog: {
          providers: {
            iceberg: {
              bench: {
                url: iceberg.url,
                catalogName: 'bench',
                concurrency: 32,
                pageSize: 1000,
              },
            },
            dbt: { bench: { target: manifestFile, catalog: 'bench' } },
          },
        },
      }),
    );
    const database = { getClient: async () => knex } as any;
    const provider = LakehouseDatasetProvider.create({
      sources: createDatasetSources(configs, {} as any),
      store: await SnapshotStore.create(database),
      scheduler: { scheduleTask: async () => {} } as any,
      logger: {
        info() {},
        warn() {},
        error: (m: string) => console.error(m),
        debug() {},
        child() {
          return this;
        },
      } as any,
    });
    let emitted = 0;
    let entities = 0;
    await provider.connect({
      applyMutation: async (mutation: any) => {
        emitted++;
        entities = mutation.entities.length;
      },
      refresh: async () => {},
    });
    let writes = 0;
    knex.on('query', (q: { sql: string }) => {
      if (/^\s*(insert|update|delete|replace)/i.test(q.sql)) writes++;
    });

    let peakRss = process.memoryUsage().rss;
    const sampler = setInterval(() => {
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
    }, 20);
    const rssBefore = process.memoryUsage().rss;

    // Both sources start together, as their scheduled tasks do at start-up.
    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    let icebergDone = 0;
    await Promise.all([
      provider.refresh('iceberg:bench').then(() => {
        icebergDone = performance.now();
      }),
      provider.refresh('dbt:bench'),
    ]);
    const cpu = process.cpuUsage(cpuBefore);
    const fullSync = performance.now() - started;
    clearInterval(sampler);
    const failing = provider.getStatus().filter(s => s.lastError);
    if (failing.length)
      throw new Error(failing.map(s => s.lastError).join('\n'));

    const writesBefore = writes;
    const emittedBefore = emitted;
    const rerunStarted = performance.now();
    await Promise.all([
      provider.refresh('iceberg:bench'),
      provider.refresh('dbt:bench'),
    ]);
    const rerun = performance.now() - rerunStarted;

    console.log(
      `Iceberg tables read               ${(
        NAMESPACES * TABLES_PER_NAMESPACE
      ).toLocaleString('en-US')} in ${NAMESPACES} namespaces (${(
        (icebergDone - started) /
        1000
      ).toFixed(1)} s)`,
    );
    console.log(
      `  portal CPU during the sync         ${(
        (cpu.user + cpu.system) /
        1e6
      ).toFixed(1)} s (the rest is the double, on the other core)`,
    );
    console.log(
      `dbt models read                   ${MODELS.toLocaleString('en-US')}`,
    );
    console.log(
      `datasets emitted                  ${entities.toLocaleString(
        'en-US',
      )} (dbt models merged into Iceberg tables)`,
    );
    console.log(
      `full sync                         ${(fullSync / 1000).toFixed(
        1,
      )} s   (goal ≤ 15 s)`,
    );
    console.log(
      `peak RSS                          ${mb(peakRss)} (${mb(
        rssBefore,
      )} before the sync; goal ≤ 512 MB)`,
    );
    console.log(
      `unchanged re-run                  ${(rerun / 1000).toFixed(1)} s`,
    );
    console.log(
      `re-run writes                     ${
        writes - writesBefore
      } database writes, ${
        emitted - emittedBefore
      } catalog mutations (goal: none)`,
    );
  } finally {
    await knex.destroy();
    await iceberg.stop();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
