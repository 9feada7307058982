import { Entity } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import { mockApis } from '@backstage/frontend-test-utils';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import type { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  OnlineFeaturesRequest,
  OnlineFeaturesResponse,
} from '@internal/plugin-feature-store-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { featureStoreApiRef } from '../../api';
import {
  churnModelFeatures,
  customerOrderStats,
  customerProfile,
  withSpec,
  yamlCustomerOrderStats,
} from '../../__testUtils__/entities';
import { renderOnEntityPage } from '../../__testUtils__/render';
import { OnlineLookupCard } from './OnlineLookupCard';

const ALLOW = 'ALLOW' as AuthorizeResult.ALLOW;
const DENY = 'DENY' as AuthorizeResult.DENY;

/** What the Feast feature server returns for customers 1001 (known) and 9999 (unknown). */
const twoCustomers: OnlineFeaturesResponse = {
  project: 'commerce',
  source: { kind: 'feature_view', name: 'customer_order_stats' },
  featureNames: ['customer_id', 'total_orders', 'total_spend'],
  rows: [
    {
      entity: { customer_id: 1001 },
      features: [
        { name: 'customer_id', value: 1001, status: 'PRESENT' },
        {
          name: 'total_orders',
          value: 7,
          status: 'PRESENT',
          eventTimestamp: '2025-09-01T06:00:00Z',
        },
        { name: 'total_spend', value: 412.5, status: 'PRESENT' },
      ],
    },
    {
      entity: { customer_id: 9999 },
      features: [
        { name: 'customer_id', value: 9999, status: 'PRESENT' },
        { name: 'total_orders', value: null, status: 'NOT_FOUND' },
        { name: 'total_spend', value: null, status: 'NOT_FOUND' },
      ],
    },
  ],
};

// Permission decisions are cached by entity ref: a test that decides
// differently renders an entity of its own name.
function renamed(entity: Entity, name: string): Entity {
  return { ...entity, metadata: { ...entity.metadata, name } };
}

function renderLookup(
  entity: Entity,
  options: {
    getOnlineFeatures?: jest.Mock;
    permission?: AuthorizeResult.ALLOW | AuthorizeResult.DENY;
    catalog?: Entity[];
  } = {},
) {
  const getOnlineFeatures =
    options.getOnlineFeatures ?? jest.fn(async () => twoCustomers);
  const permissionApi = mockApis.permission({
    authorize: options.permission ?? ALLOW,
  });
  renderOnEntityPage(<OnlineLookupCard />, entity, [
    [featureStoreApiRef, { getOnlineFeatures }],
    [catalogApiRef, catalogApiMock({ entities: options.catalog ?? [] })],
    permissionApi,
  ]);
  return { getOnlineFeatures };
}

async function lookUp() {
  await waitFor(() =>
    expect(screen.getByRole('button', { name: 'Look up' })).toBeEnabled(),
  );
  await userEvent.click(screen.getByRole('button', { name: 'Look up' }));
}

function resultRows() {
  const table = screen.getByRole('table', { name: 'Online feature values' });
  return within(table)
    .getAllByRole('row')
    .map(row =>
      Array.from(row.querySelectorAll('th, td')).map(c => c.textContent),
    );
}

