import { Entity } from '@backstage/catalog-model';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { DatasetSqlContent } from './DatasetSqlContent';

/** The part of DatasetDbtInfo this tab reads. */
type DbtFixture = {
  rawSql?: string;
  compiledSql?: string;
  materialized?: string;
  path?: string;
};

const rawSql = `{{ config(materialized='incremental', unique_key='order_id') }}

select order_id, customer_key, order_amount
from {{ ref('stg_orders') }}
{% if is_incremental() %}
where order_date > (select max(order_date) from {{ this }})
{% endif %}`;

const compiledSql = `select order_id, customer_key, order_amount
from "lakehouse"."bronze"."stg_orders"
where order_date > (select max(order_date) from "lakehouse"."gold"."fct_orders")`;

function datasetWith(dbt: DbtFixture): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: { name: 'lakehouse.gold.fct_orders' },
    spec: {
      type: 'dataset',
      owner: 'analytics-engineering',
      dbt: {
        uniqueId: 'model.commerce.fct_orders',
        resourceType: 'model',
        ...dbt,
      },
    },
  };
}

const fctOrders = datasetWith({
  rawSql,
  compiledSql,
  materialized: 'incremental',
  path: 'models/gold/fct_orders.sql',
});

async function renderSql(entity: Entity) {
  renderInTestApp(
    <EntityProvider entity={entity}>
      <DatasetSqlContent />
    </EntityProvider>,
  );
  return screen.findByRole('tabpanel');
}

/** The code shown in the panel, once the highlighter rendered it. */
async function shownCode(panel: HTMLElement) {
  let code: HTMLElement | null = null;
  await waitFor(() => {
    code = panel.querySelector('code');
    expect(code).not.toBeNull();
  });
  return code! as HTMLElement;
}

function fact(label: string) {
  const row = screen.getByRole('row', { name: new RegExp(`^${label}\\b`) });
  return within(row).getAllByRole('cell')[1];
}

describe('DatasetSqlContent', () => {
  it('shows the model SQL as written, with its path and materialization', async () => {
    const panel = await renderSql(fctOrders);

    expect(fact('Path')).toHaveTextContent(/^models\/gold\/fct_orders\.sql$/);
    expect(fact('Materialization')).toHaveTextContent(/^incremental$/);
    expect(screen.getByRole('tab', { name: 'Raw SQL' })).toHaveAttribute(
      'aria-selected',
      'true',
    );
    const code = await shownCode(panel);
    expect(code.textContent).toBe(rawSql);
  });

  it('highlights the SQL syntax', async () => {
    const panel = await renderSql(fctOrders);

    const code = await shownCode(panel);
    // The highlighter colours keywords with inline styles; plain text has none.
    const coloured = () =>
      Array.from(code.querySelectorAll('span'))
        .filter(span => span.style.color)
        .map(span => span.textContent);
    await waitFor(() =>
      expect(coloured()).toEqual(
        expect.arrayContaining(['select', 'from', 'where']),
      ),
    );
    expect(coloured()).not.toContain('order_id');
  });

  it('switches to the compiled SQL', async () => {
    const user = userEvent.setup();
    await renderSql(fctOrders);

    await user.click(screen.getByRole('tab', { name: 'Compiled SQL' }));

    const panel = screen.getByRole('tabpanel', { name: 'Compiled SQL' });
    await waitFor(async () =>
      expect((await shownCode(panel)).textContent).toBe(compiledSql),
    );
    expect(panel).not.toHaveTextContent('is_incremental');
  });

  it('explains why a model has no compiled SQL', async () => {
    const user = userEvent.setup();
    await renderSql(datasetWith({ rawSql: 'select 1 as one' }));

    expect(fact('Path')).toHaveTextContent(/^unknown$/);
    expect(fact('Materialization')).toHaveTextContent(/^unknown$/);
    await user.click(screen.getByRole('tab', { name: 'Compiled SQL' }));

    expect(
      screen.getByRole('tabpanel', { name: 'Compiled SQL' }),
    ).toHaveTextContent(/dbt compile, dbt run or dbt build/);
    expect(document.querySelector('code')).toBeNull();
  });
});
