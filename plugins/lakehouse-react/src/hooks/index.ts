export { useCatalogEntities } from './useCatalogEntities';
export type { CatalogEntitiesState } from './useCatalogEntities';
