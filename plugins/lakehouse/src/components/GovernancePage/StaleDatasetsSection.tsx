import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { StaleDatasetFinding } from '@internal/plugin-lakehouse-common';
import { RelativeTime } from '../RelativeTime';
import { GovernanceTable } from './GovernanceTable';
import { OwnerLink } from './OwnerLink';

/** Datasets whose last snapshot or dbt freshness check is older than their SLA. */
export const StaleDatasetsSection = ({
  findings,
}: {
  findings: StaleDatasetFinding[];
}) => (
  <GovernanceTable
    title="Stale datasets"
    subheader="Last snapshot or dbt freshness check older than the declared SLA"
    rows={findings}
    rowKey={f => f.entityRef}
    empty="Every dataset with a freshness SLA was updated within it."
    columns={[
      {
        title: 'Dataset',
        render: f => <EntityRefLink entityRef={f.entityRef} title={f.title} />,
      },
      { title: 'Owner', render: f => <OwnerLink owner={f.owner} /> },
      {
        title: 'Last updated',
        render: f => <RelativeTime value={f.lastUpdated} fallback="never" />,
      },
      { title: 'SLA', render: f => f.sla },
      { title: 'Problem', render: f => f.problem },
      { title: 'Fix', render: f => f.fix },
    ]}
  />
);
