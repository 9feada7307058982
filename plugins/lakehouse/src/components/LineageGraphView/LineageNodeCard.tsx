import { CircularProgress, IconButton, makeStyles } from '@material-ui/core';
import AddIcon from '@material-ui/icons/Add';
import RemoveIcon from '@material-ui/icons/Remove';
import { Handle, NodeProps, Position } from '@xyflow/react';
import { memo, MouseEvent, useContext } from 'react';
import { LineageGraphActionsContext } from './actions';
import {
  COLUMN_ROW_HEIGHT,
  handleId,
  LineageFlowNode,
  NODE_HEADER_HEIGHT,
} from './graphElements';
import { CATEGORY_STYLES } from './nodeCategory';

const useStyles = makeStyles(theme => ({
  card: {
    boxSizing: 'border-box',
    width: '100%',
    height: '100%',
    overflow: 'hidden',
    borderRadius: 6,
    border: `1px solid ${theme.palette.divider}`,
    borderLeftWidth: 8,
    background: theme.palette.background.paper,
    color: theme.palette.text.primary,
    fontSize: 12,
    lineHeight: '16px',
    cursor: 'pointer',
  },
  start: {
    boxShadow: `0 0 0 3px ${theme.palette.primary.main}`,
  },
  selected: {
    outline: `2px dashed ${theme.palette.secondary.main}`,
    outlineOffset: 3,
  },
  dimmed: { opacity: 0.45 },
  header: {
    position: 'relative',
    height: NODE_HEADER_HEIGHT - 2,
    padding: '8px 8px 8px 10px',
    boxSizing: 'border-box',
  },
  titleRow: { display: 'flex', alignItems: 'center', gap: 4 },
  title: {
    flex: 1,
    minWidth: 0,
    padding: 0,
    border: 0,
    background: 'none',
    color: 'inherit',
    font: 'inherit',
    fontWeight: 600,
    fontSize: 13,
    textAlign: 'left',
    whiteSpace: 'nowrap',
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    cursor: 'pointer',
  },
  toggle: { padding: 2, margin: -2 },
  detail: {
    color: theme.palette.text.secondary,
    whiteSpace: 'nowrap',
    overflow: 'hidden',
    textOverflow: 'ellipsis',
  },
  columns: {
    listStyle: 'none',
    margin: 0,
    padding: '4px 0',
    borderTop: `1px solid ${theme.palette.divider}`,
  },
  column: {
    position: 'relative',
    height: COLUMN_ROW_HEIGHT,
    lineHeight: `${COLUMN_ROW_HEIGHT}px`,
    padding: '0 10px',
    fontFamily: theme.typography.fontFamily,
    whiteSpace: 'nowrap',
    overflow: 'hidden',
    textOverflow: 'ellipsis',
  },
  traced: {
    padding: '1px 4px',
    borderRadius: 3,
    background: 'rgba(33, 150, 243, 0.18)',
    color: 'inherit',
    fontWeight: 600,
  },
  selectedColumn: {
    background: theme.palette.primary.main,
    color: theme.palette.primary.contrastText,
    fontWeight: 600,
  },
  more: { color: theme.palette.text.secondary, fontStyle: 'italic' },
  handle: {
    width: 6,
    height: 6,
    minWidth: 0,
    minHeight: 0,
    border: 0,
    background: theme.palette.text.secondary,
  },
}));

/**
 * A node of the lineage graph: a card with the title, what the node is
 * and its owner, coloured by category; in column mode, its columns, each
 * with a handle on both sides for column edges.
 */
export const LineageNodeCard = memo(
  ({ id, data }: NodeProps<LineageFlowNode>) => {
    const classes = useStyles();
    const actions = useContext(LineageGraphActionsContext);
    const { node } = data;
    const className = [
      classes.card,
      data.isStart ? classes.start : '',
      data.selected ? classes.selected : '',
      data.dimmed ? classes.dimmed : '',
    ]
      .filter(Boolean)
      .join(' ');

    const select = (event: MouseEvent) => {
      event.stopPropagation();
      actions.select(id);
    };
    const toggle = (event: MouseEvent) => {
      event.stopPropagation();
      actions.toggleExpand(id);
    };

    return (
      <div
        className={className}
        style={{ borderLeftColor: CATEGORY_STYLES[data.category].color }}
      >
        <div className={classes.header}>
          <Handle
            type="target"
            position={Position.Left}
            id={handleId.in()}
            isConnectable={false}
            className={classes.handle}
          />
          <div className={classes.titleRow}>
            <button
              type="button"
              className={`${classes.title} nodrag nopan`}
              title={node.title}
              onClick={select}
            >
              {node.title}
            </button>
            {/* The lineage API starts from catalog entities only. */}
            {!data.isStart && node.entityRef && (
              <IconButton
                className={`${classes.toggle} nodrag nopan`}
                size="small"
                aria-label={`${data.expanded ? 'Collapse' : 'Expand'} ${
                  node.title
                }`}
                title={
                  data.expanded ? 'Collapse neighbours' : 'Expand neighbours'
                }
                disabled={data.expanding}
                onClick={toggle}
              >
                {data.expanding && <CircularProgress size={14} />}
                {!data.expanding && data.expanded && (
                  <RemoveIcon fontSize="small" />
                )}
                {!data.expanding && !data.expanded && (
                  <AddIcon fontSize="small" />
                )}
              </IconButton>
            )}
          </div>
          <div className={classes.detail}>{data.typeLabel}</div>
          <div className={classes.detail}>
            {data.ownerName ? `Owner: ${data.ownerName}` : 'No owner'}
          </div>
          <Handle
            type="source"
            position={Position.Right}
            id={handleId.out()}
            isConnectable={false}
            className={classes.handle}
          />
        </div>
        {data.columns && (
          <ul
            className={classes.columns}
            aria-label={`Columns of ${node.title}`}
          >
            {data.columns.map(column => (
              <li
                key={column.name}
                className={
                  column.selected
                    ? `${classes.column} ${classes.selectedColumn}`
                    : classes.column
                }
              >
                <Handle
                  type="target"
                  position={Position.Left}
                  id={handleId.in(column.name)}
                  isConnectable={false}
                  className={classes.handle}
                />
                {column.traced ? (
                  <mark className={classes.traced}>{column.name}</mark>
                ) : (
                  column.name
                )}
                <Handle
                  type="source"
                  position={Position.Right}
                  id={handleId.out(column.name)}
                  isConnectable={false}
                  className={classes.handle}
                />
              </li>
            ))}
            {data.columns.length === 0 && (
              <li className={`${classes.column} ${classes.more}`}>
                No columns known
              </li>
            )}
            {data.hiddenColumns > 0 && (
              <li className={`${classes.column} ${classes.more}`}>
                {data.hiddenColumns} more{' '}
                {data.hiddenColumns === 1 ? 'column' : 'columns'}
              </li>
            )}
          </ul>
        )}
      </div>
    );
  },
);
