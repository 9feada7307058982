/**
 * The lakehouse backend's HTTP API as types, generated from its spec
 * (plugins/lakehouse-backend/src/schema/openapi.yaml) by `npm run generate`
 * in plugins/lakehouse-backend: paths, parameters, bodies and answers, for
 * clients typed by the spec such as openapi-fetch's.
 */
export type {
  components as LakehouseApiComponents,
  operations as LakehouseApiOperations,
  paths as LakehouseApiPaths,
} from './openapi/generated/types';
