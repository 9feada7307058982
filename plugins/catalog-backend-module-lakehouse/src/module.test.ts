import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { AddressInfo } from 'node:net';
import request from 'supertest';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import { catalogModuleLakehouseDatasets } from './module';

jest.setTimeout(60_000);

const demoManifest = path.resolve(
  __dirname,
  '../../../examples/lakehouse/dbt/target/manifest.json',
);

async function startCatalog(providers: object, extra: object = {}) {
  return startTestBackend({
    features: [
      catalogPlugin,
      catalogModuleLakehouseDatasets,
      mockServices.rootConfig.factory({
        data: {
          backend: { baseUrl: 'http://localhost:7007' },
          catalog: { providers },
          ...extra,
        },
      }),
    ],
  });
}

async function waitForDatasets(server: http.Server, minimum: number) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const response = await request(server).get(
      '/api/catalog/entities/by-query?filter=kind=resource,spec.type=dataset&limit=500',
    );
    if (response.body.items?.length >= minimum) return response.body.items;
    if (Date.now() > deadline)
      throw new Error(`only ${response.body.items?.length} datasets appeared`);
    await new Promise(r => setTimeout(r, 200));
  }
}

describe('catalogModuleLakehouseDatasets', () => {
  it('turns every model, seed and source of a dbt manifest into a dataset', async () => {
    const backend = await startCatalog({
      dbt: {
        demo: {
          target: demoManifest,
          schedule: { frequency: { minutes: 30 }, timeout: { minutes: 1 } },
        },
      },
    });
    try {
      const datasets = await waitForDatasets(backend.server, 16);
      const manifest = JSON.parse(fs.readFileSync(demoManifest, 'utf8'));
      const tables = [
        ...Object.values<any>(manifest.nodes),
        ...Object.values<any>(manifest.sources),
      ].filter(n =>
        ['model', 'seed', 'snapshot', 'source'].includes(n.resource_type),
      );
      expect(datasets).toHaveLength(tables.length);

      // Lineage equals the manifest's parent_map, tests excluded.
      const byDbtId = new Map(
        datasets.map((d: any) => [
          d.metadata.annotations['lakehouse.dev/dbt-unique-id'],
          d,
        ]),
      );
      for (const table of tables) {
        const dataset: any = byDbtId.get(table.unique_id);
        const expected = (manifest.parent_map[table.unique_id] ?? [])
          .filter((id: string) => !id.startsWith('test.'))
          .map((id: string) => {
            const parent = manifest.nodes[id] ?? manifest.sources[id];
            return `resource:default/${parent.database}.${parent.schema}.${
              parent.alias ?? parent.identifier
            }`;
          })
          .sort();
        const actual = (dataset.relations ?? [])
          .filter((r: any) => r.type === 'dependsOn')
          .map((r: any) => r.targetRef)
          .sort();
        expect({ table: table.unique_id, dependsOn: actual }).toEqual({
          table: table.unique_id,
          dependsOn: expected,
        });
      }

      const status = await request(backend.server).get(
        '/api/catalog/lakehouse/sources',
      );
      expect(status.status).toBe(200);
      expect(status.body.sources).toEqual([
        expect.objectContaining({
          id: 'dbt:demo',
          kind: 'dbt',
          state: 'ok',
          datasets: tables.length,
          target: demoManifest,
        }),
      ]);
    } finally {
      await backend.stop();
    }
  });

  it('reads a manifest from a URL through the UrlReader', async () => {
    const body = fs.readFileSync(demoManifest);
    const server = http.createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(body);
    });
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const backend = await startCatalog(
      {
        dbt: {
          remote: {
            target: `http://127.0.0.1:${port}/dbt/target/manifest.json`,
            schedule: { frequency: { minutes: 30 }, timeout: { minutes: 1 } },
          },
        },
      },
      {
        backend: {
          baseUrl: 'http://localhost:7007',
          reading: { allow: [{ host: `127.0.0.1:${port}` }] },
        },
      },
    );
    try {
      expect(await waitForDatasets(backend.server, 16)).toHaveLength(16);
    } finally {
      await backend.stop();
      server.close();
    }
  });

  it('stops start-up with an error naming a bad config key', async () => {
    await expect(
      startCatalog({
        iceberg: {
          polaris: {
            url: 'polaris:8181',
            schedule: { frequency: { minutes: 30 }, timeout: { minutes: 1 } },
          },
        },
      }),
    ).rejects.toThrow(
      'Invalid configuration at \'catalog.providers.iceberg.polaris.url\': "polaris:8181" must be an http or https URL',
    );
    await expect(
      startCatalog({
        dbt: {
          demo: {
            schedule: { frequency: { minutes: 30 }, timeout: { minutes: 1 } },
          },
        },
      }),
    ).rejects.toThrow('catalog.providers.dbt.demo.target');
    await expect(
      startTestBackend({
        features: [
          catalogPlugin,
          catalogModuleLakehouseDatasets,
          mockServices.rootConfig.factory({
            data: {
              backend: { baseUrl: 'http://localhost:7007' },
              catalog: { lakehouse: { mutationSize: 2.5 } },
            },
          }),
        ],
      }),
    ).rejects.toThrow(
      "Invalid configuration at 'catalog.lakehouse.mutationSize': must be a whole number, 0 or more, got 2.5",
    );
  });
});
