/**
 * 50 simulated SQL console users against the portal's backend on loopback,
 * for a bounded time. Each signs in (oauth2-proxy provider, one user entity
 * each) and loops: submit a statement (lookups, aggregates, scans of a
 * 200,000-row table paged 500 rows at a time, slow statements), follow its
 * pages as the console does, sometimes stop early (the console's "run
 * another statement", which leaves the query to the idle time-out) or
 * cancel, then pause; now and then four statements at once (several tabs),
 * one more than the per-user limit. The Trino double runs in its own process
 * (DuckDB, one thread), the backend in its own: the built one (dist-portal)
 * when it is current, else the same backend from source. Prints time to
 * first rows (p50, p95, max; beside a lookup read directly from the double
 * under the same load), requests, errors by kind (there must be none but the
 * concurrency refusals, 429, whose message must name the limit), backend RSS
 * sampled every second (start, peak, end), and how long until the history
 * holds no query still running.
 *
 *   node --require @backstage/cli-node/config/nodeTransform.cjs bench/console-load.bench.ts
 *
 * BENCH_USERS (50) and BENCH_SECONDS (60) change the load; BENCH_BACKEND=built
 * or source picks the backend instead of the check of dist-portal's age.
 */
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { BasicAuth, Trino } from 'trino-client';
import { parse as parseYaml } from 'yaml';
import {
  TrinoDouble,
  type TrinoDoubleOptions,
} from '@internal/platform-doubles';
import { TrinoEngine as DoubleEngine } from '@internal/platform-doubles/src/trino/engine';
import {
  runDoubleProcess,
  startDoubleInChildProcess,
} from '@internal/platform-doubles/src/support/childProcess';

const USERS = Number(process.env.BENCH_USERS ?? 50);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
const TABLE_ROWS = 200_000;
/** How long the double takes before answering a statement on `slow`. */
const SLOW_MS = 8_000;
/** The query service's limits (lakehouse.queries) the backend runs with. */
const LIMITS = {
  maxConcurrentPerUser: 3,
  timeoutSeconds: 30,
  idleTimeoutSeconds: 15,
  pageSize: 500,
  bufferedPages: 4,
  defaultRowCap: 1_000,
  maxRowCap: 50_000,
};
/** What the console asks the server to wait for rows (useQueryRunner). */
const MAX_WAIT_MS = 1_000;

const root = path.resolve(__dirname, '..');

// ---------------------------------------------------------------- the double

/**
 * In the child process: the Trino double, whose statements on a table named
 * `slow` wait SLOW_MS before they run (interrupted by a cancel), so that
 * there are statements to cancel before their first rows.
 */
function serveDouble() {
  const execute = DoubleEngine.prototype.execute;
  DoubleEngine.prototype.execute = async function slowed(sql, session, signal) {
    if (/\bslow\b/i.test(sql)) {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(resolve, SLOW_MS);
        signal?.addEventListener('abort', () => {
          clearTimeout(timer);
          reject(new Error('Query was canceled'));
        });
      });
    }
    return execute.call(this, sql, session, signal);
  };
  void runDoubleProcess(options =>
    TrinoDouble.start(options as TrinoDoubleOptions),
  );
}

// ---------------------------------------------------------------- processes

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

/** CPU seconds a process has used (user + system), from /proc. */
const cpuSeconds = (pid: number) => {
  const fields = fs
    .readFileSync(`/proc/${pid}/stat`, 'utf8')
    .split(') ')[1]
    .split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
};

const rssMb = (pid: number) =>
  Number(
    /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))![1],
  ) / 1024;

const loadAverage = () =>
  os
    .loadavg()
    .map(l => l.toFixed(2))
    .join(', ');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * The built backend when dist-portal holds one at least as new as the
 * backend's and plugins' sources (last commit and uncommitted changes),
 * else the backend from source, through the CLI's Node transform.
 */
