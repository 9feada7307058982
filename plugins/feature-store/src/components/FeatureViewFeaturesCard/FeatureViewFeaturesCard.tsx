import { InfoCard } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  Identifier,
  useDataTableStyles,
} from '@internal/plugin-lakehouse-react';
import {
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from '@material-ui/core';
import { useId, useState } from 'react';
import { getFeatures } from '../../featureStore';
import { TagChips } from '../TagChips';

/** Above this many features the card offers a filter box. */
const FILTER_FROM = 10;

/**
 * Every feature of a feature view with its type, description and tags,
 * filterable by name or description on wide views.
 */
export const FeatureViewFeaturesCard = () => {
  const classes = useDataTableStyles();
  const { entity } = useEntity();
  const features = getFeatures(entity);
  const filterId = useId();
  const [filter, setFilter] = useState('');
  const needle = filter.trim().toLocaleLowerCase('en-US');
  const shown = needle
    ? features.filter(f =>
        `${f.name} ${f.description ?? ''}`
          .toLocaleLowerCase('en-US')
          .includes(needle),
      )
    : features;

  return (
    <InfoCard
      title={`Features (${features.length})`}
      titleTypographyProps={{ component: 'h2' }}
    >
      {features.length === 0 ? (
        <Typography variant="body2">
          This feature view lists no features. The Feast provider
          (catalog.providers.feast) lists every feature of the views in the
          registry.
        </Typography>
      ) : (
        <>
          {features.length > FILTER_FROM && (
            <TextField
              id={filterId}
              label="Filter features"
              value={filter}
              onChange={e => setFilter(e.target.value)}
              size="small"
              variant="outlined"
              margin="dense"
            />
          )}
          <TableContainer>
            <Table size="small" aria-label="Features" className={classes.table}>
              <TableHead>
                <TableRow>
                  <TableCell>Feature</TableCell>
                  <TableCell>Type</TableCell>
                  <TableCell>Description</TableCell>
                  <TableCell>Tags</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {shown.map(feature => (
                  <TableRow key={feature.name}>
                    <TableCell component="th" scope="row">
                      <code>
                        <Identifier>{feature.name}</Identifier>
                      </code>
                    </TableCell>
                    <TableCell className={classes.oneLine}>
                      {feature.dtype ?? feature.valueType ?? '—'}
                    </TableCell>
                    <TableCell>{feature.description ?? '—'}</TableCell>
                    <TableCell>
                      <TagChips
                        tags={feature.tags}
                        label={`Tags of ${feature.name}`}
                        empty="—"
                      />
                    </TableCell>
                  </TableRow>
                ))}
                {shown.length === 0 && (
                  <TableRow>
                    <TableCell colSpan={4}>
                      No feature matches “{filter}”.
                    </TableCell>
                  </TableRow>
                )}
              </TableBody>
            </Table>
          </TableContainer>
        </>
      )}
    </InfoCard>
  );
};
