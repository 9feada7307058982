/**
 * Reads the Feast registry for backend packages: `registry.db` files decoded
 * with Feast's own message definitions (protobuf, loaded at runtime from this
 * package's `proto/` folder), and the registry server's REST API. Both give
 * the same document: the registry as protobuf's Python `MessageToDict` prints
 * it.
 *
 * @packageDocumentation
 */

export {
  decodeFeastRegistry,
  FeastRegistryDecodeError,
  type FeastRegistryDecodeFailure,
} from './registry/decodeFeastRegistry';
export {
  encodeFeastRegistry,
  FeastRegistryEncodeError,
} from './registry/encodeFeastRegistry';
export type {
  FeastDataSource,
  FeastEntity,
  FeastFeatureService,
  FeastFeatureSpec,
  FeastFeatureView,
  FeastFeatureViewMeta,
  FeastFeatureViewProjection,
  FeastObjectMeta,
  FeastOnDemandFeatureView,
  FeastProject,
  FeastRegistryDocument,
  FeastStreamFeatureView,
  FeastStringMap,
  FeastValueTypeName,
} from './registry/types';
export {
  FeastRegistryRestClient,
  type FeastRegistryRestClientOptions,
} from './rest/FeastRegistryRestClient';
export { FeastRegistryRequestError } from './rest/FeastRegistryRequestError';
