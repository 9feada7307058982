import {
  Content,
  ContentHeader,
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  GovernanceReport,
  lakehouseGovernanceReadPermission,
} from '@internal/plugin-lakehouse-common';
import { Grid, Typography } from '@material-ui/core';
import { Alert, AlertTitle } from '@material-ui/lab';
import useAsync from 'react-use/esm/useAsync';
import { lakehouseApiRef } from '../../api';
import { serverMessage, statusOf } from '../../governance';
import { RelativeTime } from '../RelativeTime';
import { ClassifiedDataSection } from './ClassifiedDataSection';
import { OwnershipSection } from './OwnershipSection';
import { ScorecardsSection } from './ScorecardsSection';
import { StaleDatasetsSection } from './StaleDatasetsSection';

const NotAllowed = ({ reason }: { reason?: string }) => (
  <Alert severity="warning">
    <AlertTitle>You are not allowed to see the governance report</AlertTitle>
    <Typography variant="body2" component="div">
      It needs the permission{' '}
      <code>{lakehouseGovernanceReadPermission.name}</code>; ask a portal
      administrator for it.
    </Typography>
    {reason && (
      <Typography variant="body2" component="div" style={{ marginTop: 8 }}>
        The lakehouse backend said: {reason}
      </Typography>
    )}
  </Alert>
);

const Count = (props: { title: string; value: string; detail: string }) => (
  <Grid item xs={6} md={3}>
    <InfoCard title={props.title}>
      <Typography variant="h4" component="p">
        {props.value}
      </Typography>
      <Typography variant="body2">{props.detail}</Typography>
    </InfoCard>
  </Grid>
);

const Report = ({ report }: { report: GovernanceReport }) => {
  const { counts } = report;
  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <Typography variant="body2" color="textSecondary">
          Computed <RelativeTime value={report.generatedAt} /> from the catalog,
          column lineage and dataset freshness.
        </Typography>
      </Grid>
      <Count
        title="Owned"
        value={`${counts.owned} of ${counts.entities}`}
        detail="entities with an owner who can answer for them"
      />
      <Count
        title="Ownership problems"
        value={String(report.ownership.length)}
        detail="entities to give an owner"
      />
      <Count
        title="Classified"
        value={`${counts.classifiedDatasets} of ${counts.datasets}`}
        detail="datasets holding classified data"
      />
      <Count
        title="Stale"
        value={String(counts.staleDatasets)}
        detail="datasets older than their SLA"
      />
      <Grid item xs={12}>
        <OwnershipSection findings={report.ownership} />
      </Grid>
      <Grid item xs={12}>
        <ClassifiedDataSection entries={report.classified} />
      </Grid>
      <Grid item xs={12}>
        <StaleDatasetsSection findings={report.stale} />
      </Grid>
      <Grid item xs={12}>
        <ScorecardsSection scorecards={report.scorecards} />
      </Grid>
    </Grid>
  );
};

const LoadedReport = () => {
  const api = useApi(lakehouseApiRef);
  const report = useAsync(() => api.getGovernanceReport(), [api]);
  if (report.loading) {
    return <Progress aria-label="Loading the governance report" />;
  }
  if (report.error) {
    if (statusOf(report.error) === 403) {
      return <NotAllowed reason={serverMessage(report.error)} />;
    }
    return <ResponseErrorPanel error={report.error} />;
  }
  return <Report report={report.value!} />;
};

/**
 * The governance page: who owns the lakehouse's datasets, feature views,
 * models and deployments, which datasets hold classified data (declared or
 * inherited through column lineage) and where it flows, which datasets are
 * stale, and how each owner group fares. Every finding links to its entity
 * and says what fixes it. Needs `lakehouse.governance.read`.
 */
export const GovernancePage = () => {
  const { loading, allowed } = usePermission({
    permission: lakehouseGovernanceReadPermission,
  });
  let body: JSX.Element;
  if (loading) body = <Progress aria-label="Checking your permissions" />;
  else if (!allowed) body = <NotAllowed />;
  else body = <LoadedReport />;
  return (
    <Content>
      <ContentHeader title="Governance" />
      {body}
    </Content>
  );
};
