import { CodeSnippet, InfoCard } from '@backstage/core-components';
import { EntityRefLink, useEntity } from '@backstage/plugin-catalog-react';
import { OnDemandSourceRef } from '@internal/plugin-lakehouse-common';
import {
  Identifier,
  useDataTableStyles,
} from '@internal/plugin-lakehouse-react';
import {
  Box,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@material-ui/core';
import {
  getOnDemandSources,
  getTransformation,
  getViewKind,
  normalizeRef,
} from '../../featureStore';

const KIND_LABELS: Record<OnDemandSourceRef['kind'], string> = {
  'feature-view': 'feature view',
  'request-source': 'request data',
};

const InputName = ({ input }: { input: OnDemandSourceRef }) => {
  const ref = input.featureView && normalizeRef(input.featureView);
  return ref ? (
    <EntityRefLink entityRef={ref} defaultKind="resource" />
  ) : (
    <code>
      <Identifier>{input.name}</Identifier>
    </code>
  );
};

/** Feast writes Python UDFs; pandas and python modes are Python too. */
function languageOf(mode?: string): string {
  return mode === 'substrait' ? 'text' : 'python';
}

/**
 * How an on-demand (or stream) feature view computes its features: the
 * feature views and request data it reads and its transformation code.
 */
export const FeatureViewTransformationCard = () => {
  const classes = useDataTableStyles();
  const { entity } = useEntity();
  const inputs = getOnDemandSources(entity);
  const transformation = getTransformation(entity);
  const onDemand = getViewKind(entity) === 'on-demand';

  return (
    <InfoCard
      title="Transformation"
      subheader={
        transformation?.mode ? `Mode: ${transformation.mode}` : undefined
      }
      titleTypographyProps={{ component: 'h2' }}
    >
      {onDemand && (
        <Box mb={2}>
          <Typography variant="subtitle2" component="h3" gutterBottom>
            Inputs
          </Typography>
          {inputs.length === 0 ? (
            <Typography variant="body2">
              The inputs of this view are not recorded.
            </Typography>
          ) : (
            <Table size="small" aria-label="Inputs" className={classes.table}>
              <TableHead>
                <TableRow>
                  <TableCell>Input</TableCell>
                  <TableCell>Kind</TableCell>
                  <TableCell>Fields used</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {inputs.map(input => (
                  <TableRow key={`${input.kind}:${input.name}`}>
                    <TableCell component="th" scope="row">
                      <InputName input={input} />
                    </TableCell>
                    <TableCell className={classes.oneLine}>
                      {KIND_LABELS[input.kind] ?? input.kind}
                    </TableCell>
                    <TableCell>
                      {input.fields?.length ? input.fields.join(', ') : 'all'}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
        </Box>
      )}
      <Typography variant="subtitle2" component="h3" gutterBottom>
        Code
      </Typography>
      {transformation?.code ? (
        <CodeSnippet
          text={transformation.code}
          language={languageOf(transformation.mode)}
          showLineNumbers
          showCopyCodeButton
        />
      ) : (
        <Typography variant="body2">
          The transformation code is not recorded. The Feast provider
          (catalog.providers.feast) reads it from the registry when Feast stores
          it.
        </Typography>
      )}
    </InfoCard>
  );
};
