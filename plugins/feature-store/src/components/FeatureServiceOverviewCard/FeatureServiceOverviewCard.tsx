import { InfoCard, StructuredMetadataTable } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import { Identifier } from '@internal/plugin-lakehouse-react';
import { getFeastIdentity, getProjections } from '../../featureStore';
import { OwnerLinks } from '../OwnerLinks';
import { TagChips } from '../TagChips';

const asIs = (key: string) => key;

/** What a Feast feature service is: where it lives in Feast, what it selects, its tags and owner. */
export const FeatureServiceOverviewCard = () => {
  const { entity } = useEntity();
  const { project, name } = getFeastIdentity(entity);
  const projections = getProjections(entity);
  const selected = projections.filter(p => p.select?.length).length;

  return (
    <InfoCard
      title="Feature service"
      titleTypographyProps={{ component: 'h2' }}
    >
      <StructuredMetadataTable
        options={{ titleFormat: asIs }}
        metadata={{
          'Feast project': project ?? 'not annotated',
          'Name in Feast': <Identifier>{name}</Identifier>,
          'Feature views': `${projections.length}${
            selected ? ` (${selected} with selected features)` : ''
          }`,
          Tags: <TagChips tags={entity.spec?.tags} label="Feast tags" />,
          Owner: <OwnerLinks entity={entity} />,
        }}
      />
    </InfoCard>
  );
};
