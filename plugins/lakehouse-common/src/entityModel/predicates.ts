import type { Entity } from '@backstage/catalog-model';
import {
  LAKEHOUSE_KIND_OF_TYPE,
  LakehouseEntityType,
  LakehouseEntityTypeValue,
} from './constants';

function hasType(entity: Entity, type: LakehouseEntityTypeValue): boolean {
  return (
    entity.kind.toLocaleLowerCase('en-US') ===
      LAKEHOUSE_KIND_OF_TYPE[type].toLocaleLowerCase('en-US') &&
    entity.spec?.type === type
  );
}

/** True for a dataset (Resource of type `dataset`). @public */
export const isDataset = (entity: Entity) =>
  hasType(entity, LakehouseEntityType.dataset);

/** True for a Feast feature view. @public */
export const isFeatureView = (entity: Entity) =>
  hasType(entity, LakehouseEntityType.featureView);

/** True for a Feast feature service. @public */
export const isFeatureService = (entity: Entity) =>
  hasType(entity, LakehouseEntityType.featureService);

/** True for a registered model. @public */
export const isAiModel = (entity: Entity) =>
  hasType(entity, LakehouseEntityType.aiModel);

/** True for a served model (KServe InferenceService). @public */
export const isModelServer = (entity: Entity) =>
  hasType(entity, LakehouseEntityType.modelServer);

/** True for any entity of the lakehouse entity model. @public */
export const isLakehouseEntity = (entity: Entity) =>
  (Object.values(LakehouseEntityType) as LakehouseEntityTypeValue[]).some(t =>
    hasType(entity, t),
  );