function pickBackend(): { kind: 'built' | 'source'; why: string } {
  const built = path.join(root, 'dist-portal/packages/backend/dist');
  const wanted = process.env.BENCH_BACKEND;
  if (wanted === 'source') return { kind: 'source', why: 'BENCH_BACKEND' };
  if (!fs.existsSync(built)) {
    if (wanted === 'built')
      throw new Error(
        'No built backend: run `npm run tsc && npm run build:portal` first',
      );
    return { kind: 'source', why: 'no dist-portal (npm run build:portal)' };
  }
  if (wanted === 'built') return { kind: 'built', why: 'BENCH_BACKEND' };
  const builtAt = fs.statSync(path.join(built, 'index.cjs.js')).mtimeMs;
  const git = (...args: string[]) =>
    execFileSync('git', args, { cwd: root, encoding: 'utf8' });
  const dirs = ['packages/backend', 'plugins'];
  let newest =
    Number(git('log', '-1', '--format=%ct', '--', ...dirs).trim()) * 1000;
  for (const line of git('status', '--porcelain', '--', ...dirs).split('\n')) {
    const file = path.join(root, line.slice(3));
    if (line && fs.existsSync(file))
      newest = Math.max(newest, fs.statSync(file).mtimeMs);
  }
  const when = (ms: number) => new Date(ms).toISOString().slice(0, 16);
  return newest > builtAt
    ? {
        kind: 'source',
        why: `dist-portal (${when(builtAt)}) is older than the sources (${when(
          newest,
        )})`,
      }
    : { kind: 'built', why: `dist-portal is current (${when(builtAt)})` };
}

/** Configuration added to app-config.yaml for the run. */
function writeConfig(dir: string, port: number, trinoUrl: string) {
  const usersFile = path.join(dir, 'users.yaml');
  fs.writeFileSync(
    usersFile,
    Array.from(
      { length: USERS },
      (_, n) =>
        `apiVersion: backstage.io/v1alpha1\nkind: User\nmetadata:\n  name: user${n}\nspec:\n  memberOf: []\n`,
    ).join('---\n'),
  );
  const appConfig = parseYaml(
    fs.readFileSync(path.join(root, 'app-config.yaml'), 'utf8'),
  );
  const baseUrl = `http://127.0.0.1:${port}`;
  const config = {
    app: { baseUrl },
    backend: { baseUrl, listen: { port, host: '127.0.0.1' } },
    auth: {
      providers: {
        oauth2Proxy: {
          signIn: {
            resolvers: [{ resolver: 'forwardedUserMatchingUserEntityName' }],
          },
        },
      },
    },
    // Arrays replace those of app-config.yaml: its locations and the users.
    catalog: {
      locations: [
        ...appConfig.catalog.locations,
        { type: 'file', target: usersFile },
      ],
    },
    // Not measured here: no mkdocs builds of the docs sites at start, no
    // drift report in the first hour.
    techdocs: { builder: 'external' },
    lakehouse: {
      drift: {
        monitors: {
          'customer-churn-inputs': {
            schedule: { initialDelay: { hours: 1 } },
          },
        },
      },
      trino: { server: trinoUrl, catalog: 'bench', schema: 's' },
      queries: LIMITS,
    },
  };
  const file = path.join(dir, 'app-config.bench.yaml');
  // JSON is YAML.
  fs.writeFileSync(file, JSON.stringify(config, null, 2));
  return file;
}

function startBackend(
  kind: 'built' | 'source',
  configFile: string,
  logFile: string,
): ChildProcess {
  const entry =
    kind === 'built'
      ? [path.join(root, 'dist-portal/packages/backend')]
      : [
          '--require',
          require.resolve('@backstage/cli-node/config/nodeTransform.cjs'),
          path.join(root, 'packages/backend/src/index.ts'),
        ];
  const log = fs.openSync(logFile, 'w');
  return spawn(
    process.execPath,
    [...entry, '--config', '../../app-config.yaml', '--config', configFile],
    {
      cwd: path.join(root, 'packages/backend'),
      env: { ...process.env, NODE_ENV: 'production' },
      stdio: ['ignore', log, log],
    },
  );
}

// ---------------------------------------------------------------- the users

