/**
 * 1,000,000 rows × 10 columns from a Trino server (the Trino double, in its
 * own process, executing on DuckDB), read twice in one run: directly with
 * trino-client, and through the portal's query API (submit, then follow the
 * pages). Prints rows per second of both and their ratio, the time to the
 * first rows, and how much the backend's memory grew.
 *
 *   node --require @backstage/cli-node/config/nodeTransform.cjs bench/query-throughput.bench.ts
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { BasicAuth, Trino } from 'trino-client';
import { TrinoDouble } from '@internal/platform-doubles';

// BENCH_ROWS changes the size, e.g. to show memory does not grow with it.
const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const SQL = 'SELECT * FROM bench.s.wide';

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

async function direct(url: string) {
  const started = performance.now();
  let first = 0;
  let rows = 0;
  const iterator = await Trino.create({
    server: url,
    catalog: 'bench',
    schema: 's',
    auth: new BasicAuth('bench'),
  }).query(SQL);
  for await (const page of iterator) {
    if (page.error) throw new Error(page.error.message);
    if (page.data?.length) {
      if (!first) first = performance.now() - started;
      rows += page.data.length;
    }
  }
  return {
    rows,
    seconds: (performance.now() - started) / 1000,
    firstMs: first,
  };
}

async function throughBackend(base: string, pid: number) {
  const baseline = rssMb(pid);
  const cpuBefore = cpuSeconds(pid);
  let peak = baseline;
  const sampler = setInterval(() => {
    peak = Math.max(peak, rssMb(pid));
  }, 25);
  const started = performance.now();
  const submitted = await fetch(`${base}/api/lakehouse/queries`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ sql: SQL, engine: 'trino', maxRows: ROWS }),
  });
  if (submitted.status !== 202)
    throw new Error(
      `submit answered ${submitted.status}: ${await submitted.text()}`,
    );
  const { id } = await submitted.json();
  let token: string | undefined;
  let rows = 0;
  let first = 0;
  let state = '';
  do {
    const url = `${base}/api/lakehouse/queries/${id}?maxWaitMs=5000${
      token ? `&pageToken=${token}` : ''
    }`;
    const page = await (await fetch(url)).json();
    if (page.error)
      throw new Error(`${page.error.errorName}: ${page.error.message}`);
    if (page.rows.length && !first) first = performance.now() - started;
    rows += page.rows.length;
    token = page.nextPageToken;
    state = page.state;
  } while (token);
  clearInterval(sampler);
  return {
    rows,
    state,
    seconds: (performance.now() - started) / 1000,
    firstMs: first,
    baseline,
    peak,
    cpu: cpuSeconds(pid) - cpuBefore,
  };
}

async function main() {
  const columns = Array.from({ length: 10 }, (_, c) =>
    c % 3 === 0
      ? `i * ${c + 1} AS c${c}`
      : c % 3 === 1
      ? `(i % 1000) * 0.5 AS c${c}`
      : `'value_' || (i % 97) AS c${c}`,
  ).join(', ');
  const trino = await TrinoDouble.startInChildProcess({
    catalogs: {
      bench: {
        schemas: { s: { wide: `SELECT ${columns} FROM range(${ROWS}) t(i)` } },
      },
    },
  });
  const backend = spawn(
    process.execPath,
    [
      '--require',
      '@backstage/cli-node/config/nodeTransform.cjs',
      path.join(__dirname, 'lib/queryBackend.ts'),
      trino.url,
    ],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, NODE_ENV: 'test' },
    },
  );
  try {
    const port = await new Promise<string>((resolve, reject) => {
      backend.stdout.once('data', d => resolve(String(d).trim()));
      backend.once('exit', code =>
        reject(new Error(`backend exited with ${code}`)),
      );
    });
    const base = `http://127.0.0.1:${port}`;
    // Warm both paths once with a small query so start-up costs are not measured.
    await direct(trino.url);
    const d = await direct(trino.url);
    const b = await throughBackend(base, backend.pid!);
    if (b.rows !== ROWS || d.rows !== ROWS)
      throw new Error(`row counts differ: direct ${d.rows}, backend ${b.rows}`);
    const rate = (r: { rows: number; seconds: number }) =>
      Math.round(r.rows / r.seconds);
    console.log(
      `rows × columns                  ${ROWS.toLocaleString('en-US')} × 10`,
    );
    console.log(
      `trino-client directly           ${d.seconds.toFixed(1)} s, ${rate(
        d,
      ).toLocaleString('en-US')} rows/s, first rows after ${Math.round(
        d.firstMs,
      )} ms`,
    );
    console.log(
      `through the portal's API        ${b.seconds.toFixed(1)} s, ${rate(
        b,
      ).toLocaleString('en-US')} rows/s, first rows after ${Math.round(
        b.firstMs,
      )} ms`,
    );
    console.log(`backend CPU during the query    ${b.cpu.toFixed(1)} s`);
    console.log(
      `throughput ratio                ${(rate(b) / rate(d)).toFixed(
        2,
      )} (goal ≥ 0.8)`,
    );
    console.log(
      `backend memory growth           ${Math.round(
        b.peak - b.baseline,
      )} MB (${Math.round(b.baseline)} → ${Math.round(
        b.peak,
      )} MB RSS; goal ≤ 100 MB)`,
    );
  } finally {
    backend.kill();
    await trino.stop();
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
