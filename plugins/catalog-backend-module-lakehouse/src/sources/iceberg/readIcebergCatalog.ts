import { DatasetFragment } from '../../model/fragment';
import {
  IcebergRestClient,
  IcebergRestClientOptions,
} from './IcebergRestClient';
import { icebergTableToFragment } from './icebergToFragments';
import { mapConcurrently } from '../../util/mapConcurrently';

/** Reads every table of an Iceberg REST catalog as dataset fragments. */
export async function readIcebergCatalog(options: {
  sourceId: string;
  catalogName: string;
  client: IcebergRestClientOptions;
  concurrency: number;
  snapshotHistory: number;
}): Promise<DatasetFragment[]> {
  const client = new IcebergRestClient({
    ...options.client,
    maxConnections: options.concurrency,
  });
  try {
    return await readAll(client, options);
  } finally {
    await client.close();
  }
}

async function readAll(
  client: IcebergRestClient,
  options: Parameters<typeof readIcebergCatalog>[0],
): Promise<DatasetFragment[]> {
  await client.configure();
  const namespaces = await client.listAllNamespaces(options.concurrency);
  const tables = (
    await mapConcurrently(namespaces, options.concurrency, async namespace =>
      (await client.listTables(namespace)).map(table => ({ namespace, table })),
    )
  ).flat();
  const fragments = await mapConcurrently(
    tables,
    options.concurrency,
    async ({ namespace, table }) =>
      icebergTableToFragment({
        sourceId: options.sourceId,
        catalogName: options.catalogName,
        namespace,
        table,
        metadata: await client.loadTable(namespace, table),
        snapshotHistory: options.snapshotHistory,
      }),
  );
  return fragments.sort((a, b) => a.identifier.localeCompare(b.identifier));
}