/** Deterministic random numbers per user (mulberry32), for comparable runs. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Kind = 'lookup' | 'aggregate' | 'scan' | 'slow';
/** What the user does with the pages of a statement. */
type Plan = 'all' | 'stop-early' | 'cancel';

class Stats {
  readonly firstRows = new Map<Kind, number[]>();
  /** How long submitting took (POST until 202 or 429). */
  readonly submits: number[] = [];
  readonly requests = new Map<string, number>();
  readonly errors = new Map<string, number>();
  readonly outcomes = new Map<string, number>();
  refusals = 0;
  refusalMessage?: string;
  unclearRefusals = 0;
  statements = 0;
  rows = 0;
  inFlight = 0;
  peakInFlight = 0;

  count(map: Map<string, number>, key: string) {
    map.set(key, (map.get(key) ?? 0) + 1);
  }

  error(key: string, detail?: string) {
    this.count(this.errors, key);
    if (this.errors.get(key) === 1 && detail)
      console.error(`  first ${key}: ${detail.slice(0, 300)}`);
  }
}

const clearRefusal = (message: string) =>
  /lakehouse\.queries\.maxConcurrentPerUser/.test(message) &&
  /cancel/.test(message);

async function signIn(base: string, user: string): Promise<string> {
  const res = await fetch(`${base}/api/auth/oauth2Proxy/refresh`, {
    headers: { 'x-forwarded-user': user, 'x-requested-with': 'XMLHttpRequest' },
  });
  if (!res.ok)
    throw new Error(`sign-in as ${user}: ${res.status} ${await res.text()}`);
  return (await res.json()).backstageIdentity.token;
}

interface Statement {
  kind: Kind;
  plan: Plan;
  request: { sql: string; maxRows?: number };
  /** Rows the statement returns. */
  rows: number;
  /** Pages read before stopping or cancelling a scan. */
  pagesToRead: number;
  /** How long a slow statement is waited for before it is cancelled. */
  cancelAfterMs: number;
}

/** A statement of the mix, drawn with `rand`. */
function draw(rand: () => number): Statement {
  const r = rand();
  const kind: Kind =
    r < 0.4 ? 'lookup' : r < 0.6 ? 'aggregate' : r < 0.85 ? 'scan' : 'slow';
  const from = Math.floor(rand() * (TABLE_ROWS - 1000));
  const p = rand();
  const pagesToRead = 1 + Math.floor(rand() * 5);
  const cancelAfterMs = 500 + rand() * 3500;
  switch (kind) {
    case 'lookup':
      return {
        kind,
        plan: 'all',
        request: {
          sql: `SELECT * FROM wide WHERE id BETWEEN ${from} AND ${from + 99}`,
        },
        rows: 100,
        pagesToRead,
        cancelAfterMs,
      };
    case 'aggregate':
      return {
        kind,
        plan: 'all',
        request: {
          sql: 'SELECT c2, count(*) AS n, avg(c1) AS avg_c1 FROM wide GROUP BY c2 ORDER BY c2',
        },
        rows: 97,
        pagesToRead,
        cancelAfterMs,
      };
    case 'scan':
      return {
        kind,
        // Stopping early is the console's "run another statement": the
        // query is left to the idle time-out.
        plan: p < 0.5 ? 'all' : p < 0.8 ? 'stop-early' : 'cancel',
        request: {
          sql: `SELECT * FROM wide WHERE id >= ${from}`,
          maxRows: 20_000,
        },
        rows: Math.min(20_000, TABLE_ROWS - from),
        pagesToRead,
        cancelAfterMs,
      };
    default:
      return {
        kind,
        plan: p < 0.8 ? 'cancel' : 'all',
        request: { sql: 'SELECT * FROM slow' },
        rows: 10,
        pagesToRead,
        cancelAfterMs,
      };
  }
}

/**
 * Runs one statement as the console does: submit, then follow the page
 * tokens (waiting up to MAX_WAIT_MS for rows each time), stopping or
 * cancelling as planned. Refusals and errors go to `stats`.
 */
