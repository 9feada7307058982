/**
 * End to end, as users wait: from the moment the Iceberg provider starts
 * reading until the last of N Iceberg tables is a dataset visible through
 * `GET /api/catalog/entities/by-query`. The REST catalog double runs in its
 * own process; the backend is a real backend process (bench/lib/catalogBackend.ts:
 * backend-defaults with the catalog and the lakehouse module) on SQLite or
 * on a PostgreSQL server of its own, once per catalog setting.
 *
 *   node --require @backstage/cli-node/config/nodeTransform.cjs bench/catalog-end-to-end.bench.ts
 *
 * Environment:
 *   BENCH_TABLES     tables in the catalog (default 50000)
 *   BENCH_DATABASES  sqlite,postgres (default both)
 *   BENCH_SETTINGS   which settings to run, by name (default one-mutation,recommended;
 *                    `all` for every candidate below)
 *   BENCH_TIMEOUT_MINUTES  per run (default 40)
 *   LAKEHOUSE_TEST_POSTGRES_URL  use this PostgreSQL server instead of starting one
 */
import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import knexFactory from 'knex';
import { IcebergRestCatalogDouble } from '@internal/platform-doubles';
import {
  startTestPostgres,
  TestPostgres,
} from '../packages/backend/src/testing/postgres';

const TABLES = Number(process.env.BENCH_TABLES ?? 50_000);
const TABLES_PER_NAMESPACE = 100;
const TIMEOUT_MS = Number(process.env.BENCH_TIMEOUT_MINUTES ?? 40) * 60_000;
const TOKEN = 'bench-static-token-0123456789abcdef';
const ROOT = path.join(__dirname, '..');
/** The goal of issue 14: 50,000 tables visible in ≤ 5 minutes on PostgreSQL. */
const GOAL_SECONDS_50K_PG = 300;

type Database = 'sqlite' | 'postgres';

/** A catalog setting to measure: what it adds to the backend's config. */
interface Setting {
  name: string;
  describe: string;
  /** Merged into `catalog`. */
  catalog?: Record<string, unknown>;
  /** Merged into `backend.database`. */
  database?: Record<string, unknown>;
  /** Settings of the PostgreSQL server (`name=value`, as in postgresql.conf). */
  postgresServer?: string[];
  /** Merged into the Iceberg provider's entry. */
  provider?: Record<string, unknown>;
  /** Backend processes sharing the database. */
  replicas?: number;
  /** The database it applies to, when it is not both. */
  only?: Database;
}

const LONG_INTERVAL = { processingInterval: { hours: 1 } };
const NO_SYNCHRONOUS_COMMIT = {
  plugin: {
    catalog: { connection: { options: '-c synchronous_commit=off' } },
  },
};
const LARGE_SERVER = [
  'shared_buffers=1GB',
  'max_wal_size=8GB',
  'checkpoint_timeout=30min',
];

const SETTINGS: Setting[] = [
  {
    name: 'one-mutation',
    describe:
      'stock catalog and database settings; the provider hands everything over in one full mutation, as most providers do',
    catalog: { lakehouse: { mutationSize: 0 } },
  },
  {
    name: 'stock',
    describe:
      'stock catalog and database settings; the provider hands a first ingestion over in parts of 1,000 (its default)',
  },
  {
    name: 'stitch-poll',
    describe: 'catalog.stitchingStrategy.pollingInterval: 100 ms (stock 1 s)',
    catalog: { stitchingStrategy: { pollingInterval: { milliseconds: 100 } } },
  },
  {
    name: 'interval',
    describe: 'catalog.processingInterval: { hours: 1 }',
    catalog: LONG_INTERVAL,
  },
  {
    name: 'async-commit',
    describe:
      "the catalog's PostgreSQL sessions with synchronous_commit=off (connection options)",
    database: NO_SYNCHRONOUS_COMMIT,
    only: 'postgres',
  },
  {
    name: 'server',
    describe: `PostgreSQL server with ${LARGE_SERVER.join(', ')}`,
    postgresServer: LARGE_SERVER,
    only: 'postgres',
  },
  {
    name: 'history-1',
    describe: 'the Iceberg provider keeping one snapshot per dataset',
    provider: { snapshotHistory: 1 },
  },
  {
    name: 'pool',
    describe: 'the catalog database pool at 30 connections',
    database: { plugin: { catalog: { knexConfig: { pool: { max: 30 } } } } },
    // SQLite has one connection: each further one would open another database.
    only: 'postgres',
  },
  {
    name: 'recommended',
    describe:
      'what docs/large-lakehouse.md recommends on SQLite: the provider in parts (default) and catalog.processingInterval: { hours: 1 }',
    catalog: LONG_INTERVAL,
    only: 'sqlite',
  },
  {
    name: 'recommended',
    describe:
      "what docs/large-lakehouse.md recommends on PostgreSQL: the provider in parts (default), catalog.processingInterval: { hours: 1 } and the catalog's sessions with synchronous_commit=off",
    catalog: LONG_INTERVAL,
    database: NO_SYNCHRONOUS_COMMIT,
    only: 'postgres',
  },
  {
    name: 'replicas',
    describe: 'two backend processes sharing the database',
    replicas: 2,
    only: 'postgres',
  },
];

