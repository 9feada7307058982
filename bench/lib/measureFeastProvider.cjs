// Reads a Feast registry.db with the built portal's code (dist-portal, from
// `npm run build:portal`), in a process that loads nothing else, and prints
// the time and the process's peak RSS as JSON. Run by
// bench/ml-providers.bench.ts in two modes:
//   build     decode + mapping + entity build, nothing stored
//   provider  a refresh of the catalog's Feast provider: decode, mapping,
//             stored result (SQLite), entity build, hand-over to the catalog
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const [mode, registryFile] = process.argv.slice(2);
const dist = path.resolve(__dirname, '../../dist-portal');
const fromModule = file =>
  require(path.join(
    dist,
    'plugins/catalog-backend-module-lakehouse/dist',
    file,
  ));
const fromPortal = name => require(path.join(dist, 'node_modules', name));

function peakSampler() {
  const rssBefore = process.memoryUsage().rss;
  let peak = rssBefore;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 10);
  return {
    rssBefore,
    stop() {
      clearInterval(timer);
      return Math.max(peak, process.resourceUsage().maxRSS * 1024);
    },
  };
}

async function buildOnly() {
  const { decodeFeastRegistry } = fromPortal(
    '@internal/plugin-feature-store-node',
  );
  const { feastToRecords } = fromModule('sources/feast/feastToRecords.cjs.js');
  const { buildMlEntities } = fromModule('ml/buildMlEntities.cjs.js');
  const sampler = peakSampler();
  const started = performance.now();
  const records = feastToRecords(
    decodeFeastRegistry(fs.readFileSync(registryFile)),
    { sourceId: 'feast:bench', catalog: 'lakehouse' },
  );
  const entities = buildMlEntities(
    [{ sourceId: 'feast:bench', items: records }],
    {
      defaults: new Map(),
      datasetLocations: () => new Map(),
      locationKey: 'lakehouse-ml',
    },
  );
  const elapsed = performance.now() - started;
  return {
    elapsed,
    peak: sampler.stop(),
    rssBefore: sampler.rssBefore,
    entities: entities.length,
  };
}

async function providerRefresh() {
  const knexFactory = fromPortal('knex');
  const { ConfigReader } = fromPortal('@backstage/config');
  const { readMlSourcesConfig } = fromModule('mlConfig.cjs.js');
  const { createMlSources } = fromModule('sources/createMlSources.cjs.js');
  const { LakehouseMlProvider } = fromModule(
    'provider/LakehouseMlProvider.cjs.js',
  );
  const { SnapshotStore } = fromModule('provider/SnapshotStore.cjs.js');
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-feast-'));
  const knex = knexFactory({
    client: 'better-sqlite3',
    connection: { filename: path.join(work, 'catalog.sqlite') },
    useNullAsDefault: true,
  });
  const configs = readMlSourcesConfig(
    new ConfigReader({
      catalog: {
        providers: {
          feast: { bench: { registry: registryFile, catalog: 'lakehouse' } },
        },
      },
    }),
  );
  const quiet = {
    info() {},
    warn() {},
    debug() {},
    error: console.error,
    child() {
      return this;
    },
  };
  const provider = LakehouseMlProvider.create({
    sources: createMlSources(configs, {
      urlReader: {},
      rootConfig: new ConfigReader({}),
    }),
    store: await SnapshotStore.create({ getClient: async () => knex }),
    scheduler: { scheduleTask: async () => {} },
    logger: quiet,
    datasetLocations: () => new Map(),
  });
  let entities = 0;
  await provider.connect({
    applyMutation: async mutation => {
      entities = mutation.entities.length;
    },
    refresh: async () => {},
  });
  const sampler = peakSampler();
  const started = performance.now();
  await provider.refresh('feast:bench');
  const elapsed = performance.now() - started;
  const peak = sampler.stop();
  const failing = provider.getStatus().find(s => s.lastError);
  if (failing) throw new Error(failing.lastError);
  await knex.destroy();
  fs.rmSync(work, { recursive: true, force: true });
  return { elapsed, peak, rssBefore: sampler.rssBefore, entities };
}

(mode === 'provider' ? providerRefresh() : buildOnly())
  .then(result => process.stdout.write(JSON.stringify(result)))
  .catch(error => {
    console.error(error);
    process.exit(1);
  });
