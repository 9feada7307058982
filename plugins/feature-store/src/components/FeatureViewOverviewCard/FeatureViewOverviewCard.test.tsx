import { screen, within } from '@testing-library/react';
import {
  customerOrderStats,
  withSpec,
  yamlCustomerOrderStats,
} from '../../__testUtils__/entities';
import { fact, renderOnEntityPage } from '../../__testUtils__/render';
import { FeatureViewOverviewCard } from './FeatureViewOverviewCard';

async function renderCard(entity = customerOrderStats) {
  renderOnEntityPage(<FeatureViewOverviewCard />, entity);
  await screen.findByRole('heading', { name: 'Feature view' });
}

describe('FeatureViewOverviewCard', () => {
  it('shows what the view is and where it lives in Feast', async () => {
    await renderCard();

    expect(fact('Kind')).toHaveTextContent(/^Batch feature view$/);
    expect(fact('Feast project')).toHaveTextContent(/^commerce$/);
    expect(fact('Name in Feast')).toHaveTextContent(/^customer_order_stats$/);
    expect(fact('Entities')).toHaveTextContent(
      /^customer: join key customer_id \(INT64\)$/,
    );
    expect(fact('Time to live')).toHaveTextContent(/^90 days$/);
    expect(fact('Served online')).toHaveTextContent(/^yes$/);
    expect(fact('Offline writes')).toHaveTextContent(/^yes$/);
    expect(fact('Online store')).toHaveTextContent(/^sqlite$/);
  });

  it('links the source to the dataset it reads', async () => {
    await renderCard();

    const source = fact('Source');
    expect(
      within(source).getByRole('link', { name: /customer_features/ }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/resource/lakehouse.gold.customer_features',
    );
    expect(source).toHaveTextContent(
      'BATCH_TRINO · source customer_features_source · timestamp event_timestamp',
    );
  });

  it('shows the table, path or query of a source no dataset matches', async () => {
    await renderCard(
      withSpec(customerOrderStats, {
        source: {
          type: 'BATCH_FILE',
          path: 's3://features/customer_stats.parquet',
        },
      }),
    );

    const source = fact('Source');
    expect(source).toHaveTextContent('s3://features/customer_stats.parquet');
    expect(within(source).queryByRole('link')).not.toBeInTheDocument();
  });

  it('shows the tags and links the owner', async () => {
    await renderCard();

    const tags = within(fact('Tags')).getByRole('list', { name: 'Feast tags' });
    expect(
      within(tags)
        .getAllByRole('listitem')
        .map(i => i.textContent),
    ).toEqual(['team: ml', 'tier: gold']);
    expect(
      within(fact('Owner')).getByRole('link', { name: /ml-engineering/ }),
    ).toHaveAttribute('href', '/catalog/default/group/ml-engineering');
  });

  it('shows the stream source of a stream view', async () => {
    await renderCard(
      withSpec(customerOrderStats, {
        viewKind: 'stream',
        streamSource: {
          name: 'orders_stream',
          type: 'STREAM_KAFKA',
          table: 'orders',
        },
      }),
    );

    expect(fact('Kind')).toHaveTextContent(/^Stream feature view$/);
    expect(fact('Stream source')).toHaveTextContent(
      'ordersSTREAM_KAFKA · source orders_stream',
    );
    expect(fact('Source')).toHaveTextContent('BATCH_TRINO');
  });

  it('says an on-demand view is computed at request time, without a TTL', async () => {
    await renderCard(
      withSpec(customerOrderStats, {
        viewKind: 'on-demand',
        source: undefined,
        ttl: undefined,
      }),
    );

    expect(fact('Kind')).toHaveTextContent(/^On-demand feature view$/);
    expect(fact('Source')).toHaveTextContent(
      'computed at request time from its inputs',
    );
    expect(
      screen.queryByRole('row', { name: /^Time to live/ }),
    ).not.toBeInTheDocument();
  });

  it('falls back to the declared dependency for a view declared in YAML', async () => {
    await renderCard(yamlCustomerOrderStats);

    expect(fact('Kind')).toHaveTextContent(/^Batch feature view$/);
    expect(fact('Entities')).toHaveTextContent(
      /^customer: join key not recorded$/,
    );
    const source = fact('Source');
    expect(
      within(source).getByRole('link', { name: /customer_features/ }),
    ).toBeInTheDocument();
    expect(source).toHaveTextContent('declared dependency');
    expect(fact('Online store')).toHaveTextContent(/^not recorded$/);
    expect(
      screen.queryByRole('row', { name: /^Offline writes/ }),
    ).not.toBeInTheDocument();
    expect(fact('Tags')).toHaveTextContent(/^none$/);
  });

  it('says when a view is neither served online nor written offline and its TTL is unusable', async () => {
    await renderCard(
      withSpec(customerOrderStats, {
        online: false,
        offline: false,
        ttl: '90d',
      }),
    );

    expect(fact('Served online')).toHaveTextContent(/^no$/);
    expect(fact('Offline writes')).toHaveTextContent(/^no$/);
    expect(fact('Time to live')).toHaveTextContent(
      /^90d \(not a Feast duration\)$/,
    );
  });
});
