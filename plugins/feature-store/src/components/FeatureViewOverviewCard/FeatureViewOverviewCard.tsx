import { Entity, RELATION_DEPENDS_ON } from '@backstage/catalog-model';
import { InfoCard, StructuredMetadataTable } from '@backstage/core-components';
import {
  EntityRefLinks,
  getEntityRelations,
  useEntity,
} from '@backstage/plugin-catalog-react';
import { FeatureViewEntityKey } from '@internal/plugin-lakehouse-common';
import { Identifier } from '@internal/plugin-lakehouse-react';
import { Typography } from '@material-ui/core';
import {
  describeTtl,
  describeViewKind,
  getEntityKeys,
  getEntityNames,
  getFeastIdentity,
  getSource,
  getViewKind,
  isServedOnline,
  text,
} from '../../featureStore';
import { SourceDescription } from '../SourceDescription';
import { OwnerLinks } from '../OwnerLinks';
import { TagChips } from '../TagChips';

const asIs = (key: string) => key;

function describeKey(key: FeatureViewEntityKey): string {
  const type = key.valueType ? ` (${key.valueType})` : '';
  return `${key.entity}: join key ${key.joinKey}${type}`;
}

/** Each entity of the view with its join key and type, when known. */
const EntitiesList = ({ entity }: { entity: Entity }) => {
  const keys = getEntityKeys(entity);
  const names = getEntityNames(entity);
  if (keys.length === 0 && names.length === 0) return <>none</>;
  const withKeys = new Set(keys.map(k => k.entity));
  const lines = [
    ...keys.map(describeKey),
    ...names
      .filter(n => !withKeys.has(n))
      .map(n => `${n}: join key not recorded`),
  ];
  return (
    <>
      {lines.map(line => (
        <Typography key={line} variant="body2" component="div">
          {line}
        </Typography>
      ))}
    </>
  );
};

/**
 * Where the view's rows come from. Views declared in YAML name no Feast
 * source; their declared dependencies stand in for it.
 */
const BatchSource = ({ entity }: { entity: Entity }) => {
  const source = getSource(entity, 'source');
  if (source) return <SourceDescription source={source} />;
  const upstream = getEntityRelations(entity, RELATION_DEPENDS_ON, {
    kind: 'resource',
  });
  if (upstream.length > 0) {
    return (
      <Typography variant="body2" component="div">
        <EntityRefLinks entityRefs={upstream} defaultKind="resource" />
        <Typography variant="caption" component="div" color="textSecondary">
          declared dependency; the Feast source is not recorded
        </Typography>
      </Typography>
    );
  }
  return <>not recorded</>;
};

function yesNo(value: unknown): string {
  if (typeof value !== 'boolean') return 'not recorded';
  return value ? 'yes' : 'no';
}

/**
 * What a Feast feature view is: its kind, where it lives in Feast, the
 * entities it is keyed by, how long values live, whether and where it is
 * served online, whether it writes to the offline store, where its data
 * comes from, its tags and owner.
 */
export const FeatureViewOverviewCard = () => {
  const { entity } = useEntity();
  const spec = entity.spec ?? {};
  const kind = getViewKind(entity);
  const { project, name } = getFeastIdentity(entity);

  const facts: Record<string, string | JSX.Element> = {
    Kind: describeViewKind(kind),
    'Feast project': project ?? 'not annotated',
    'Name in Feast': <Identifier>{name}</Identifier>,
    Entities: <EntitiesList entity={entity} />,
  };
  if (kind !== 'on-demand') {
    facts['Time to live'] = describeTtl(text(spec.ttl));
  }
  facts['Served online'] = isServedOnline(entity) ? 'yes' : 'no';
  // Feast's `offline` flag says whether computed features are also written
  // to the offline store; historical retrieval reads the batch source either
  // way. The label stays short: the longest label sets how narrow the
  // values' column is.
  if (spec.offline !== undefined) {
    facts['Offline writes'] = yesNo(spec.offline);
  }
  facts['Online store'] = text(spec.onlineStore) ?? 'not recorded';
  if (kind === 'on-demand') {
    facts.Source = 'computed at request time from its inputs';
  } else {
    facts.Source = <BatchSource entity={entity} />;
  }
  if (kind === 'stream') {
    const stream = getSource(entity, 'streamSource');
    facts['Stream source'] = stream ? (
      <SourceDescription source={stream} />
    ) : (
      'not recorded'
    );
  }
  facts.Tags = <TagChips tags={spec.tags} label="Feast tags" />;
  facts.Owner = <OwnerLinks entity={entity} />;

  return (
    <InfoCard title="Feature view" titleTypographyProps={{ component: 'h2' }}>
      <StructuredMetadataTable
        metadata={facts}
        options={{ titleFormat: asIs }}
      />
    </InfoCard>
  );
};
