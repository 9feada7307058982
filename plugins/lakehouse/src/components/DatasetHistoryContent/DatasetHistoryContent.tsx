import { EmptyState, Table, TableColumn } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import { formatDateTime } from '@internal/plugin-lakehouse-react';
import { Chip, Typography } from '@material-ui/core';
import { getCurrentSnapshotId, getSnapshots } from '../../dataset';
import { formatBytes, formatCount, formatRelativeTime } from '../../format';

/** One row of the history table: a snapshot, formatted for reading. */
interface SnapshotRow {
  /** Snapshot ids exceed JavaScript's safe integers: kept as text. */
  id: string;
  committed: string;
  committedAgo?: string;
  current: boolean;
  operation: string;
  addedRecords: string;
  deletedRecords: string;
  totalRecords: string;
  totalSize: string;
}

const DASH = '—';

const columns: TableColumn<SnapshotRow>[] = [
  {
    title: 'Committed',
    render: row => (
      <span title={row.committedAgo}>
        {row.committed}
        {row.current && (
          <>
            {' '}
            <Chip label="current" size="small" color="primary" />
          </>
        )}
      </span>
    ),
  },
  { title: 'Operation', field: 'operation' },
  { title: 'Records added', field: 'addedRecords', align: 'right' },
  { title: 'Records deleted', field: 'deletedRecords', align: 'right' },
  { title: 'Total records', field: 'totalRecords', align: 'right' },
  { title: 'Total size', field: 'totalSize', align: 'right' },
  {
    title: 'Snapshot ID',
    render: row => (
      <Typography
        variant="body2"
        component="code"
        style={{ fontFamily: 'monospace' }}
      >
        {row.id}
      </Typography>
    ),
  },
];

/** The Iceberg snapshots of a dataset, newest first: what changed, when, and how much. */
export const DatasetHistoryContent = () => {
  const { entity } = useEntity();
  const currentId = getCurrentSnapshotId(entity);
  const rows: SnapshotRow[] = getSnapshots(entity).map(s => {
    const id = String(s.snapshotId);
    return {
      id,
      committed: formatDateTime(s.timestamp, 'second') ?? 'unknown',
      committedAgo: formatRelativeTime(s.timestamp),
      current: id === currentId,
      operation: typeof s.operation === 'string' ? s.operation : DASH,
      addedRecords: formatCount(s.addedRecords) ?? DASH,
      deletedRecords: formatCount(s.deletedRecords) ?? DASH,
      totalRecords: formatCount(s.totalRecords) ?? DASH,
      totalSize: formatBytes(s.totalFilesSize) ?? DASH,
    };
  });

  if (rows.length === 0) {
    return (
      <EmptyState
        missing="data"
        title="No snapshots known for this dataset"
        description="The history of a dataset is the list of its Iceberg snapshots. It comes from an Iceberg REST catalog: configure the Iceberg catalog provider (catalog.providers.iceberg) to read this dataset's table metadata."
      />
    );
  }
  return (
    <Table
      title={`Snapshots (${rows.length})`}
      subtitle="Iceberg commits, newest first"
      options={{
        paging: rows.length > 20,
        pageSize: 20,
        search: false,
        sorting: false,
      }}
      columns={columns}
      data={rows}
    />
  );
};
