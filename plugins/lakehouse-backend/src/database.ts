import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { Knex } from 'knex';

/**
 * The plugin's database client, with the plugin's tables brought up to date
 * by its migrations (unless the app runs migrations itself). Callers run it
 * one after another: knex holds a lock while migrating.
 */
export async function migratedPluginDatabase(
  database: DatabaseService,
): Promise<Knex> {
  const db = await database.getClient();
  if (!database.migrations?.skip) {
    await db.migrate.latest({
      directory: resolvePackagePath(
        '@internal/plugin-lakehouse-backend',
        'migrations',
      ),
    });
  }
  return db;
}
