import { Entity } from '@backstage/catalog-model';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { DatasetSnapshot } from '@internal/plugin-lakehouse-common';
import { screen, within } from '@testing-library/react';
import { DatasetHistoryContent } from './DatasetHistoryContent';

// A type alias (unlike the DatasetSnapshot interface) fits the JSON entity spec.
type SnapshotFixture = Pick<DatasetSnapshot, keyof DatasetSnapshot>;

function datasetWith(spec: {
  snapshots?: SnapshotFixture[];
  currentSnapshot?: SnapshotFixture;
}): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: 'lakehouse.gold.fct_orders',
      annotations: { 'lakehouse.dev/table': 'lakehouse.gold.fct_orders' },
    },
    spec: { type: 'dataset', owner: 'analytics-engineering', ...spec },
  };
}

// Ids beyond Number.MAX_SAFE_INTEGER, as Iceberg generates them: as numbers
// they would read 3055729675574597000 and 8744736658442914000.
const appendOld: SnapshotFixture = {
  snapshotId: '8744736658442914487',
  timestamp: '2025-08-30T06:00:00Z',
  operation: 'append',
  addedRecords: 120000,
  deletedRecords: 0,
  totalRecords: 120000,
  totalFilesSize: 980_000_000,
};
const overwrite: SnapshotFixture = {
  snapshotId: '5179299526185056830',
  parentSnapshotId: '8744736658442914487',
  timestamp: '2025-08-31T06:00:00Z',
  operation: 'overwrite',
  addedRecords: 1500,
  deletedRecords: 1200,
  totalRecords: 120300,
  totalFilesSize: 1_050_000_000,
};
const appendNew: SnapshotFixture = {
  snapshotId: '3055729675574597004',
  parentSnapshotId: '5179299526185056830',
  timestamp: '2025-09-01T06:00:00Z',
  operation: 'append',
  addedRecords: 12345,
  totalRecords: 132645,
  totalFilesSize: 1_234_567_890,
};

async function renderHistory(entity: Entity) {
  renderInTestApp(
    <EntityProvider entity={entity}>
      <DatasetHistoryContent />
    </EntityProvider>,
  );
}

/** The body rows of the table, each as its cells keyed by the headers. */
async function snapshotRows() {
  const table = await screen.findByRole('table');
  const headers = within(table)
    .getAllByRole('columnheader')
    .map(h => h.textContent ?? '');
  const [, ...rows] = within(table).getAllByRole('row');
  return rows.map(row => {
    const cells = within(row).getAllByRole('cell');
    return Object.fromEntries(headers.map((h, i) => [h, cells[i]]));
  });
}

describe('DatasetHistoryContent', () => {
  it('lists snapshots newest first with their figures', async () => {
    // Listed out of order on purpose: the tab does not trust the provider.
    await renderHistory(
      datasetWith({
        currentSnapshot: appendNew,
        snapshots: [overwrite, appendNew, appendOld],
      }),
    );

    const rows = await snapshotRows();
    expect(rows).toHaveLength(3);
    expect(rows.map(r => r['Snapshot ID'].textContent)).toEqual([
      '3055729675574597004',
      '5179299526185056830',
      '8744736658442914487',
    ]);

    const [newest, middle] = rows;
    expect(newest.Committed).toHaveTextContent(
      /^2025-09-01 06:00:00 UTC current$/,
    );
    expect(newest.Operation).toHaveTextContent(/^append$/);
    expect(newest['Records added']).toHaveTextContent(/^12,345$/);
    expect(newest['Records deleted']).toHaveTextContent(/^—$/);
    expect(newest['Total records']).toHaveTextContent(/^132,645$/);
    expect(newest['Total size']).toHaveTextContent(/^1\.2 GB$/);

    expect(middle.Committed).toHaveTextContent(/^2025-08-31 06:00:00 UTC$/);
    expect(middle.Operation).toHaveTextContent(/^overwrite$/);
    expect(middle['Records deleted']).toHaveTextContent(/^1,200$/);
    expect(middle['Total size']).toHaveTextContent(/^1\.1 GB$/);
  });

  it('shows the current snapshot even when the list leaves it out', async () => {
    await renderHistory(datasetWith({ currentSnapshot: appendNew }));

    const rows = await snapshotRows();
    expect(rows).toHaveLength(1);
    expect(rows[0]['Snapshot ID']).toHaveTextContent(/^3055729675574597004$/);
  });

  it('explains where snapshots come from when there are none', async () => {
    await renderHistory(datasetWith({ snapshots: [] }));

    expect(
      await screen.findByText('No snapshots known for this dataset'),
    ).toBeInTheDocument();
    expect(screen.getByText(/Iceberg REST catalog/)).toHaveTextContent(
      'catalog.providers.iceberg',
    );
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });
});
