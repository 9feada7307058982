import { Box, Chip, makeStyles, Typography } from '@material-ui/core';
import { getTags } from '../../featureStore';

const useStyles = makeStyles(theme => ({
  // Chips keep their label on one line; in a card's narrow column a long
  // `key: value` would then overflow, so the label wraps between words.
  chip: { height: 'auto', maxWidth: '100%' },
  label: {
    whiteSpace: 'normal',
    paddingTop: theme.spacing(0.25),
    paddingBottom: theme.spacing(0.25),
  },
}));

/** Feast tags as `key: value` chips, or a word saying there are none. */
export const TagChips = ({
  tags,
  label,
  empty = 'none',
}: {
  tags: unknown;
  /** Names the list for screen readers, e.g. `Tags of total_orders`. */
  label: string;
  /** Shown when there are no tags. */
  empty?: string;
}) => {
  const classes = useStyles();
  const entries = getTags(tags);
  if (entries.length === 0) {
    return (
      <Typography variant="body2" component="span" color="textSecondary">
        {empty}
      </Typography>
    );
  }
  return (
    <Box
      component="ul"
      aria-label={label}
      display="flex"
      flexWrap="wrap"
      p={0}
      m={0}
      style={{ gap: 4, listStyle: 'none' }}
    >
      {entries.map(([key, value]) => (
        <li key={key} style={{ minWidth: 0 }}>
          <Chip
            size="small"
            label={value ? `${key}: ${value}` : key}
            classes={{ root: classes.chip, label: classes.label }}
          />
        </li>
      ))}
    </Box>
  );
};
