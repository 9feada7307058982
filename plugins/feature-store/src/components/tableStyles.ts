import { makeStyles } from '@material-ui/core';

/**
 * Cell styles for the plugin's tables. Backstage's theme sets
 * `word-break: break-word` on every table cell, which lets the browser size
 * a column down to a single letter and then break names anywhere
 * ("customer_order_st ats"). These tables size columns by whole words (and
 * the parts of names, see `Identifier`) and keep short values on one line.
 */
export const useTableStyles = makeStyles({
  /** On the table: columns no narrower than their longest word. */
  table: { '& th, & td': { wordBreak: 'normal' } },
  /** Types, kinds, links to views: short values that read as one unit. */
  oneLine: { whiteSpace: 'nowrap' },
});
