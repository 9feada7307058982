import { mockApis } from '@backstage/frontend-test-utils';
import { OnlineFeaturesResponse } from '@internal/plugin-feature-store-common';
import { FeatureStoreClient } from './FeatureStoreClient';

const answer: OnlineFeaturesResponse = {
  project: 'commerce',
  source: { kind: 'feature_view', name: 'customer_order_stats' },
  featureNames: ['customer_id', 'total_orders'],
  rows: [
    {
      entity: { customer_id: 1001 },
      features: [
        { name: 'customer_id', value: 1001, status: 'PRESENT' },
        { name: 'total_orders', value: 7, status: 'PRESENT' },
      ],
    },
  ],
};

function json(body: unknown, status = 200, statusText = 'OK') {
  return new Response(JSON.stringify(body), {
    status,
    statusText,
    headers: { 'Content-Type': 'application/json' },
  });
}

function setup(response: Response) {
  const requests: Request[] = [];
  const fetchImpl = jest.fn(
    async (input: RequestInfo | URL, init?: RequestInit) => {
      requests.push(new Request(input, init));
      return response;
    },
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
  const client = new FeatureStoreClient({ discoveryApi, fetchApi });
  return { client, requests, discoveryApi };
}

const request = {
  entityRef: 'resource:default/commerce.customer_order_stats',
  entities: { customer_id: [1001] },
  features: ['total_orders'],
};

describe('FeatureStoreClient', () => {
  it('posts the lookup to the feature store backend as the signed-in user', async () => {
    const { client, requests, discoveryApi } = setup(json(answer));

    await expect(client.getOnlineFeatures(request)).resolves.toEqual(answer);

    expect(discoveryApi.getBaseUrl).toHaveBeenCalledWith('feature-store');
    const [sent] = requests;
    expect(sent.url).toBe(
      'http://backstage.test:7007/api/feature-store/online-features',
    );
    expect(sent.method).toBe('POST');
    expect(sent.headers.get('content-type')).toBe('application/json');
    expect(sent.headers.get('authorization')).toBe('Bearer user-token');
    await expect(sent.json()).resolves.toEqual(request);
  });

  it('rejects with the backend message when no feature server is configured', async () => {
    const { client } = setup(
      json(
        {
          error: {
            name: 'ServiceUnavailableError',
            message:
              'No Feast feature server is configured: set lakehouse.feast.featureServerUrl',
          },
          request: {
            method: 'POST',
            url: '/api/feature-store/online-features',
          },
          response: { statusCode: 503 },
        },
        503,
        'Service Unavailable',
      ),
    );

    const error = await client.getOnlineFeatures(request).catch(e => e);
    expect(error.name).toBe('ResponseError');
    expect(error.statusCode).toBe(503);
    expect(error.body.error.message).toBe(
      'No Feast feature server is configured: set lakehouse.feast.featureServerUrl',
    );
  });

  it('refuses an answer without rows', async () => {
    const { client } = setup(json({ results: [] }));

    await expect(client.getOnlineFeatures(request)).rejects.toThrow(
      'Unexpected answer from http://backstage.test:7007/api/feature-store/online-features',
    );
  });
});
