import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';

/**
 * The databases the plugin's store is tested on: SQLite always, and
 * PostgreSQL too when LAKEHOUSE_TEST_POSTGRES_URL names a server (CI starts
 * one), as `postgresql://user:password@host:port`.
 */
export function lakehouseTestDatabases(): TestDatabases {
  const url = process.env.LAKEHOUSE_TEST_POSTGRES_URL;
  const ids: TestDatabaseId[] = ['SQLITE_3'];
  if (url) {
    // TestDatabases reads the server from its own variable; the version in
    // the id is only its label.
    process.env.BACKSTAGE_TEST_DATABASE_POSTGRES17_CONNECTION_STRING ??= url;
    ids.push('POSTGRES_17');
  }
  return TestDatabases.create({ ids, disableDocker: true });
}