interface RunResult {
  setting: string;
  database: Database;
  /** Milliseconds from backend process start. */
  ready: number;
  providerStart: number;
  emitted?: number;
  firstVisible: number;
  lastVisible: number;
  peakRssBytes: number;
  /** CPU seconds of the backends from the provider's start to the last dataset visible. */
  backendCpu: number;
  /** The same for the PostgreSQL server, when it is ours. */
  databaseCpu?: number;
  /** Milliseconds between the last poll that counted fewer and the one that counted all. */
  resolution: number;
  polls: number;
  pollMs: number;
  load: string;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;
const loadAverage = () =>
  os
    .loadavg()
    .map(l => l.toFixed(2))
    .join(', ');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/**
 * CPU seconds of a process from /proc/<pid>/stat: utime and stime (fields
 * 14 and 15), with `children` also cutime and cstime (16 and 17), the time
 * of children it has reaped, in clock ticks of 1/100 s.
 */
function cpuSeconds(pid: number, children = false): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = fields
      .slice(11, children ? 15 : 13)
      .reduce((sum, f) => sum + Number(f), 0);
    return ticks / 100;
  } catch {
    return 0; // gone meanwhile
  }
}

/** Peak resident memory of a live process (VmHWM), from /proc. */
function peakRss(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
}

/** CPU seconds of a PostgreSQL server: the postmaster, its live and its ended connections. */
function postgresCpuSeconds(postmaster: number): number {
  const children = fs
    .readFileSync(`/proc/${postmaster}/task/${postmaster}/children`, 'utf8')
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .map(Number);
  return (
    cpuSeconds(postmaster, true) +
    children.reduce((sum, child) => sum + cpuSeconds(child), 0)
  );
}

/** The owner group and the system every dataset names, as an organisation would have them. */
function writeOrganisation(work: string) {
  const file = path.join(work, 'org.yaml');
  fs.writeFileSync(
    file,
    [
      'apiVersion: backstage.io/v1alpha1',
      'kind: Group',
      'metadata: { name: data-platform }',
      'spec: { type: team, children: [] }',
      '---',
      'apiVersion: backstage.io/v1alpha1',
      'kind: System',
      'metadata: { name: lakehouse }',
      'spec: { owner: group:default/data-platform }',
      '',
    ].join('\n'),
  );
  return file;
}

/** One backend process, its log, and when it printed that the datasets were emitted. */
interface Backend {
  process: ChildProcess;
  baseUrl: string;
  logFile: string;
  exited: Promise<unknown>;
  emitted?: number;
}

