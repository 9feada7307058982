import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { Box, TextField } from '@material-ui/core';
import { useId, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { lakehouseApiRef } from '../../api';
import { DriftMonitorPanel } from './DriftMonitorPanel';
import { NoDriftMonitor } from './NoDriftMonitor';

/**
 * The Drift tab of models and feature views: for the entity's drift
 * monitor (a picker when it has several) the features drifted first, each
 * feature's distributions and statistics over time, and a button to run
 * the monitor now.
 */
export const DriftContent = () => {
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const api = useApi(lakehouseApiRef);
  const pickerId = useId();
  const monitors = useAsync(
    () => api.listDriftMonitors({ entityRef }),
    [api, entityRef],
  );
  const [pickedId, setPickedId] = useState<string>();

  if (monitors.loading) {
    return <Progress aria-label="Loading the drift monitors" />;
  }
  if (monitors.error) {
    return <ResponseErrorPanel error={monitors.error} />;
  }
  const list = monitors.value ?? [];
  if (list.length === 0) {
    return (
      <InfoCard title="Drift" titleTypographyProps={{ component: 'h2' }}>
        <NoDriftMonitor entity={entity} />
      </InfoCard>
    );
  }

  const monitor = list.find(m => m.id === pickedId) ?? list[0];
  return (
    <>
      {list.length > 1 && (
        <Box mb={2}>
          <TextField
            id={pickerId}
            select
            label="Monitor"
            value={monitor.id}
            onChange={e => setPickedId(e.target.value)}
            SelectProps={{ native: true }}
            variant="outlined"
            size="small"
          >
            {list.map(m => (
              <option key={m.id} value={m.id}>
                {m.title ?? m.id}
              </option>
            ))}
          </TextField>
        </Box>
      )}
      <DriftMonitorPanel key={monitor.id} monitor={monitor} entity={entity} />
    </>
  );
};
