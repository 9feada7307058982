import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { GroupScorecard } from '@internal/plugin-lakehouse-common';
import { scorecardTodo } from '../../governance';
import { GovernanceTable } from './GovernanceTable';

const percent = new Intl.NumberFormat('en-US', { style: 'percent' });

/** Per owner group: how many entities, how well documented, what needs care. */
export const ScorecardsSection = ({
  scorecards,
}: {
  scorecards: GroupScorecard[];
}) => (
  <GovernanceTable
    title="Scorecards by group"
    rows={scorecards}
    rowKey={s => s.group}
    empty="No group owns a dataset, feature view, model or deployment yet."
    columns={[
      {
        title: 'Group',
        render: s => <EntityRefLink entityRef={s.group} defaultKind="group" />,
      },
      { title: 'Entities', render: s => s.entities },
      { title: 'Documented', render: s => percent.format(s.documented) },
      { title: 'Classified datasets', render: s => s.classifiedDatasets },
      { title: 'Stale datasets', render: s => s.staleDatasets },
      {
        title: 'Pending access requests',
        render: s => s.pendingAccessRequests,
      },
      { title: 'To do', render: scorecardTodo },
    ]}
  />
);
