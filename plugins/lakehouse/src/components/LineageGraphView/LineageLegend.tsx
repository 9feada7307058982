import { makeStyles, Typography } from '@material-ui/core';
import { CATEGORY_STYLES, NodeCategory } from './nodeCategory';

const useStyles = makeStyles(theme => ({
  legend: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(0.5, 2),
    listStyle: 'none',
    margin: 0,
    padding: 0,
  },
  item: { display: 'flex', alignItems: 'center', gap: theme.spacing(0.75) },
  swatch: {
    display: 'inline-block',
    width: 14,
    height: 14,
    borderRadius: 3,
  },
  line: {
    display: 'inline-block',
    width: 24,
    borderTop: `2px solid ${theme.palette.text.secondary}`,
  },
  dashed: { borderTopStyle: 'dashed' },
}));

/** Properties of {@link LineageLegend}. */
export interface LineageLegendProps {
  /** The categories to explain, in order. */
  categories: NodeCategory[];
  /** Explain the two kinds of column edges too. */
  columnEdges?: boolean;
}

/** What the colours of the nodes (and, in column mode, the edge styles) mean. */
export const LineageLegend = ({
  categories,
  columnEdges = false,
}: LineageLegendProps) => {
  const classes = useStyles();
  return (
    <ul className={classes.legend} aria-label="Legend">
      {categories.map(category => (
        <li key={category} className={classes.item}>
          <span
            className={classes.swatch}
            style={{ background: CATEGORY_STYLES[category].color }}
          />
          <Typography variant="caption">
            {CATEGORY_STYLES[category].label}
          </Typography>
        </li>
      ))}
      {columnEdges && (
        <>
          <li className={classes.item}>
            <span className={classes.line} />
            <Typography variant="caption">DIRECT: the value flows</Typography>
          </li>
          <li className={classes.item}>
            <span className={`${classes.line} ${classes.dashed}`} />
            <Typography variant="caption">
              INDIRECT: filters, joins or groups the rows
            </Typography>
          </li>
        </>
      )}
    </ul>
  );
};
