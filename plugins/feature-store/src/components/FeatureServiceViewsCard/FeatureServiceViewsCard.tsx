import { InfoCard } from '@backstage/core-components';
import { EntityRefLink, useEntity } from '@backstage/plugin-catalog-react';
import { useDataTableStyles } from '@internal/plugin-lakehouse-react';
import {
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TableRow,
  Typography,
} from '@material-ui/core';
import { getProjectionRef, getProjections } from '../../featureStore';

/**
 * The feature views a feature service selects, linked to their pages, with
 * the features it takes from each (all of them when it selects none).
 */
export const FeatureServiceViewsCard = () => {
  const classes = useDataTableStyles();
  const { entity } = useEntity();
  const projections = getProjections(entity);

  return (
    <InfoCard
      title={`Selected feature views (${projections.length})`}
      titleTypographyProps={{ component: 'h2' }}
    >
      {projections.length === 0 ? (
        <Typography variant="body2">
          This feature service selects no feature views. The Feast provider
          (catalog.providers.feast) lists the views each service selects.
        </Typography>
      ) : (
        <TableContainer>
          <Table
            size="small"
            aria-label="Selected feature views"
            className={classes.table}
          >
            <TableHead>
              <TableRow>
                <TableCell>Feature view</TableCell>
                <TableCell>Features</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {projections.map(projection => {
                const ref = getProjectionRef(entity, projection);
                return (
                  <TableRow key={projection.name}>
                    <TableCell
                      component="th"
                      scope="row"
                      className={classes.oneLine}
                    >
                      {ref ? (
                        <EntityRefLink entityRef={ref} defaultKind="resource" />
                      ) : (
                        <code>{projection.name}</code>
                      )}
                    </TableCell>
                    <TableCell>
                      {projection.select?.length
                        ? projection.select.join(', ')
                        : 'all features'}
                    </TableCell>
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
        </TableContainer>
      )}
    </InfoCard>
  );
};
