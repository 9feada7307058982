import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { ImpactItem } from '@internal/plugin-lakehouse-common';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  List,
  ListItem,
  ListItemText,
  makeStyles,
  Paper,
  Typography,
} from '@material-ui/core';
import { useId } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { lakehouseApiRef } from '../../api';
import { nodeTypeLabel } from '../LineageGraphView/nodeCategory';
import {
  groupImpactByOwner,
  ImpactGroup,
  impactItemTitle,
} from './groupImpact';

const useStyles = makeStyles(theme => ({
  panel: { padding: theme.spacing(2), overflowWrap: 'anywhere' },
  owner: { marginTop: theme.spacing(1.5) },
  item: { overflowWrap: 'anywhere' },
}));

const itemDetails = (item: ImpactItem) => {
  const parts = [
    nodeTypeLabel(item),
    `${item.distance} ${item.distance === 1 ? 'step' : 'steps'} downstream`,
  ];
  if (item.columns?.length) {
    parts.push(
      `${item.columns.length === 1 ? 'column' : 'columns'} ${item.columns.join(
        ', ',
      )}`,
    );
  }
  return parts.join(' · ');
};

const OwnerGroup = ({ group }: { group: ImpactGroup }) => {
  const classes = useStyles();
  const id = useId();
  return (
    <>
      <Typography
        id={id}
        variant="subtitle2"
        component="h3"
        className={classes.owner}
      >
        {group.name}
      </Typography>
      <List dense disablePadding aria-labelledby={id}>
        {group.items.map(item => (
          <ListItem key={item.id} disableGutters className={classes.item}>
            <ListItemText
              primary={
                item.entityRef ? (
                  <EntityRefLink entityRef={item.entityRef}>
                    {impactItemTitle(item)}
                  </EntityRefLink>
                ) : (
                  impactItemTitle(item)
                )
              }
              secondary={itemDetails(item)}
            />
          </ListItem>
        ))}
      </List>
    </>
  );
};

/** Properties of {@link LineageImpactPanel}. */
export interface LineageImpactPanelProps {
  entityRef: string;
  /** The entity's title, for the empty state. */
  title: string;
  /** The column whose change is weighed; the whole entity when absent. */
  column?: string;
}

/**
 * What a change to an entity (or one of its columns) would affect: every
 * entity downstream, grouped by owner, with the affected columns and how
 * far away each is — the people to tell before changing it.
 */
export const LineageImpactPanel = ({
  entityRef,
  title,
  column,
}: LineageImpactPanelProps) => {
  const classes = useStyles();
  const api = useApi(lakehouseApiRef);
  const impact = useAsync(
    () => api.getImpact({ entityRef, column }),
    [api, entityRef, column],
  );
  const subject = column ? `${title}.${column}` : title;

  let content;
  if (impact.loading) {
    content = <Progress aria-label="Loading the impact" />;
  } else if (impact.error) {
    content = <ResponseErrorPanel error={impact.error} />;
  } else if (!impact.value?.items.length) {
    content = (
      <Typography variant="body2" color="textSecondary">
        Nothing downstream of {subject}: changing it affects no recorded
        dataset, feature, model or deployment.
      </Typography>
    );
  } else {
    const groups = groupImpactByOwner(impact.value.items);
    const count = impact.value.items.length;
    content = (
      <>
        <Typography variant="body2" color="textSecondary">
          Changing {subject} affects {count}{' '}
          {count === 1 ? 'entity' : 'entities'} of {groups.length}{' '}
          {groups.length === 1 ? 'owner' : 'owners'}.
        </Typography>
        {groups.map(group => (
          <OwnerGroup key={group.owner ?? ''} group={group} />
        ))}
      </>
    );
  }

  return (
    <Paper
      variant="outlined"
      className={classes.panel}
      component="section"
      aria-label="Impact"
    >
      <Typography variant="h6" component="h2">
        Impact
      </Typography>
      {content}
    </Paper>
  );
};
