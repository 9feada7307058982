import { makeStyles } from '@material-ui/core';

/**
 * Cell styles for the plugin's data tables. Backstage's theme sets
 * `word-break: break-word` on every table cell, which lets the browser size
 * a column down to a single letter and then break words anywhere ("re ady").
 * These tables size columns by whole words instead, keep short values on
 * one line and give long free text and addresses the room that is left.
 */
export const useTableStyles = makeStyles(theme => ({
  /** On the table: whole words, and 12 px padding per cell instead of Backstage's 36 px. */
  table: {
    '& th, & td': {
      wordBreak: 'normal',
      paddingLeft: theme.spacing(0.75),
      paddingRight: theme.spacing(0.75),
    },
    '& tr > :first-child': { paddingLeft: theme.spacing(2) },
  },
  /** Statuses, stages, numbers, times: short values that read as one unit. */
  oneLine: { whiteSpace: 'nowrap' },
  /** Messages and addresses: wrap anywhere if they must, so they never widen the table. */
  wrapAnywhere: { overflowWrap: 'anywhere' },
  /** A column of sentences, which gets room for a few words a line. */
  description: { minWidth: theme.spacing(12) },
  /** A column as narrow as its longest word, e.g. names that wrap after `_`. */
  narrow: { width: '1%' },
  /** Figures right-aligned with digits of equal width, to compare down a column. */
  figure: { whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' },
}));
