import {
  Content,
  ContentHeader,
  EmptyState,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { identityApiRef, useApi } from '@backstage/frontend-plugin-api';
import {
  AccessRequest,
  AccessRequestState,
} from '@internal/plugin-lakehouse-common';
import { Box, Paper, Tab, Tabs, TextField } from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import useAsync from 'react-use/esm/useAsync';
import { lakehouseApiRef } from '../../api';
import { sortAccessRequests, statusOf } from '../../governance';
import { AccessRequestTable } from './AccessRequestTable';
import { useApprovableDatasets } from './useApprovableDatasets';

type TabId = 'approve' | 'mine';
type StateFilter = AccessRequestState | 'all';

const STATE_FILTERS: StateFilter[] = [
  'all',
  'pending',
  'approved',
  'rejected',
  'expired',
];

/**
 * Loads the requests the user may see, who the user is, and the request a
 * notification pointed at when the list does not have it.
 */
function useAccessRequests(highlightedId: string | undefined) {
  const api = useApi(lakehouseApiRef);
  const identityApi = useApi(identityApiRef);
  return useAsync(async () => {
    const [identity, listed] = await Promise.all([
      identityApi.getBackstageIdentity(),
      api.listAccessRequests(),
    ]);
    const items = [...listed];
    let missing: Error | undefined;
    if (highlightedId && !items.some(r => r.id === highlightedId)) {
      try {
        items.push(await api.getAccessRequest(highlightedId));
      } catch (e) {
        missing = e as Error;
      }
    }
    return { me: identity.userEntityRef, items, missing };
  }, [api, identityApi, highlightedId]);
}

const TabBody = (props: {
  tab: TabId;
  requests: AccessRequest[];
  highlightedId?: string;
  onChange: (request: AccessRequest) => void;
}) => {
  const [state, setState] = useState<StateFilter>('all');
  const shown = props.requests.filter(
    r => state === 'all' || r.state === state,
  );
  const label =
    props.tab === 'approve'
      ? 'Access requests to approve'
      : 'My access requests';

  let body: JSX.Element;
  if (props.requests.length === 0) {
    body =
      props.tab === 'approve' ? (
        <EmptyState
          missing="data"
          title="Nothing to approve"
          description="Nobody has asked for access to a dataset you may approve access to."
        />
      ) : (
        <EmptyState
          missing="data"
          title="You have not asked for access to any dataset"
          description="Where a dataset's data is not yours to read, its Preview tab and its Who can read this card offer Request access."
        />
      );
  } else if (shown.length === 0) {
    body = <Box padding={2}>No {state} requests here.</Box>;
  } else {
    body = (
      <AccessRequestTable
        label={label}
        requests={shown}
        highlightedId={props.highlightedId}
        decide={props.tab === 'approve'}
        onChange={props.onChange}
      />
    );
  }

  return (
    <>
      {props.requests.length > 0 && (
        <Box padding={2} paddingBottom={0} maxWidth={240}>
          <TextField
            id={`access-request-state-${props.tab}`}
            select
            label="State"
            size="small"
            variant="outlined"
            fullWidth
            SelectProps={{ native: true }}
            value={state}
            onChange={e => setState(e.target.value as StateFilter)}
          >
            {STATE_FILTERS.map(s => (
              <option key={s} value={s}>
                {s === 'all' ? 'All states' : s}
              </option>
            ))}
          </TextField>
        </Box>
      )}
      {body}
    </>
  );
};

/**
 * Access requests: those the user may decide, with Approve and Reject,
 * and the user's own. `?id=` highlights one request (notifications link
 * there).
 */
export const AccessRequestsPage = () => {
  const [params] = useSearchParams();
  const highlightedId = params.get('id') ?? undefined;
  const loaded = useAccessRequests(highlightedId);
  // Decisions made on this page, newer than the loaded list.
  const [updates, setUpdates] = useState<Record<string, AccessRequest>>({});
  const requests = useMemo(
    () =>
      sortAccessRequests(
        (loaded.value?.items ?? []).map(r => updates[r.id] ?? r),
      ),
    [loaded.value, updates],
  );
  const approvable = useApprovableDatasets(requests.map(r => r.entityRef));
  const [tab, setTab] = useState<TabId>();

  const onChange = (request: AccessRequest) =>
    setUpdates(current => ({ ...current, [request.id]: request }));

  let body: JSX.Element;
  if (loaded.loading || approvable.loading) {
    body = <Progress aria-label="Loading access requests" />;
  } else if (loaded.error) {
    body = <ResponseErrorPanel error={loaded.error} />;
  } else if (approvable.error) {
    body = <ResponseErrorPanel error={approvable.error} />;
  } else {
    const { me, missing } = loaded.value!;
    const mayApprove = approvable.value ?? new Set<string>();
    const toApprove = requests.filter(r => mayApprove.has(r.entityRef));
    const mine = requests.filter(r => r.requestedBy === me);
    const pending = toApprove.filter(r => r.state === 'pending').length;
    // The tab of the highlighted request first, then work to do.
    const highlighted = requests.find(r => r.id === highlightedId);
    let initial: TabId = toApprove.length > 0 ? 'approve' : 'mine';
    if (highlighted) {
      initial = mayApprove.has(highlighted.entityRef) ? 'approve' : 'mine';
    }
    const current = tab ?? initial;

    body = (
      <>
        {missing && (
          <Alert severity="warning" style={{ marginBottom: 16 }}>
            {statusOf(missing) === 404
              ? `There is no access request ${highlightedId}, or it is not yours to see.`
              : `Access request ${highlightedId} could not be loaded: ${missing.message}`}
          </Alert>
        )}
        <Paper>
          <Tabs
            value={current}
            onChange={(_, value) => setTab(value)}
            indicatorColor="primary"
            textColor="primary"
          >
            <Tab
              value="approve"
              id="access-requests-tab-approve"
              aria-controls="access-requests-panel"
              label={pending > 0 ? `To approve (${pending})` : 'To approve'}
            />
            <Tab
              value="mine"
              id="access-requests-tab-mine"
              aria-controls="access-requests-panel"
              label={`My requests (${mine.length})`}
            />
          </Tabs>
          <div
            role="tabpanel"
            id="access-requests-panel"
            aria-labelledby={`access-requests-tab-${current}`}
          >
            <TabBody
              key={current}
              tab={current}
              requests={current === 'approve' ? toApprove : mine}
              highlightedId={highlightedId}
              onChange={onChange}
            />
          </div>
        </Paper>
      </>
    );
  }

  return (
    <Content>
      <ContentHeader
        title="Access requests"
        description="Read access to datasets, asked for by users and decided by the datasets' owners; approval grants it in Apache Polaris until it expires."
      />
      {body}
    </Content>
  );
};
