import { mockApis } from '@backstage/frontend-test-utils';
import { DatasetSourceStatus } from '@internal/plugin-lakehouse-common';
import { LakehouseClient } from './LakehouseClient';

const sources: DatasetSourceStatus[] = [
  {
    id: 'dbt:demo',
    kind: 'dbt',
    target: 'file:///data/dbt/target/manifest.json',
    state: 'ok',
    datasets: 17,
    lastSuccessAt: '2025-09-01T06:00:00Z',
  },
];

function json(body: unknown, status = 200, statusText = 'OK') {
  return new Response(JSON.stringify(body), {
    status,
    statusText,
    headers: { 'Content-Type': 'application/json' },
  });
}

function setup(response: Response) {
  const fetchImpl = jest.fn(
    async (_input: RequestInfo | URL, _init?: RequestInit) => response,
  );
  // The app's fetch API adds the signed-in user's token; the mock does the same.
  const fetchApi = mockApis.fetch({
    baseImplementation: fetchImpl as typeof fetch,
    injectIdentityAuth: { token: 'user-token' },
  });
  const discoveryApi = {
    getBaseUrl: jest.fn(
      async (pluginId: string) => `http://backstage.test:7007/api/${pluginId}`,
    ),
  };
  const client = new LakehouseClient({ discoveryApi, fetchApi });
  return { client, fetchImpl, discoveryApi };
}

function requestOf(fetchImpl: jest.Mock) {
  const [input, init] = fetchImpl.mock.calls[0];
  return new Request(input, init);
}

describe('LakehouseClient', () => {
  it('reads the sources from the catalog backend as the signed-in user', async () => {
    const { client, fetchImpl, discoveryApi } = setup(json({ sources }));

    await expect(client.getSources()).resolves.toEqual(sources);

    expect(discoveryApi.getBaseUrl).toHaveBeenCalledWith('catalog');
    expect(fetchImpl).toHaveBeenCalledTimes(1);
    const request = requestOf(fetchImpl);
    expect(request.url).toBe(
      'http://backstage.test:7007/api/catalog/lakehouse/sources',
    );
    expect(request.method).toBe('GET');
    expect(request.headers.get('authorization')).toBe('Bearer user-token');
  });

  it('turns an error answer into a ResponseError that keeps the cause', async () => {
    const { client } = setup(
      json(
        {
          error: { name: 'NotAllowedError', message: 'Sign in to see sources' },
          request: { method: 'GET', url: '/api/catalog/lakehouse/sources' },
          response: { statusCode: 403 },
        },
        403,
        'Forbidden',
      ),
    );

    const error = await client.getSources().catch(e => e);
    expect(error.name).toBe('ResponseError');
    expect(error.statusCode).toBe(403);
    expect(error.message).toBe('Request failed with 403 Forbidden');
    expect(error.cause.name).toBe('NotAllowedError');
    expect(error.cause.message).toBe('Sign in to see sources');
  });

  it('reports a server error without a JSON body by its status', async () => {
    const { client } = setup(
      new Response('upstream timed out', {
        status: 502,
        statusText: 'Bad Gateway',
      }),
    );

    await expect(client.getSources()).rejects.toMatchObject({
      name: 'ResponseError',
      statusCode: 502,
    });
  });

  it('refuses an answer that is not a list of sources', async () => {
    const { client } = setup(json({ items: [] }));

    await expect(client.getSources()).rejects.toThrow(
      'Unexpected answer from http://backstage.test:7007/api/catalog/lakehouse/sources',
    );
  });
});
