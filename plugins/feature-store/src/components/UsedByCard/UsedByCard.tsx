import {
  Entity,
  parseEntityRef,
  RELATION_DEPENDENCY_OF,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { getEntityRelations, useEntity } from '@backstage/plugin-catalog-react';
import { isFeatureView } from '@internal/plugin-lakehouse-common';
import {
  EntityLinkGroup,
  EntityLinkGroups,
  useCatalogEntities,
} from '@internal/plugin-lakehouse-react';
import { Typography } from '@material-ui/core';

const GROUPS: { type: string; title: string }[] = [
  { type: 'feature-service', title: 'Feature services' },
  { type: 'ai-model', title: 'Models' },
  { type: 'feature-view', title: 'Feature views' },
];

/** Splits the dependents by what they are, in the order of the chain to a model. */
function groupDependents(
  refs: string[],
  entities: Map<string, Entity | undefined>,
): EntityLinkGroup[] {
  const groups = new Map<string, string[]>();
  for (const ref of refs) {
    const dependent = entities.get(ref);
    const type =
      dependent?.kind.toLocaleLowerCase('en-US') === 'resource'
        ? String(dependent.spec?.type ?? '')
        : '';
    const title = GROUPS.find(g => g.type === type)?.title ?? 'Other';
    groups.set(title, [...(groups.get(title) ?? []), ref]);
  }
  return [...GROUPS.map(g => g.title), 'Other']
    .filter(title => groups.has(title))
    .map(title => ({ title, refs: groups.get(title)! }));
}

const byName = (a: string, b: string) =>
  parseEntityRef(a).name.localeCompare(parseEntityRef(b).name);

const FIELDS = ['kind', 'metadata.name', 'metadata.namespace', 'spec.type'];

const isFeatureServiceEntity = (entity: Entity | undefined) =>
  entity?.kind.toLocaleLowerCase('en-US') === 'resource' &&
  entity.spec?.type === 'feature-service';

/**
 * What depends on a feature view or feature service: the feature services
 * that select it and the models trained with it — for a view, also the
 * models trained with the services that select it, since models name a
 * feature service rather than its views. The catalog says what each
 * dependent is; the card asks it for their kinds, types and relations only.
 */
export const UsedByCard = () => {
  const { entity } = useEntity();
  const refs = getEntityRelations(entity, RELATION_DEPENDENCY_OF)
    .map(r => stringifyEntityRef(r))
    .sort(byName);
  const direct = useCatalogEntities(refs, [...FIELDS, 'relations']);
  const throughServices = isFeatureView(entity)
    ? [
        ...new Set(
          [...direct.entities.values()]
            .filter(isFeatureServiceEntity)
            .flatMap(service =>
              getEntityRelations(service!, RELATION_DEPENDENCY_OF).map(r =>
                stringifyEntityRef(r),
              ),
            )
            .filter(ref => !refs.includes(ref)),
        ),
      ].sort(byName)
    : [];
  const indirect = useCatalogEntities(throughServices, FIELDS);
  const loading = direct.loading || indirect.loading;
  const error = direct.error ?? indirect.error;
  const entities = new Map([...direct.entities, ...indirect.entities]);
  // Of what uses the services, only the models belong here.
  const models = throughServices.filter(
    ref => entities.get(ref)?.spec?.type === 'ai-model',
  );
  const what = isFeatureView(entity) ? 'feature view' : 'feature service';

  let body: JSX.Element;
  if (refs.length === 0) {
    body = (
      <Typography variant="body2">
        Nothing uses this {what} yet.{' '}
        {isFeatureView(entity)
          ? 'Feature services that select it and models trained with them appear here.'
          : 'Models trained with it appear here once their MLflow runs name it (tag feature_service).'}
      </Typography>
    );
  } else if (loading) {
    body = <Progress aria-label="Loading what uses this" />;
  } else if (error) {
    body = (
      <ResponseErrorPanel
        title="Could not read the dependents from the catalog"
        error={error}
      />
    );
  } else {
    body = (
      <EntityLinkGroups
        groups={groupDependents([...refs, ...models], entities)}
        showCounts
      />
    );
  }

  return (
    <InfoCard title="Used by" titleTypographyProps={{ component: 'h2' }}>
      {body}
    </InfoCard>
  );
};
