import { Readable } from 'node:stream';
import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import { startTestBackend } from '@backstage/backend-test-utils';
import searchBackend from '@backstage/plugin-search-backend';
import { searchIndexRegistryExtensionPoint } from '@backstage/plugin-search-backend-node/alpha';
import request from 'supertest';
import { searchModuleLakehouse } from './module';

jest.setTimeout(60_000);

/**
 * Two collators as the portal has them: the catalog's, with documents, and
 * TechDocs', with none yet (no docs site built).
 */
const collators = createBackendModule({
  pluginId: 'search',
  moduleId: 'test-collators',
  register(reg) {
    reg.registerInit({
      deps: {
        registry: searchIndexRegistryExtensionPoint,
        scheduler: coreServices.scheduler,
      },
      async init({ registry, scheduler }) {
        const collator = (type: string, documents: object[]) => ({
          schedule: scheduler.createScheduledTaskRunner({
            frequency: { hours: 12 },
            timeout: { minutes: 1 },
          }),
          factory: {
            type,
            getCollator: async () => Readable.from(documents),
          },
        });
        registry.addCollator(
          collator('software-catalog', [
            {
              title: 'fct_orders',
              text: 'One row per order of the commerce lakehouse',
              location: '/catalog/default/resource/lakehouse.gold.fct_orders',
            },
          ]),
        );
        registry.addCollator(collator('techdocs', []));
      },
    });
  },
});

async function start(withModule: boolean) {
  return startTestBackend({
    features: [
      searchBackend,
      collators,
      schedulerServiceFactory,
      ...(withModule ? [searchModuleLakehouse] : []),
    ],
  });
}

async function search(server: any, query: string) {
  // The catalog collator runs at start; wait until its index exists.
  const deadline = Date.now() + 30_000;
  for (;;) {
    const ready = await request(server).get(
      '/api/search/query?term=order&types[0]=software-catalog',
    );
    if (ready.status === 200 && ready.body.results.length > 0) break;
    if (Date.now() > deadline) throw new Error('the catalog was not indexed');
    await new Promise(r => setTimeout(r, 250));
  }
  return request(server).get(`/api/search/query?${query}`);
}

describe('searchModuleLakehouse', () => {
  it('answers a docs search before any docs are indexed with no results', async () => {
    const backend = await start(true);
    try {
      const docs = await search(
        backend.server,
        'term=StatefulSet&types[0]=techdocs',
      );
      expect(docs.status).toBe(200);
      expect(docs.body).toMatchObject({ results: [], numberOfResults: 0 });

      // Other types are searched as before.
      const all = await search(backend.server, 'term=order');
      expect(all.status).toBe(200);
      expect(all.body.results).toEqual([
        expect.objectContaining({
          type: 'software-catalog',
          document: expect.objectContaining({ title: 'fct_orders' }),
        }),
      ]);
    } finally {
      await backend.stop();
    }
  });

  it('is what keeps the in-memory engine from answering 500', async () => {
    const backend = await start(false);
    try {
      const docs = await search(
        backend.server,
        'term=StatefulSet&types[0]=techdocs',
      );
      expect(docs.status).toBe(500);
      expect(docs.body.error.message).toMatch(/Missing index for techdocs/);
    } finally {
      await backend.stop();
    }
  });
});
