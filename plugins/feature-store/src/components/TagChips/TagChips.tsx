import { Box, Chip, Typography } from '@material-ui/core';
import { getTags } from '../../featureStore';

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
        <li key={key}>
          <Chip size="small" label={value ? `${key}: ${value}` : key} />
        </li>
      ))}
    </Box>
  );
};