async function runStatement(
  api: (
    name: string,
    method: string,
    url: string,
    body?: {},
  ) => Promise<Response>,
  statement: Statement,
  stats: Stats,
): Promise<'refused' | 'ran'> {
  const { kind, plan } = statement;
  stats.statements++;
  const started = performance.now();
  let submitted: Response;
  try {
    submitted = await api('submit', 'POST', '/queries', {
      engine: 'trino',
      ...statement.request,
    });
  } catch (error) {
    stats.error('submit: network', String(error));
    return 'ran';
  }
  stats.submits.push(performance.now() - started);
  if (submitted.status === 429) {
    stats.refusals++;
    const message = (await submitted.json()).error?.message ?? '';
    stats.refusalMessage ??= message;
    if (!clearRefusal(message)) stats.unclearRefusals++;
    return 'refused';
  }
  if (submitted.status !== 202) {
    stats.error(`submit: ${submitted.status}`, await submitted.text());
    return 'ran';
  }
  const { id } = await submitted.json();
  stats.inFlight++;
  stats.peakInFlight = Math.max(stats.peakInFlight, stats.inFlight);

  let cancel: Promise<void> | undefined;
  const sendCancel = () => {
    cancel ??= api('cancel', 'DELETE', `/queries/${id}`).then(
      async res => {
        if (res.status !== 204)
          stats.error(`cancel: ${res.status}`, await res.text());
      },
      error => stats.error('cancel: network', String(error)),
    );
    return cancel;
  };
  // A slow statement is cancelled while a page request waits, as the
  // console's Cancel button does.
  const slowCancel =
    kind === 'slow' && plan === 'cancel'
      ? setTimeout(sendCancel, statement.cancelAfterMs)
      : undefined;
  let token: string | undefined;
  let pages = 0;
  let last: any;
  try {
    do {
      const res = await api(
        'page',
        'GET',
        `/queries/${id}?maxWaitMs=${MAX_WAIT_MS}${
          token ? `&pageToken=${token}` : ''
        }`,
      );
      if (res.status !== 200) {
        stats.error(`page: ${res.status}`, await res.text());
        last = undefined;
        break;
      }
      last = await res.json();
      if (last.rows.length) {
        if (pages === 0) {
          const list = stats.firstRows.get(kind) ?? [];
          list.push(performance.now() - started);
          stats.firstRows.set(kind, list);
        }
        pages++;
        stats.rows += last.rows.length;
      }
      token = last.nextPageToken;
      if (token && pages >= statement.pagesToRead && kind === 'scan') {
        if (plan === 'stop-early') break;
        // The user cancels a scan after a few pages; the next page says so.
        if (plan === 'cancel' && !cancel) await sendCancel();
      }
    } while (token);
  } catch (error) {
    stats.error('page: network', String(error));
    last = undefined;
  } finally {
    clearTimeout(slowCancel);
    stats.inFlight--;
  }
  await cancel;
  if (!last) return 'ran';
  if (token) {
    stats.count(
      stats.outcomes,
      `${kind} stopped early: left after ${pages} pages`,
    );
    return 'ran';
  }
  const outcome = `${last.state}${
    last.error ? ` ${last.error.errorName}` : ''
  }`;
  // A scan to stop or cancel after a few pages may have had fewer.
  const did = cancel
    ? 'cancelled'
    : plan === 'all'
    ? 'read'
    : `read (${plan} planned)`;
  stats.count(stats.outcomes, `${kind} ${did}: ${outcome}`);
  // A cancel only finds the query finished when every row was already
  // produced: a slow statement cancelled after its end, or a scan small
  // enough for the pages the backend buffers.
  const couldHaveFinished =
    kind === 'slow' ||
    statement.rows <=
      (statement.pagesToRead + LIMITS.bufferedPages + 1) * LIMITS.pageSize;
  const expected = cancel
    ? last.state === 'CANCELED' ||
      (couldHaveFinished && last.state === 'FINISHED')
    : last.state === 'FINISHED' && last.rowCount === statement.rows;
  if (!expected)
    stats.error(
      `query ${kind} ${plan}: ${outcome}`,
      last.error?.message ?? `${last.rowCount} rows`,
    );
  return 'ran';
}

