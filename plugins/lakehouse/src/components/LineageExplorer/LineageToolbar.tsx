import { LineageDirection } from '@internal/plugin-lakehouse-common';
import {
  Button,
  FormControlLabel,
  makeStyles,
  Switch,
  TextField,
} from '@material-ui/core';
import { useId } from 'react';

/** Depths the explorer offers; the backend may cap them. */
export const DEPTHS = [1, 2, 3, 5, 10];

const DIRECTIONS: { value: LineageDirection; label: string }[] = [
  { value: 'both', label: 'Upstream and downstream' },
  { value: 'upstream', label: 'Upstream' },
  { value: 'downstream', label: 'Downstream' },
];

const useStyles = makeStyles(theme => ({
  toolbar: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(2),
    marginBottom: theme.spacing(1.5),
  },
  direction: { minWidth: 200 },
  column: { minWidth: 200 },
}));

/** Properties of {@link LineageToolbar}. */
export interface LineageToolbarProps {
  direction: LineageDirection;
  onDirectionChange(direction: LineageDirection): void;
  depth: number;
  onDepthChange(depth: number): void;
  columnMode: boolean;
  onColumnModeChange(on: boolean): void;
  /** The start entity's columns to pick from. */
  columns: string[];
  column: string;
  onColumnChange(column: string): void;
  /** Number of expanded nodes; Collapse all is offered when there are any. */
  expandedCount: number;
  onCollapseAll(): void;
}

/**
 * The controls of the explorer: direction, depth, column mode and the
 * column to trace. Native selects, so that each is a combobox named by its
 * label for assistive technology.
 */
export const LineageToolbar = (props: LineageToolbarProps) => {
  const classes = useStyles();
  const id = useId();
  return (
    <div className={classes.toolbar}>
      <TextField
        id={`${id}-direction`}
        className={classes.direction}
        select
        label="Direction"
        size="small"
        variant="outlined"
        SelectProps={{ native: true }}
        value={props.direction}
        onChange={e =>
          props.onDirectionChange(e.target.value as LineageDirection)
        }
      >
        {DIRECTIONS.map(d => (
          <option key={d.value} value={d.value}>
            {d.label}
          </option>
        ))}
      </TextField>
      <TextField
        id={`${id}-depth`}
        select
        label="Depth"
        size="small"
        variant="outlined"
        SelectProps={{ native: true }}
        value={String(props.depth)}
        onChange={e => props.onDepthChange(Number(e.target.value))}
      >
        {DEPTHS.map(depth => (
          <option key={depth} value={depth}>
            {depth}
          </option>
        ))}
      </TextField>
      <FormControlLabel
        control={
          <Switch
            checked={props.columnMode}
            onChange={e => props.onColumnModeChange(e.target.checked)}
            color="primary"
            inputProps={{ role: 'switch' }}
          />
        }
        label="Column mode"
      />
      {props.columnMode && (
        <TextField
          id={`${id}-column`}
          className={classes.column}
          select
          label="Column"
          size="small"
          variant="outlined"
          SelectProps={{ native: true }}
          InputLabelProps={{ shrink: true }}
          value={props.column}
          disabled={props.columns.length === 0}
          helperText={
            props.columns.length === 0
              ? 'No columns are known for this entity'
              : undefined
          }
          onChange={e => props.onColumnChange(e.target.value)}
        >
          <option value="">All columns</option>
          {props.columns.map(column => (
            <option key={column} value={column}>
              {column}
            </option>
          ))}
        </TextField>
      )}
      {props.expandedCount > 0 && (
        <Button size="small" onClick={props.onCollapseAll}>
          Collapse all ({props.expandedCount})
        </Button>
      )}
    </div>
  );
};
