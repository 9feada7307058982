/*
 * Protocol-faithful test doubles of the platform servers that cannot run in tests: an Iceberg REST catalog
 * (Apache Iceberg REST Catalog OpenAPI spec, apache-iceberg-1.11.0), a Trino coordinator (Trino client REST
 * protocol, https://trino.io/docs/current/develop/client-protocol.html) backed by DuckDB, a Kubernetes API
 * server with KServe, an MLflow tracking server's Model Registry API, Feast's registry server (REST) and
 * feature server, and Apache Polaris' management API (principals, roles and grants). Each double's own header names the upstream spec or source it follows.
 *
 * @packageDocumentation
 */

export * from './iceberg/IcebergRestCatalogDouble';
export {
  buildTableMetadata,
  type IcebergColumnSpec,
  type IcebergSchemaField,
  type IcebergSnapshot,
  type IcebergTableMetadata,
  type TableMetadataOptions,
} from './iceberg/tableMetadata';
export { toLosslessJson } from './iceberg/json';
export * from './trino/TrinoDouble';
export * from './kubernetes/KubernetesApiDouble';
export {
  FeastRegistryRestDouble,
  type FeastRegistryRestDoubleOptions,
  type FeastRegistryJson,
  type FeastRegistryObjectJson,
} from './feast/registry/FeastRegistryRestDouble';
export * from './mlflow/MlflowDouble';
export * from './polaris/PolarisManagementDouble';
export type {
  Fault,
  FaultScope,
  StatusFault,
  DelayFault,
  TruncateFault,
  EmptyListingFault,
} from './support/faults';
export type { RecordedRequest } from './support/http';
export {
  ProtocolDouble,
  type InternalErrorAnswer,
} from './support/ProtocolDouble';
export type { ChildProcessDouble } from './support/childProcess';
export * from './feast/featureServer';
