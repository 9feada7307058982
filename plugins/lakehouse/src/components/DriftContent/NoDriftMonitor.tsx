import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { Typography } from '@material-ui/core';
import { driftSubject } from '../../drift';

/** What to configure so that a monitor watches the entity. */
export const NoDriftMonitor = ({ entity }: { entity: Entity }) => (
  <Typography variant="body2">
    No drift monitor watches this {driftSubject(entity)}. Add one under{' '}
    <code>lakehouse.drift.monitors</code> in <code>app-config.yaml</code> with{' '}
    <code>entity: {stringifyEntityRef(entity)}</code>; its reports then appear
    here.
  </Typography>
);