describe('OnlineLookupCard', () => {
  it('looks up several customers by join key and shows their values with statuses', async () => {
    const { getOnlineFeatures } = renderLookup(customerOrderStats);

    expect(
      await screen.findByRole('heading', { name: 'Online lookup' }),
    ).toBeInTheDocument();
    const key = screen.getByRole('textbox', { name: 'customer_id' });
    expect(
      screen.getByText('join key of customer · INT64'),
    ).toBeInTheDocument();
    await userEvent.type(key, '1001, 9999');
    await lookUp();

    await screen.findByRole('table', { name: 'Online feature values' });
    const request: OnlineFeaturesRequest = getOnlineFeatures.mock.calls[0][0];
    expect(request).toEqual({
      entityRef: 'resource:default/commerce.customer_order_stats',
      entities: { customer_id: [1001, 9999] },
      features: undefined,
    });
    expect(
      screen.getByText(
        /2 entities read from the online store of Feast project commerce, feature view customer_order_stats/,
      ),
    ).toBeInTheDocument();
    const [header, known, unknown] = resultRows();
    expect(header).toEqual([
      'customer_id',
      'total_orders',
      'total_spend',
      'Status',
    ]);
    expect(known).toEqual(['1001', '7', '412.5', '2 present']);
    expect(unknown).toEqual(['9999', 'not found', 'not found', '2 not found']);
  });

  it('reads only the features chosen', async () => {
    const { getOnlineFeatures } = renderLookup(customerOrderStats);

    await userEvent.type(
      await screen.findByRole('textbox', { name: 'customer_id' }),
      '1001',
    );
    await userEvent.click(
      screen.getByRole('textbox', { name: 'Features to read' }),
    );
    await userEvent.click(
      await screen.findByRole('option', { name: 'total_spend' }),
    );
    await lookUp();

    await waitFor(() => expect(getOnlineFeatures).toHaveBeenCalled());
    expect(getOnlineFeatures.mock.calls[0][0]).toMatchObject({
      entities: { customer_id: [1001] },
      features: ['total_spend'],
    });
  });

  it('refuses a key value that does not fit the join key type, without asking the backend', async () => {
    const { getOnlineFeatures } = renderLookup(customerOrderStats);

    await userEvent.type(
      await screen.findByRole('textbox', { name: 'customer_id' }),
      'alice',
    );
    await lookUp();

    expect(
      screen.getByText('customer_id is INT64: "alice" is not a whole number'),
    ).toBeInTheDocument();
    expect(getOnlineFeatures).not.toHaveBeenCalled();
  });

  it("shows the backend's message when no feature server is configured", async () => {
    const getOnlineFeatures = jest.fn(async () => {
      throw await ResponseError.fromResponse(
        new Response(
          JSON.stringify({
            error: {
              name: 'ServiceUnavailableError',
              message:
                'No Feast feature server is configured: set lakehouse.feast.featureServerUrl',
            },
            response: { statusCode: 503 },
          }),
          {
            status: 503,
            statusText: 'Service Unavailable',
            headers: { 'Content-Type': 'application/json' },
          },
        ),
      );
    });
    renderLookup(customerOrderStats, { getOnlineFeatures });

    await userEvent.type(
      await screen.findByRole('textbox', { name: 'customer_id' }),
      '1001',
    );
    await lookUp();

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('The lookup failed (503)');
    expect(alert).toHaveTextContent(
      'No Feast feature server is configured: set lakehouse.feast.featureServerUrl',
    );
    expect(
      screen.queryByRole('table', { name: 'Online feature values' }),
    ).not.toBeInTheDocument();
  });

  it('explains a refusal by the backend', async () => {
    const getOnlineFeatures = jest.fn(async () => {
      throw await ResponseError.fromResponse(
        new Response(
          JSON.stringify({
            error: {
              name: 'NotAllowedError',
              message:
                'You may not read online values of resource:default/commerce.customer_order_stats',
            },
            response: { statusCode: 403 },
          }),
          {
            status: 403,
            statusText: 'Forbidden',
            headers: { 'Content-Type': 'application/json' },
          },
        ),
      );
    });
    renderLookup(customerOrderStats, { getOnlineFeatures });

    await userEvent.type(
      await screen.findByRole('textbox', { name: 'customer_id' }),
      '1001',
    );
    await lookUp();

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(
      'You are not allowed to read the online values of this feature view',
    );
    expect(alert).toHaveTextContent(
      'The feature store backend said: You may not read online values of resource:default/commerce.customer_order_stats',
    );
  });

  it('disables the lookup and says which permission is missing', async () => {
    const { getOnlineFeatures } = renderLookup(
      renamed(customerOrderStats, 'commerce.denied_view'),
      { permission: DENY },
    );

    const explanation = await screen.findByRole('alert');
    expect(explanation).toHaveTextContent(
      'You are not allowed to look up online values',
    );
    expect(explanation).toHaveTextContent(
      'needs the permission feature-store.online-features.read on resource:default/commerce.denied_view',
    );
    const button = screen.getByRole('button', { name: 'Look up' });
    expect(button).toBeDisabled();
    expect(button).toHaveAccessibleDescription(
      /You are not allowed to look up online values/,
    );
    expect(screen.getByRole('textbox', { name: 'customer_id' })).toBeDisabled();
    expect(getOnlineFeatures).not.toHaveBeenCalled();
  });

  it('explains that a view not served online cannot be looked up', async () => {
    renderLookup(withSpec(customerOrderStats, { online: false }));

    expect(
      await screen.findByText(/This feature view is not served online/),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Look up' })).toBeDisabled();
  });

  it('says what to configure when the join keys are not recorded', async () => {
    renderLookup(yamlCustomerOrderStats);

    expect(
      await screen.findByText(
        /The join keys of this feature view are not recorded/,
      ),
    ).toHaveTextContent('catalog.providers.feast');
    expect(
      screen.queryByRole('button', { name: 'Look up' }),
    ).not.toBeInTheDocument();
  });

  it('looks up a feature service by the join keys of all its views', async () => {
    const { getOnlineFeatures } = renderLookup(churnModelFeatures, {
      catalog: [customerOrderStats, customerProfile],
    });

    const customer = await screen.findByRole('textbox', {
      name: 'customer_id',
    });
    const region = screen.getByRole('textbox', { name: 'region_code' });
    expect(
      screen.queryByRole('textbox', { name: 'Features to read' }),
    ).not.toBeInTheDocument();
    await userEvent.type(customer, '1001, 1002');
    await userEvent.type(region, 'EU');
    await lookUp();

    expect(
      await screen.findByText(
        'Give every join key the same number of values, one per entity: customer_id has 2, region_code has 1',
      ),
    ).toBeInTheDocument();
    expect(getOnlineFeatures).not.toHaveBeenCalled();

    await userEvent.type(region, ', US');
    await lookUp();
    await waitFor(() => expect(getOnlineFeatures).toHaveBeenCalled());
    expect(getOnlineFeatures.mock.calls[0][0]).toEqual({
      entityRef: 'resource:default/commerce.churn_model_features',
      entities: { customer_id: [1001, 1002], region_code: ['EU', 'US'] },
      features: undefined,
    });
  });
});
