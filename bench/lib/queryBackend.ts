/**
 * A backend with only the lakehouse plugin, configured against a Trino
 * server, for the query benchmark: runs in its own process so its memory
 * can be measured apart from the benchmark's client. Prints its port.
 *
 *   node --require @backstage/cli-node/config/nodeTransform.cjs bench/lib/queryBackend.ts <trino url>
 */
import { AddressInfo } from 'node:net';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { lakehousePlugin } from '../../plugins/lakehouse-backend/src/plugin';

async function main() {
  const backend = await startTestBackend({
    features: [
      lakehousePlugin,
      mockServices.rootConfig.factory({
        data: {
          lakehouse: {
            trino: { server: process.argv[2], catalog: 'bench', schema: 's' },
            queries: {
              defaultRowCap: 10_000_000,
              maxRowCap: 10_000_000,
              pageSize: 10_000,
              bufferedPages: 2,
              timeoutSeconds: 600,
            },
          },
        },
      }),
      catalogServiceMock.factory({ entities: [] }),
    ],
  });
  process.stdout.write(`${(backend.server.address() as AddressInfo).port}\n`);
}

main().catch(error => {
  process.stderr.write(`${error.stack}\n`);
  process.exit(1);
});
