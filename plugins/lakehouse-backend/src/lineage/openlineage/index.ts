export { createOpenLineageRouter } from './router';
export type { OpenLineageRouterOptions } from './router';
export { OpenLineageStore } from './OpenLineageStore';
export { validateRunEvent } from './validateRunEvent';
export { toTableIdentifier } from './tableIdentifier';
export type { TableNamingOptions } from './tableIdentifier';
export { readOpenLineageConfig, DEFAULT_MAX_BODY_BYTES } from './config';
export type { OpenLineageConfig } from './config';
export type {
  OpenLineageColumnEdge,
  OpenLineageDataset,
  OpenLineageDatasetRef,
  OpenLineageEventType,
  OpenLineageFacet,
  OpenLineageJobLineage,
  OpenLineageRunEvent,
} from './types';
