import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { OwnershipFinding } from '@internal/plugin-lakehouse-common';
import { GovernanceTable } from './GovernanceTable';
import { OwnerLink } from './OwnerLink';

/** Entities without an owner, with an owner group that does not exist or has no members. */
export const OwnershipSection = ({
  findings,
}: {
  findings: OwnershipFinding[];
}) => (
  <GovernanceTable
    title="Ownership"
    subheader="Datasets, feature views, models and deployments whose owner cannot answer for them"
    rows={findings}
    rowKey={f => `${f.entityRef}:${f.kind}`}
    empty="Every dataset, feature view, model and deployment has an owner group that exists and has members."
    columns={[
      {
        title: 'Entity',
        render: f => <EntityRefLink entityRef={f.entityRef} title={f.title} />,
      },
      { title: 'Type', render: f => f.type },
      { title: 'Owner', render: f => <OwnerLink owner={f.owner} /> },
      { title: 'Problem', render: f => f.problem },
      { title: 'Fix', render: f => f.fix },
    ]}
  />
);
