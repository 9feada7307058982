/*
 * Process entry of the Iceberg REST catalog double (Apache Iceberg REST Catalog OpenAPI spec,
 * apache-iceberg-1.11.0; see IcebergRestCatalogDouble.ts). Usage from a source checkout:
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs \
 *     packages/platform-doubles/src/iceberg/serve.ts '{"syntheticTables":50000,"syntheticNamespaces":500}'
 *
 * prints `{"url":"http://127.0.0.1:PORT","pid":N}` on stdout and serves until SIGTERM/SIGINT.
 * Options are those of IcebergRestCatalogDouble.start, plus `syntheticTables` / `syntheticNamespaces`
 * as a shorthand for `synthetic: { namespaces, tablesPerNamespace }`.
 */
import {
  IcebergRestCatalogDouble,
  type IcebergRestCatalogDoubleOptions,
} from './IcebergRestCatalogDouble';
import { runDoubleProcess } from '../support/childProcess';

/** Turns serve-script options into IcebergRestCatalogDouble options. */
export function serveOptions(
  raw: Record<string, unknown>,
): IcebergRestCatalogDoubleOptions {
  const { syntheticTables, syntheticNamespaces, ...rest } = raw as {
    syntheticTables?: number;
    syntheticNamespaces?: number;
  } & IcebergRestCatalogDoubleOptions;
  if (syntheticTables !== undefined) {
    const namespaces =
      syntheticNamespaces ?? Math.max(1, Math.ceil(syntheticTables / 100));
    rest.synthetic = {
      namespaces,
      tablesPerNamespace: Math.ceil(syntheticTables / namespaces),
    };
  }
  return rest;
}

if (require.main === module) {
  void runDoubleProcess(options =>
    IcebergRestCatalogDouble.start(serveOptions(options)),
  );
}
