export {
  parseDbtManifest,
  DbtManifestError,
  SUPPORTED_DBT_MANIFEST_VERSION,
} from './parseDbtManifest';
export {
  dbtManifestToFragments,
  DEFAULT_DBT_LAYERS,
} from './dbtManifestToFragments';
export type { DbtFragmentOptions } from './dbtManifestToFragments';
export type {
  DbtBaseNode,
  DbtColumn,
  DbtExposure,
  DbtFreshness,
  DbtFreshnessTime,
  DbtManifest,
  DbtManifestMetadata,
  DbtMeta,
  DbtNode,
  DbtNodeConfig,
  DbtSource,
  DbtTestNode,
} from './types';
