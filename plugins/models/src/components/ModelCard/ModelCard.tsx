import { Entity, RELATION_OWNED_BY } from '@backstage/catalog-model';
import {
  InfoCard,
  MarkdownContent,
  StructuredMetadataTable,
} from '@backstage/core-components';
import {
  EntityRefLink,
  EntityRefLinks,
  getEntityRelations,
  useEntity,
} from '@backstage/plugin-catalog-react';
import {
  getSourceSystems,
  LakehouseAnnotation,
} from '@internal/plugin-lakehouse-common';
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
import { getVersions, normalizeRef, text } from '../../models';
import { DateTime } from '../DateTime';

const asIs = (key: string) => key;

/** Alias → version, from the model's spec or else from its versions. */
function getAliases(entity: Entity): [string, string][] {
  const declared = entity.spec?.aliases;
  if (declared && typeof declared === 'object' && !Array.isArray(declared)) {
    return Object.entries(declared as Record<string, unknown>)
      .map(([alias, version]): [string, string] => [alias, String(version)])
      .sort(([a], [b]) => a.localeCompare(b));
  }
  return getVersions(entity)
    .flatMap(v =>
      (v.aliases ?? []).map((a): [string, string] => [a, v.version]),
    )
    .sort(([a], [b]) => a.localeCompare(b));
}

function getTags(entity: Entity): [string, string][] {
  const tags = entity.spec?.tags;
  if (!tags || typeof tags !== 'object' || Array.isArray(tags)) return [];
  return Object.entries(tags as Record<string, unknown>)
    .map(([k, v]): [string, string] => [k, String(v)])
    .sort(([a], [b]) => a.localeCompare(b));
}

/**
 * One alias per line, `champion → v2` as the metric chart labels versions,
 * short enough for the card's narrow column.
 */
const AliasList = ({ aliases }: { aliases: [string, string][] }) => (
  <Box component="ul" aria-label="Aliases" m={0} p={0}>
    {aliases.map(([alias, version]) => (
      <Box component="li" key={alias} py={0.25} style={{ listStyle: 'none' }}>
        {alias} → v{version}
      </Box>
    ))}
  </Box>
);

/** A tag value that is one plain name, such as a table or a feature service. */
const PLAIN_NAME = /^[A-Za-z][\w.-]*[A-Za-z0-9]$/;

/**
 * A tag value: Markdown, as MLflow users write notes, except a plain name,
 * which Markdown would leave as it is but the table could then break only
 * inside a word; as a name it wraps after its dots and underscores.
 */
const TagValue = ({ value }: { value: string }) =>
  PLAIN_NAME.test(value) && !/^www\./i.test(value) ? (
    <Identifier>{value}</Identifier>
  ) : (
    <MarkdownContent content={value} dialect="gfm" />
  );

const Owner = ({ entity }: { entity: Entity }) => {
  const owners = getEntityRelations(entity, RELATION_OWNED_BY);
  if (owners.length > 0) {
    return <EntityRefLinks entityRefs={owners} defaultKind="group" />;
  }
  const owner = normalizeRef(entity.spec?.owner, 'group');
  return owner ? <EntityRefLink entityRef={owner} /> : <>unknown</>;
};

/**
 * The model card: what the model is for (its description, in Markdown as
 * MLflow users write it), its aliases, its registry tags (values in
 * Markdown too), when it was registered and who owns it.
 */
export const ModelCard = () => {
  const classes = useDataTableStyles();
  const { entity } = useEntity();
  const description = text(entity.metadata.description);
  const aliases = getAliases(entity);
  const tags = getTags(entity);

  const facts: Record<string, string | JSX.Element> = {
    'Name in MLflow': (
      <Identifier>
        {entity.metadata.annotations?.[LakehouseAnnotation.mlflowModelName] ??
          entity.metadata.name}
      </Identifier>
    ),
    Aliases: aliases.length ? <AliasList aliases={aliases} /> : 'none',
    Created: (
      <DateTime value={entity.spec?.createdAt} fallback="not recorded" />
    ),
    'Last updated': (
      <DateTime value={entity.spec?.updatedAt} fallback="not recorded" />
    ),
    Owner: <Owner entity={entity} />,
    'Read from': getSourceSystems(entity).join(', ') || 'unknown',
  };

  return (
    <InfoCard title="Model card" titleTypographyProps={{ component: 'h2' }}>
      {description ? (
        <MarkdownContent content={description} dialect="gfm" />
      ) : (
        <Typography variant="body2" color="textSecondary">
          No description. The description of the registered model in MLflow
          appears here.
        </Typography>
      )}
      <Box mt={2}>
        <StructuredMetadataTable
          metadata={facts}
          options={{ titleFormat: asIs }}
        />
      </Box>
      <Box mt={2}>
        <Typography variant="subtitle2" component="h3" gutterBottom>
          Tags
        </Typography>
        {tags.length === 0 ? (
          <Typography variant="body2" color="textSecondary">
            The registered model has no tags.
          </Typography>
        ) : (
          <Table size="small" aria-label="Model tags" className={classes.dense}>
            <TableHead>
              <TableRow>
                <TableCell>Tag</TableCell>
                <TableCell>Value</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {tags.map(([key, value]) => (
                <TableRow key={key}>
                  <TableCell
                    component="th"
                    scope="row"
                    className={classes.narrow}
                  >
                    <code>
                      <Identifier>{key}</Identifier>
                    </code>
                  </TableCell>
                  <TableCell className={classes.wrapAnywhere}>
                    <TagValue value={value} />
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </Box>
    </InfoCard>
  );
};
