import { makeStyles } from '@material-ui/core';

/** Breaks lines between words only, as a browser does outside tables. */
const WHOLE_WORDS = { wordBreak: 'normal' } as const;

/**
 * Cell styles for data tables on lakehouse, feature store and model pages.
 * Backstage's theme sets `word-break: break-word` on every table cell,
 * which lets the browser size a column down to a single letter and then
 * break names anywhere ("customer_order_st ats", "re ady"). These styles
 * size columns by whole words (and the parts of names, see
 * {@link Identifier}), keep short values on one line and give long free
 * text and addresses the room that is left.
 *
 * Put `table` (or `dense`) on the `Table` and the others on cells.
 *
 * @public
 */
export const useDataTableStyles = makeStyles(theme => ({
  /** On the table: columns no narrower than their longest word. */
  table: { '& th, & td': WHOLE_WORDS },
  /**
   * On a table with many columns, instead of `table`: whole words too, and
   * 12 px padding per cell instead of Backstage's 36 px.
   */
  dense: {
    '& th, & td': {
      ...WHOLE_WORDS,
      paddingLeft: theme.spacing(0.75),
      paddingRight: theme.spacing(0.75),
    },
    '& tr > :first-child': { paddingLeft: theme.spacing(2) },
  },
  /** Types, kinds, statuses, times, links: short values that read as one unit. */
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