function startBackend(
  configFile: string,
  logFile: string,
  baseUrl: string,
  started: number,
): Backend {
  const log = fs.openSync(logFile, 'w');
  const child = spawn(
    process.execPath,
    [
      // A CPU profile of the backend, for finding where the time goes.
      ...(process.env.BENCH_CPU_PROFILE_DIR
        ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROFILE_DIR}`]
        : []),
      ...(process.env.BENCH_BACKEND_REQUIRE
        ? ['--require', process.env.BENCH_BACKEND_REQUIRE]
        : []),
      '--require',
      require.resolve('@backstage/cli-node/config/nodeTransform.cjs'),
      path.join(__dirname, 'lib/catalogBackend.ts'),
      '--config',
      configFile,
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', log] },
  );
  const backend: Backend = {
    process: child,
    baseUrl,
    logFile,
    exited: new Promise(resolve =>
      child.once('exit', () => {
        fs.closeSync(log);
        resolve(undefined);
      }),
    ),
  };
  child.stdout!.on('data', (chunk: Buffer) => {
    fs.writeSync(log, chunk);
    if (
      backend.emitted === undefined &&
      /Emitted \d+ datasets/.test(String(chunk))
    )
      backend.emitted = Date.now() - started;
  });
  return backend;
}

/** Processes to stop when the benchmark is interrupted. */
const cleanups: (() => void)[] = [];

async function runOnce(options: {
  setting: Setting;
  database: Database;
  databaseConfig: Record<string, unknown>;
  postgresPid?: number;
  icebergUrl: string;
  work: string;
  runId: number;
}): Promise<RunResult> {
  const {
    setting,
    database,
    databaseConfig,
    postgresPid,
    icebergUrl,
    work,
    runId,
  } = options;
  const organisation = writeOrganisation(work);
  const started = Date.now();
  const backends: Backend[] = [];
  const stopAll = () => {
    for (const backend of backends) backend.process.kill('SIGKILL');
  };
  cleanups.push(stopAll);

  const get = async (backend: Backend, route: string) => {
    const response = await fetch(`${backend.baseUrl}${route}`, {
      headers: { Authorization: `Bearer ${TOKEN}` },
    });
    if (!response.ok) throw new Error(`${route}: ${response.status}`);
    return response.json();
  };
  const assertAlive = (what: string) => {
    const gone = backends.find(b => b.process.exitCode !== null);
    if (gone) {
      throw new Error(
        `a backend exited with ${
          gone.process.exitCode
        } while waiting for ${what}; its log ends:\n${fs
          .readFileSync(gone.logFile, 'utf8')
          .slice(-3000)}`,
      );
    }
  };
  const until = async <T>(
    probe: () => Promise<T | undefined>,
    what: string,
    intervalMs: number,
    timeoutMs = TIMEOUT_MS,
  ): Promise<T> => {
    const since = Date.now();
    for (;;) {
      assertAlive(what);
      const value = await probe().catch(() => undefined);
      if (value !== undefined) return value;
      if (Date.now() - since > timeoutMs)
        throw new Error(`timed out waiting for ${what}`);
      await new Promise(r => setTimeout(r, intervalMs));
    }
  };

  try {
    // Replicas start one after the other, as in a rolling deployment: two
    // catalogs starting together would race for the migration lock.
    let ready = 0;
    for (let replica = 0; replica < (setting.replicas ?? 1); replica++) {
      const port = await freePort();
      const baseUrl = `http://localhost:${port}`;
      const config = {
        backend: {
          baseUrl,
          listen: { port },
          database: { ...databaseConfig, ...setting.database },
          auth: {
            externalAccess: [
              { type: 'static', options: { token: TOKEN, subject: 'bench' } },
            ],
          },
        },
        catalog: {
          rules: [{ allow: ['Resource', 'Group', 'System', 'Location'] }],
          locations: [{ type: 'file', target: organisation }],
          providers: {
            iceberg: {
              bench: {
                url: icebergUrl,
                catalogName: 'bench',
                defaultOwner: 'group:default/data-platform',
                system: 'lakehouse',
                concurrency: 32,
                pageSize: 1000,
                schedule: {
                  frequency: { minutes: 60 },
                  timeout: { minutes: 30 },
                  initialDelay: { seconds: 1 },
                },
                ...setting.provider,
              },
            },
          },
          ...setting.catalog,
        },
      };
      const configFile = path.join(work, `run-${runId}-${replica}.yaml`);
      // JSON is YAML.
      fs.writeFileSync(configFile, JSON.stringify(config, null, 2));
      const backend = startBackend(
        configFile,
        path.join(work, `run-${runId}-${replica}.log`),
        baseUrl,
        started,
      );
      backends.push(backend);
      ready = await until(
        async () =>
          (
            await fetch(`${baseUrl}/.backstage/health/v1/readiness`)
          ).ok
            ? Date.now() - started
            : undefined,
        'readiness',
        200,
        180_000,
      );
    }
    const [first] = backends;
    let polls = 0;
    let pollTime = 0;
    const visible = async (): Promise<number> => {
      const before = performance.now();
      const body = await get(
        first,
        `/api/catalog/entities/by-query?filter=${encodeURIComponent(
          'kind=resource,spec.type=dataset',
        )}&limit=1&fields=metadata.name`,
      );
      polls++;
      pollTime += performance.now() - before;
      return body.totalItems;
    };

    // The provider's task runs on one of the replicas; its status says when it started.
    const cpuAt = () => ({
      backend: backends.reduce((sum, b) => sum + cpuSeconds(b.process.pid!), 0),
      database: postgresPid ? postgresCpuSeconds(postgresPid) : undefined,
    });
    let cpuAtStart = cpuAt();
    const providerStart = await until(
      async () => {
        for (const backend of backends) {
          const { sources } = await get(
            backend,
            '/api/catalog/lakehouse/sources',
          );
          const attempt = sources.find(
            (s: { id: string }) => s.id === 'iceberg:bench',
          )?.lastAttemptAt;
          if (attempt) return Date.parse(attempt) - started;
        }
        cpuAtStart = cpuAt();
        return undefined;
      },
      'the provider to start',
      200,
    );
    const firstVisible = await until(
      async () => ((await visible()) > 0 ? Date.now() - started : undefined),
      'the first dataset',
      500,
    );
    // A poll every 2 s, whatever it takes: on SQLite a count waits behind
    // the catalog's own transactions on the one connection, and polls
    // spaced by their own duration once left 150 s between the last two.
    // The last dataset became visible between the last poll that counted
    // fewer and the one that counted all: that span is the resolution.
    let lastVisible: number;
    let previousAnswer = Date.now() - started;
    for (;;) {
      assertAlive(`all ${TABLES} datasets`);
      const since = Date.now();
      const count = await visible().catch(() => 0);
      const answered = Date.now() - started;
      if (count >= TABLES) {
        lastVisible = answered;
        break;
      }
      previousAnswer = answered;
      if (answered > TIMEOUT_MS)
        throw new Error(`timed out waiting for all ${TABLES} datasets`);
      await new Promise(r =>
        setTimeout(r, Math.max(0, 2000 - (Date.now() - since))),
      );
    }
    const resolution = lastVisible - previousAnswer;
    const cpuAtEnd = cpuAt();
    return {
      setting: setting.name,
      database,
      ready,
      providerStart,
      emitted: backends.find(b => b.emitted !== undefined)?.emitted,
      firstVisible,
      lastVisible,
      peakRssBytes: Math.max(...backends.map(b => peakRss(b.process.pid!))),
      backendCpu: cpuAtEnd.backend - cpuAtStart.backend,
      databaseCpu:
        cpuAtEnd.database === undefined
          ? undefined
          : cpuAtEnd.database - cpuAtStart.database!,
      resolution,
      polls,
      pollMs: pollTime / Math.max(1, polls),
      load: loadAverage(),
    };
  } finally {
    for (const backend of backends) backend.process.kill('SIGTERM');
    for (const backend of backends) {
      await Promise.race([
        backend.exited,
        new Promise(r => setTimeout(r, 10_000)),
      ]);
      if (backend.process.exitCode === null) backend.process.kill('SIGKILL');
      if (process.env.BENCH_KEEP_LOG)
        fs.copyFileSync(
          backend.logFile,
          `${process.env.BENCH_KEEP_LOG}.${path.basename(backend.logFile)}`,
        );
    }
    cleanups.splice(cleanups.indexOf(stopAll), 1);
  }
}

