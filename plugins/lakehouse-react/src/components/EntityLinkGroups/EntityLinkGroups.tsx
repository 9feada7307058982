import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { Box, List, ListItem, Typography } from '@material-ui/core';

/**
 * One group of {@link EntityLinkGroups}: entities of one kind of thing.
 *
 * @public
 */
export interface EntityLinkGroup {
  /** What the entities are, e.g. `Feature services`; also names the list. */
  title: string;
  /** Entity refs, in the order they are listed. */
  refs: string[];
}

/**
 * Properties of {@link EntityLinkGroups}.
 *
 * @public
 */
export interface EntityLinkGroupsProps {
  /** The groups in the order they are shown; pass only groups with refs. */
  groups: EntityLinkGroup[];
  /** Add the number of entities to each heading: `Models (2)`. */
  showCounts?: boolean;
}

/**
 * Links to related entities under a heading per group — the feature
 * services and models that use a feature view, the feature services and
 * datasets a model was trained on. Each group is a list named by its title,
 * so that assistive technology can jump between them.
 *
 * @public
 */
export const EntityLinkGroups = ({
  groups,
  showCounts = false,
}: EntityLinkGroupsProps) => (
  <>
    {groups.map(group => (
      <Box key={group.title} mb={1}>
        <Typography variant="subtitle2" component="h3">
          {showCounts ? `${group.title} (${group.refs.length})` : group.title}
        </Typography>
        <List dense disablePadding aria-label={group.title}>
          {group.refs.map(ref => (
            <ListItem key={ref} disableGutters>
              <EntityRefLink entityRef={ref} />
            </ListItem>
          ))}
        </List>
      </Box>
    ))}
  </>
);