/**
 * One simulated console user until `until`: a statement at a time, with a
 * pause to read the rows in between; now and then four statements at once
 * (several tabs), one more than the per-user limit.
 */
async function consoleUser(
  base: string,
  n: number,
  token: string,
  until: number,
  stats: Stats,
) {
  const rand = random(n + 1);
  const between = (lo: number, hi: number) => lo + rand() * (hi - lo);
  const headers = { authorization: `Bearer ${token}` };
  const api = (name: string, method: string, url: string, body?: {}) => {
    stats.count(stats.requests, name);
    return fetch(`${base}/api/lakehouse${url}`, {
      method,
      headers: body
        ? { ...headers, 'content-type': 'application/json' }
        : headers,
      body: body && JSON.stringify(body),
    });
  };

  // Users arrive over the first two seconds.
  await sleep(between(0, 2000));
  while (Date.now() < until) {
    const tabs = rand() < 0.08 ? 4 : 1;
    const statements = Array.from({ length: tabs }, () => draw(rand));
    const results = await Promise.all(
      statements.map(statement => runStatement(api, statement, stats)),
    );
    // A refused user reads the message and tries again a little later; one
    // who stopped early runs the next statement at once.
    if (results.includes('refused')) await sleep(between(1000, 3000));
    else if (statements[0].plan === 'stop-early') await sleep(between(0, 500));
    else await sleep(between(300, 2000));
  }
}

/**
 * Time to first rows of a lookup read directly from the Trino double with
 * trino-client, once a second until `until`: what the backend adds is the
 * difference.
 */
async function probeDirect(url: string, until: number): Promise<number[]> {
  const times: number[] = [];
  const rand = random(9999);
  while (Date.now() < until) {
    const from = Math.floor(rand() * (TABLE_ROWS - 1000));
    const started = performance.now();
    const iterator = await Trino.create({
      server: url,
      catalog: 'bench',
      schema: 's',
      auth: new BasicAuth('probe'),
    }).query(`SELECT * FROM wide WHERE id BETWEEN ${from} AND ${from + 99}`);
    let first = 0;
    for await (const page of iterator) {
      if (page.error) throw new Error(page.error.message);
      if (page.data?.length && !first) first = performance.now() - started;
    }
    times.push(first);
    await sleep(1000);
  }
  return times;
}

// ---------------------------------------------------------------- the run

const percentile = (sorted: number[], p: number) =>
  sorted.length
    ? sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]
    : NaN;

function firstRowsLine(label: string, values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const ms = (v: number) => `${Math.round(v)} ms`;
  return `${label.padEnd(32)}p50 ${ms(percentile(sorted, 0.5))}, p95 ${ms(
    percentile(sorted, 0.95),
  )}, max ${ms(sorted[sorted.length - 1] ?? NaN)} (${sorted.length})`;
}

const list = (m: Map<string, number>) =>
  [...m.entries()]
    .sort()
    .map(([k, v]) => `${k} ${v}`)
    .join(', ') || 'none';