function printResult(result: RunResult) {
  const span = result.lastVisible - result.providerStart;
  console.log(
    `${result.setting.padEnd(14)} ${result.database.padEnd(9)} ` +
      `ready ${seconds(result.ready)}, provider start → emitted ${
        result.emitted === undefined
          ? '?'
          : seconds(result.emitted - result.providerStart)
      }, → first visible ${seconds(
        result.firstVisible - result.providerStart,
      )}, → all ${TABLES.toLocaleString('en-US')} visible ${seconds(
        span,
      )} (the poll before, ${seconds(
        result.resolution,
      )} earlier, counted fewer) (${Math.round(
        (TABLES * 1000) / span,
      )} datasets/s); backend peak RSS ${mb(
        result.peakRssBytes,
      )}; CPU ${result.backendCpu.toFixed(0)} s backend${
        result.databaseCpu === undefined
          ? ''
          : ` + ${result.databaseCpu.toFixed(0)} s PostgreSQL`
      } (${(
        ((result.backendCpu + (result.databaseCpu ?? 0)) * 1e6) /
        TABLES
      ).toFixed(0)} µs a dataset); ${result.polls} polls, ${Math.round(
        result.pollMs,
      )} ms each; load ${result.load}`,
  );
}

async function main() {
  const databases = (process.env.BENCH_DATABASES ?? 'sqlite,postgres')
    .split(',')
    .map(d => d.trim()) as Database[];
  const wanted = (process.env.BENCH_SETTINGS ?? 'one-mutation,recommended')
    .split(',')
    .map(s => s.trim());
  // In the order asked for; a name twice runs twice.
  const settings = wanted.includes('all')
    ? SETTINGS
    : wanted.flatMap(name => {
        // A name can stand for one setting per database.
        const setting = SETTINGS.filter(s => s.name === name);
        if (!setting.length) {
          throw new Error(
            `Unknown setting ${name}; known: ${[
              ...new Set(SETTINGS.map(s => s.name)),
            ].join(', ')}`,
          );
        }
        return setting;
      });
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-e2e-'));
  const namespaces = Math.ceil(TABLES / TABLES_PER_NAMESPACE);
  const iceberg = await IcebergRestCatalogDouble.startInChildProcess({
    synthetic: {
      namespaces,
      tablesPerNamespace: Math.min(TABLES, TABLES_PER_NAMESPACE),
    },
  });
  // Each PostgreSQL run gets a fresh server of its own (or a fresh database
  // on LAKEHOUSE_TEST_POSTGRES_URL's, where server settings cannot be applied).
  let postgres: TestPostgres | undefined;
  const interrupted = () => {
    for (const cleanup of cleanups) cleanup();
    void iceberg.stop();
    postgres?.stop();
    fs.rmSync(work, { recursive: true, force: true });
    process.exit(130);
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  console.log(
    `${TABLES.toLocaleString(
      'en-US',
    )} Iceberg tables in ${namespaces} namespaces (REST catalog double in its own process); ` +
      `times from the provider's start; ${
        os.cpus().length
      } cores, load ${loadAverage()} at start`,
  );
  const results: RunResult[] = [];
  let runId = 0;
  try {
    for (const database of databases) {
      for (const setting of settings) {
        if (setting.only && setting.only !== database) continue;
        runId++;
        const prefix = `bench_${process.pid}_${runId}_`;
        if (database === 'postgres')
          // With PostgreSQL's default durability, as in production.
          postgres = await startTestPostgres({
            durable: true,
            settings: setting.postgresServer,
          });
        const databaseConfig =
          database === 'sqlite'
            ? { client: 'better-sqlite3', connection: ':memory:' }
            : { client: 'pg', connection: postgres!.connection, prefix };
        try {
          const result = await runOnce({
            setting,
            database,
            databaseConfig,
            postgresPid: postgres?.pid,
            icebergUrl: iceberg.url,
            work,
            runId,
          });
          results.push(result);
          printResult(result);
        } finally {
          if (postgres && !postgres.pid) {
            const admin = knexFactory({
              client: 'pg',
              connection: { ...postgres.connection, database: 'postgres' },
            });
            const rows = await admin.raw(
              'select datname from pg_database where datname like ?',
              [`${prefix}%`],
            );
            for (const { datname } of rows.rows)
              await admin.raw(`drop database "${datname}"`);
            await admin.destroy();
          }
          await postgres?.stop();
          postgres = undefined;
        }
      }
    }
  } finally {
    await iceberg.stop();
    await postgres?.stop();
    fs.rmSync(work, { recursive: true, force: true });
  }
  printGoals(results);
}

const rate = (r: RunResult) =>
  (TABLES * 1000) / (r.lastVisible - r.providerStart);

/**
 * The goals against the stock engine: the catalog with stock settings fed
 * by one full mutation (`one-mutation`), on the same machine and database.
 */
function printGoals(results: RunResult[]) {
  console.log('\nGoals:');
  for (const database of ['sqlite', 'postgres'] as Database[]) {
    const runs = results.filter(r => r.database === database);
    const baseline = runs.find(r => r.setting === 'one-mutation');
    if (!baseline || runs.length < 2) continue;
    for (const run of runs.filter(r => r !== baseline)) {
      const ratio = rate(run) / rate(baseline);
      console.log(
        `  ${database}: ${run.setting} ${Math.round(
          rate(run),
        )} datasets/s = ${ratio.toFixed(2)}× the stock engine's ${Math.round(
          rate(baseline),
        )}/s (goal ≥ 2×: ${ratio >= 2 ? 'met' : 'not met'})`,
      );
    }
  }
  const postgres = results.filter(r => r.database === 'postgres');
  if (TABLES === 50_000 && postgres.length) {
    const best = postgres.reduce((a, b) =>
      a.lastVisible - a.providerStart <= b.lastVisible - b.providerStart
        ? a
        : b,
    );
    const span = (best.lastVisible - best.providerStart) / 1000;
    console.log(
      `  postgres: 50,000 tables visible in ${span.toFixed(0)} s with ${
        best.setting
      } (goal ≤ ${GOAL_SECONDS_50K_PG} s: ${
        span <= GOAL_SECONDS_50K_PG ? 'met' : 'not met'
      })`,
    );
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
