import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** A PostgreSQL server for a test, and how to stop it. */
export interface TestPostgres {
  connection: { host: string; port: number; user: string; password?: string };
  /** The postmaster's process id, when the server was started here. */
  pid?: number;
  stop(): Promise<void>;
}

/** How to start a throwaway server; a server named by URL is used as it is. */
export interface TestPostgresOptions {
  /**
   * Keep PostgreSQL's default durability (fsync on), as a benchmark that
   * measures the database must; tests skip it to be quick.
   */
  durable?: boolean;
  /** Further server settings, `name=value` as in postgresql.conf. */
  settings?: string[];
}

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

function findServerBinaries(): string | undefined {
  const base = '/usr/lib/postgresql';
  if (!fs.existsSync(base)) return undefined;
  const versions = fs
    .readdirSync(base)
    .filter(v => fs.existsSync(path.join(base, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length ? path.join(base, versions[0], 'bin') : undefined;
}

/**
 * Connects to the PostgreSQL server named by LAKEHOUSE_TEST_POSTGRES_URL
 * (CI starts one), or else starts a private throwaway server from the
 * Debian `postgresql` package's binaries.
 */
export async function startTestPostgres(
  options: TestPostgresOptions = {},
): Promise<TestPostgres> {
  const url = process.env.LAKEHOUSE_TEST_POSTGRES_URL;
  if (url) {
    const parsed = new URL(url);
    return {
      connection: {
        host: parsed.hostname,
        port: Number(parsed.port || 5432),
        user: decodeURIComponent(parsed.username),
        password: decodeURIComponent(parsed.password) || undefined,
      },
      stop: async () => {},
    };
  }

  const bin = findServerBinaries();
  if (!bin) {
    throw new Error(
      'No PostgreSQL server for the test: set LAKEHOUSE_TEST_POSTGRES_URL=postgresql://user:password@host:port ' +
        'or install the server (apt-get install -y postgresql)',
    );
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lakehouse-pg-'));
  const port = await freePort();
  // initdb refuses to run as root: run the server as the postgres user then.
  const asServerUser = process.getuid?.() === 0;
  if (asServerUser) execFileSync('chown', ['-R', 'postgres', dir]);
  const run = (command: string, args: string[]) =>
    asServerUser
      ? execFileSync(
          'runuser',
          ['-u', 'postgres', '--', path.join(bin, command), ...args],
          { stdio: 'pipe' },
        )
      : execFileSync(path.join(bin, command), args, { stdio: 'pipe' });

  const data = path.join(dir, 'data');
  const settings = [
    ...(options.durable ? [] : ['fsync=off']),
    ...(options.settings ?? []),
  ];
  run('initdb', [
    '-D',
    data,
    '-U',
    'postgres',
    '--auth=trust',
    ...(options.durable ? [] : ['--no-sync']),
  ]);
  run('pg_ctl', [
    '-D',
    data,
    '-l',
    path.join(dir, 'server.log'),
    '-o',
    [
      `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1`,
      ...settings.map(setting => `-c ${setting}`),
    ].join(' '),
    '-w',
    'start',
  ]);
  return {
    connection: { host: '127.0.0.1', port, user: 'postgres' },
    pid: Number(
      fs.readFileSync(path.join(data, 'postmaster.pid'), 'utf8').split('\n')[0],
    ),
    stop: async () => {
      run('pg_ctl', ['-D', data, '-m', 'immediate', 'stop']);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
