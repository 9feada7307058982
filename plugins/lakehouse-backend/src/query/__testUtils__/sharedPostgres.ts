import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { TestDatabases } from '@backstage/backend-test-utils';
import knexFactory, { Knex } from 'knex';

/** One PostgreSQL database, and a client of it for each replica. */
export interface SharedPostgres {
  clients: Knex[];
  stop(): Promise<void>;
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

/** A throwaway server from the Debian `postgresql` package's binaries. */
async function startPrivateServer() {
  const base = '/usr/lib/postgresql';
  const version = fs.existsSync(base)
    ? fs
        .readdirSync(base)
        .filter(v => fs.existsSync(path.join(base, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))[0]
    : undefined;
  if (!version) {
    throw new Error(
      'No PostgreSQL for the replicas test: set LAKEHOUSE_TEST_POSTGRES_URL (CI does, see .ci/run start_postgres) ' +
        'or install the server (apt-get install -y postgresql)',
    );
  }
  const bin = path.join(base, version, 'bin');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lakehouse-replicas-pg-'));
  const port = await freePort();
  // initdb refuses to run as root: the server runs as the postgres user then.
  const asPostgres = process.getuid?.() === 0;
  if (asPostgres) execFileSync('chown', ['-R', 'postgres', dir]);
  const run = (command: string, args: string[]) =>
    asPostgres
      ? execFileSync(
          'runuser',
          ['-u', 'postgres', '--', path.join(bin, command), ...args],
          { stdio: 'pipe' },
        )
      : execFileSync(path.join(bin, command), args, { stdio: 'pipe' });
  const data = path.join(dir, 'data');
  run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync']);
  run('pg_ctl', [
    '-D',
    data,
    '-l',
    path.join(dir, 'server.log'),
    '-o',
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`,
    '-w',
    'start',
  ]);
  return {
    connection: {
      host: '127.0.0.1',
      port,
      user: 'postgres',
      database: 'postgres',
    },
    stop: async () => {
      run('pg_ctl', ['-D', data, '-m', 'immediate', 'stop']);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Fresh PostgreSQL databases with a separate client per backend replica:
 * on the server CI starts (LAKEHOUSE_TEST_POSTGRES_URL, through
 * TestDatabases), else on a private server started here. Call it where
 * tests are declared: TestDatabases registers its own clean-up.
 */
export function sharedPostgres() {
  const url = process.env.LAKEHOUSE_TEST_POSTGRES_URL;
  let databases: TestDatabases | undefined;
  if (url) {
    // TestDatabases reads the server from its own variable and makes a
    // fresh database on it; the version in the id is only its label.
    process.env.BACKSTAGE_TEST_DATABASE_POSTGRES17_CONNECTION_STRING ??= url;
    databases = TestDatabases.create({
      ids: ['POSTGRES_17'],
      disableDocker: true,
    });
  }
  return {
    async start(replicas: number): Promise<SharedPostgres> {
      let connection: Knex.PgConnectionConfig | string;
      let stopServer = async () => {};
      if (databases) {
        const first = await databases.init('POSTGRES_17');
        connection = first.client.config.connection;
      } else {
        const server = await startPrivateServer();
        connection = server.connection;
        stopServer = server.stop;
      }
      const clients = Array.from({ length: replicas }, () =>
        knexFactory({ client: 'pg', connection, pool: { min: 0, max: 5 } }),
      );
      return {
        clients,
        stop: async () => {
          await Promise.all(clients.map(c => c.destroy()));
          await stopServer();
        },
      };
    },
  };
}
