import { LinkButton } from '@backstage/core-components';
import { useRouteRef } from '@backstage/frontend-plugin-api';
import { LineageNode } from '@internal/plugin-lakehouse-common';
import {
  EntityRefLink,
  useEntityRefLink,
} from '@backstage/plugin-catalog-react';
import {
  Box,
  Button,
  IconButton,
  makeStyles,
  Paper,
  Typography,
} from '@material-ui/core';
import CloseIcon from '@material-ui/icons/Close';
import { lineageRouteRef } from '../../routes';
import { nodeTypeLabel } from '../LineageGraphView/nodeCategory';
import { ownerName } from '../LineageGraphView/graphElements';

const useStyles = makeStyles(theme => ({
  panel: { padding: theme.spacing(2) },
  header: { display: 'flex', alignItems: 'flex-start', gap: theme.spacing(1) },
  title: { flex: 1, overflowWrap: 'anywhere' },
  facts: {
    display: 'grid',
    gridTemplateColumns: 'auto 1fr',
    gap: theme.spacing(0.5, 2),
    margin: theme.spacing(1, 0, 2),
    '& dt': { color: theme.palette.text.secondary },
    '& dd': { margin: 0, overflowWrap: 'anywhere' },
  },
  actions: { display: 'flex', flexWrap: 'wrap', gap: theme.spacing(1) },
}));

/** Properties of {@link LineageNodePanel}. */
export interface LineageNodePanelProps {
  node: LineageNode;
  isStart: boolean;
  expanded: boolean;
  expanding: boolean;
  onToggleExpand(): void;
  onClose(): void;
}

/**
 * The node picked in the graph: what it is, who owns it, and the ways on:
 * its entity page, its own lineage, its neighbours.
 */
export const LineageNodePanel = ({
  node,
  isStart,
  expanded,
  expanding,
  onToggleExpand,
  onClose,
}: LineageNodePanelProps) => {
  const classes = useStyles();
  const lineageRoute = useRouteRef(lineageRouteRef);
  const entityLink = useEntityRefLink();
  return (
    <Paper
      variant="outlined"
      className={classes.panel}
      component="section"
      aria-label={`Selected: ${node.title}`}
    >
      <div className={classes.header}>
        <Typography variant="h6" component="h2" className={classes.title}>
          {node.title}
        </Typography>
        <IconButton size="small" aria-label="Close" onClick={onClose}>
          <CloseIcon fontSize="small" />
        </IconButton>
      </div>
      <dl className={classes.facts}>
        <dt>Type</dt>
        <dd>{nodeTypeLabel(node)}</dd>
        <dt>Owner</dt>
        <dd>
          {node.owner ? (
            <EntityRefLink entityRef={node.owner} defaultKind="group">
              {ownerName(node.owner)}
            </EntityRefLink>
          ) : (
            'None recorded'
          )}
        </dd>
        {node.columns && (
          <>
            <dt>Columns</dt>
            <dd>{node.columns.length}</dd>
          </>
        )}
        {node.distance !== undefined && !isStart && (
          <>
            <dt>Distance</dt>
            <dd>
              {node.distance} {node.distance === 1 ? 'step' : 'steps'}
            </dd>
          </>
        )}
        {!node.entityRef && (
          <>
            <dt>Known from</dt>
            <dd>OpenLineage only: {node.id.replace(/^openlineage:/, '')}</dd>
          </>
        )}
      </dl>
      <Box className={classes.actions}>
        {node.entityRef && (
          <LinkButton
            to={entityLink(node.entityRef)}
            variant="contained"
            color="primary"
            size="small"
          >
            Open entity page
          </LinkButton>
        )}
        {!isStart && node.entityRef && (
          <Button
            variant="outlined"
            size="small"
            disabled={expanding}
            onClick={onToggleExpand}
          >
            {expanded ? 'Collapse neighbours' : 'Expand neighbours'}
          </Button>
        )}
        {!isStart && node.entityRef && lineageRoute && (
          <LinkButton
            to={`${lineageRoute()}?${new URLSearchParams({
              entityRef: node.entityRef,
            })}`}
            variant="outlined"
            size="small"
          >
            Explore from here
          </LinkButton>
        )}
      </Box>
    </Paper>
  );
};
