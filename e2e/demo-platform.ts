/**
 * Serves the demo lakehouse's tables from an Iceberg REST catalog double, the
 * way Apache Polaris would: every table of the demo dbt manifest, with its
 * columns, a daily partition where the table has a date, and snapshots whose
 * record counts add up to the rows of the generated demo data.
 *
 *   node --require @backstage/cli-node/config/nodeTransform.cjs e2e/iceberg-demo-catalog.ts
 *
 * prints the catalog's URL on its first line and serves until stopped.
 */
import fs from 'node:fs';
import path from 'node:path';
import { IcebergRestCatalogDouble } from '@internal/platform-doubles';
import { buildDemoWarehouse } from '@internal/plugin-lakehouse-backend';

const root = path.resolve(__dirname, '..');
const manifest = JSON.parse(
  fs.readFileSync(
    path.join(root, 'examples/lakehouse/dbt/target/manifest.json'),
    'utf8',
  ),
);

/** dbt data types of the demo (Trino names) in Iceberg's spelling. */
function icebergType(dataType: string | null | undefined): string {
  const type = (dataType ?? 'varchar').toLowerCase();
  if (type === 'bigint') return 'long';
  if (type === 'integer') return 'int';
  if (type.startsWith('decimal')) return type.replace(/\s+/g, '');
  if (['date', 'double', 'boolean', 'timestamp'].includes(type)) return type;
  return 'string';
}

async function main() {
  // The same warehouse the backend builds at start-up (kept when up to date).
  const { index } = await buildDemoWarehouse({
    projectDir: path.join(root, 'examples/lakehouse'),
    warehouseDir: path.join(root, 'examples/lakehouse/warehouse'),
  });
  const rows = new Map(index.tables.map(t => [t.identifier, t.rows]));
  const catalog = await IcebergRestCatalogDouble.start({
    prefix: 'lakehouse',
    warehouse: 'lakehouse',
    basePath: '/api/catalog',
    auth: {
      clientId: 'portal',
      clientSecret: 'demo-secret',
      scope: 'PRINCIPAL_ROLE:ALL',
    },
  });
  const tables = [
    ...Object.values<any>(manifest.nodes),
    ...Object.values<any>(manifest.sources),
  ].filter(n => ['model', 'seed', 'source'].includes(n.resource_type));
  const namespaces = new Set<string>();
  for (const node of tables) {
    const name = node.alias ?? node.identifier ?? node.name;
    if (!namespaces.has(node.schema)) {
      catalog.addNamespace([node.schema]);
      namespaces.add(node.schema);
    }
    const columns = Object.values<any>(node.columns).map(c => ({
      name: c.name,
      type: icebergType(c.data_type),
      required: c.name === Object.keys(node.columns)[0],
      doc: c.description || undefined,
    }));
    const dateColumn = columns.find(c => c.type === 'date');
    const total = rows.get(`lakehouse.${node.schema}.${name}`) ?? 0;
    catalog.addTable(
      [node.schema],
      name,
      IcebergRestCatalogDouble.tableMetadata({
        namespace: [node.schema],
        name,
        location: `s3://lakehouse/warehouse/${node.schema}/${name}`,
        columns: columns.length ? columns : undefined,
        partitionBy: dateColumn ? [`day(${dateColumn.name})`] : [],
        snapshotCount: 3,
        recordsPerSnapshot: Math.max(1, Math.round(total / 3)),
        lastUpdatedMs: Date.parse('2025-09-01T03:00:00Z'),
      }),
    );
  }
  process.stdout.write(`${catalog.url}\n`);
  const stop = () => void catalog.stop().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch(error => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
