// The manifest reader is the lakehouse's shared one; the catalog module
// still exports it, as it did before the reader moved.
export { parseDbtManifest } from '@internal/plugin-lakehouse-node';
export {
  dbtManifestToFragments,
  DEFAULT_DBT_LAYERS,
} from './dbtManifestToFragments';
export type { DbtFragmentOptions } from './dbtManifestToFragments';