async function main() {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'console-load-'));
  const columns = Array.from({ length: 9 }, (_, c) =>
    c % 3 === 0
      ? `i * ${c + 1} AS c${c + 1}`
      : c % 3 === 1
      ? `(i % 97) AS c${c + 1}`
      : `'value_' || (i % 1000) AS c${c + 1}`,
  ).join(', ');
  const trino = await startDoubleInChildProcess(__filename, {
    catalogs: {
      bench: {
        schemas: {
          s: {
            wide: `SELECT i AS id, ${columns} FROM range(${TABLE_ROWS}) t(i)`,
            slow: 'SELECT i AS id, 1 AS v FROM range(10) t(i)',
          },
        },
      },
    },
    threads: 1,
  } satisfies TrinoDoubleOptions);
  const backendChoice = pickBackend();
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const logFile = path.join(work, 'backend.log');
  const startedAt = Date.now();
  const backend = startBackend(
    backendChoice.kind,
    writeConfig(work, port, trino.url),
    logFile,
  );
  const exited = new Promise<never>((_, reject) =>
    backend.once('exit', code =>
      reject(new Error(`backend exited with ${code}; see ${logFile}`)),
    ),
  );
  exited.catch(() => {});
  const until = async (what: string, probe: () => Promise<boolean>) => {
    const deadline = Date.now() + 300_000;
    while (Date.now() < deadline) {
      if (backend.exitCode !== null) await exited;
      if (await probe().catch(() => false)) return;
      await sleep(250);
    }
    throw new Error(`timed out waiting for ${what}; see ${logFile}`);
  };
  try {
    await until(
      'readiness',
      async () => (await fetch(`${base}/.backstage/health/v1/readiness`)).ok,
    );
    const readyAfter = (Date.now() - startedAt) / 1000;
    // The users exist once the catalog has ingested their location.
    await until(
      'the users',
      async () => !!(await signIn(base, `user${USERS - 1}`)),
    );
    const tokens = await Promise.all(
      Array.from({ length: USERS }, (_, n) => signIn(base, `user${n}`)),
    );
    // Let start-up work (catalog ingestion, the demo engine) settle: until
    // the backend uses less than a fifth of a core over two seconds.
    const pid = backend.pid!;
    for (let i = 0; i < 30; i++) {
      const cpu = cpuSeconds(pid);
      await sleep(2000);
      if (cpuSeconds(pid) - cpu < 0.4) break;
    }
    // Warm the Trino path once.
    const warm = await fetch(`${base}/api/lakehouse/queries`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${tokens[0]}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ engine: 'trino', sql: 'SELECT * FROM slow' }),
    });
    if (warm.status !== 202)
      throw new Error(`warm-up: ${warm.status} ${await warm.text()}`);
    const { id: warmId } = await warm.json();
    for (let token: string | undefined = '0'; token; ) {
      const page: any = await (
        await fetch(
          `${base}/api/lakehouse/queries/${warmId}?maxWaitMs=10000&pageToken=${token}`,
          { headers: { authorization: `Bearer ${tokens[0]}` } },
        )
      ).json();
      token = page.nextPageToken;
    }

    const stats = new Stats();
    const rss: number[] = [];
    const sampler = setInterval(() => rss.push(rssMb(pid)), 1000);
    const rssStart = rssMb(pid);
    const cpuStart = cpuSeconds(pid);
    const doubleCpuStart = cpuSeconds(trino.pid);
    const loadStart = loadAverage();
    const t0 = performance.now();
    const deadline = Date.now() + SECONDS * 1000;
    const [direct] = await Promise.all([
      probeDirect(trino.url, deadline),
      ...tokens.map((token, n) => consoleUser(base, n, token, deadline, stats)),
    ]);
    const elapsed = (performance.now() - t0) / 1000;
    clearInterval(sampler);
    const rssEnd = rssMb(pid);
    const cpu = cpuSeconds(pid) - cpuStart;
    const doubleCpu = cpuSeconds(trino.pid) - doubleCpuStart;
    const loadEnd = loadAverage();

    // Abandoned statements end at the idle time-out (or the time-out): then
    // the history may hold none queued or running.
    const ended = performance.now();
    let states = new Map<string, number>();
    let drainedAfter: number | undefined;
    const drainDeadline =
      ended + (LIMITS.timeoutSeconds + LIMITS.idleTimeoutSeconds + 10) * 1000;
    while (performance.now() < drainDeadline) {
      states = new Map();
      for (const token of tokens) {
        for (let offset = 0; ; offset += 200) {
          const res = await fetch(
            `${base}/api/lakehouse/history?limit=200&offset=${offset}`,
            { headers: { authorization: `Bearer ${token}` } },
          );
          const { items } = await res.json();
          for (const item of items) stats.count(states, item.state);
          if (items.length < 200) break;
        }
      }
      if (!states.has('QUEUED') && !states.has('RUNNING')) {
        drainedAfter = (performance.now() - ended) / 1000;
        break;
      }
      await sleep(2000);
    }
    if (drainedAfter === undefined)
      stats.error('queries left running', list(states));
    const rssSettled = rssMb(pid);

    const all = [...stats.firstRows.entries()]
      .filter(([kind]) => kind !== 'slow')
      .flatMap(([, v]) => v);
    const requests = [...stats.requests.values()].reduce((a, b) => a + b, 0);
    const errors = [...stats.errors.values()].reduce((a, b) => a + b, 0);
    const mb = (v: number) => `${Math.round(v)} MB`;
    console.log(
      `backend                         ${backendChoice.kind} (${
        backendChoice.why
      }), ready after ${readyAfter.toFixed(1)} s`,
    );
    console.log(
      `load                            ${USERS} users for ${SECONDS} s (ran ${elapsed.toFixed(
        1,
      )} s); ${
        os.cpus().length
      } cores, load average ${loadStart} before, ${loadEnd} after`,
    );
    console.log(
      `limits                          ${LIMITS.maxConcurrentPerUser} queries per user, time-out ${LIMITS.timeoutSeconds} s, idle ${LIMITS.idleTimeoutSeconds} s, pages of ${LIMITS.pageSize} rows`,
    );
    console.log(
      `statements                      ${
        stats.statements
      } submitted, ${stats.rows.toLocaleString('en-US')} rows read, at most ${
        stats.peakInFlight
      } being read at once`,
    );
    console.log(firstRowsLine('time to first rows', all));
    console.log(firstRowsLine('  a lookup directly from Trino', direct));
    console.log(firstRowsLine('  submit answered (202 or 429)', stats.submits));
    for (const kind of ['lookup', 'aggregate', 'scan', 'slow'] as Kind[])
      console.log(
        firstRowsLine(
          `  ${kind}${
            kind === 'slow' ? ` (${SLOW_MS / 1000} s, left out)` : ''
          }`,
          stats.firstRows.get(kind) ?? [],
        ),
      );
    console.log(
      `requests                        ${requests} (${list(
        stats.requests,
      )}), ${Math.round(requests / elapsed)}/s`,
    );
    console.log(
      `concurrency refusals (429)      ${stats.refusals}, ${
        stats.unclearRefusals
      } without a clear message${
        stats.refusalMessage ? `: "${stats.refusalMessage}"` : ''
      }`,
    );
    console.log(
      `errors                          ${errors} (${list(
        stats.errors,
      )}; goal 0)`,
    );
    console.log(`outcomes                        ${list(stats.outcomes)}`);
    console.log(
      `queries in the history          ${list(states)}; ${
        drainedAfter === undefined
          ? 'some still QUEUED or RUNNING'
          : `none running ${drainedAfter.toFixed(0)} s after the run`
      } (abandoned ones end at the idle time-out)`,
    );
    console.log(
      `backend RSS                     start ${mb(rssStart)}, peak ${mb(
        Math.max(rssStart, ...rss),
      )}, end ${mb(rssEnd)}, ${mb(rssSettled)} once idle; growth ${mb(
        rssEnd - rssStart,
      )}`,
    );
    console.log(
      `backend RSS every 10 s          ${rss
        .filter((_, i) => i % 10 === 9)
        .map(v => Math.round(v))
        .join(' ')} MB`,
    );
    console.log(
      `CPU during the run              backend ${cpu.toFixed(
        1,
      )} s, Trino double ${doubleCpu.toFixed(1)} s`,
    );
    if (errors || stats.unclearRefusals) {
      process.exitCode = 1;
      console.log(`backend log                     ${logFile}`);
    } else {
      fs.rmSync(work, { recursive: true, force: true });
    }
  } finally {
    backend.kill();
    await trino.stop();
  }
}

if (process.argv[2]?.startsWith('{') && process.send) {
  serveDouble();
} else {
  main().catch(error => {
    console.error(error);
    process.exit(1);
  });
}
