// Prints, as JSON, the rows of the demo drift monitor's reference and current
// windows (examples/lakehouse/raw/churn_inference_log.sql on DuckDB), for
// demo_expected.py. Run from the repository root:
//   node plugins/lakehouse-backend/src/drift/__fixtures__/export-demo-windows.mjs > /tmp/windows.json
import { DuckDBInstance } from '@duckdb/node-api';
import fs from 'node:fs';

const sql = fs.readFileSync(
  'examples/lakehouse/raw/churn_inference_log.sql',
  'utf8',
);
const features = [
  'total_orders',
  'total_spend',
  'avg_order_amount',
  'returned_orders',
  'days_since_last_order',
  'country_code',
];
const instance = await DuckDBInstance.create(':memory:');
const connection = await instance.connect();
await connection.run(`create table log as ${sql}`);
const window = async where =>
  (
    await connection.runAndReadAll(
      `select ${features.join(', ')} from log where ${where}`,
    )
  ).getRowsJS();
const latest = (
  await connection.runAndReadAll(`select max(predicted_at)::varchar from log`)
).getRowsJS()[0][0];
const reference = await window(
  `predicted_at >= timestamp '2025-08-04' and predicted_at < timestamp '2025-08-24'`,
);
const current = await window(
  `predicted_at > timestamp '${latest}' - interval 7 day and predicted_at <= timestamp '${latest}'`,
);
process.stdout.write(
  JSON.stringify({ features, latest, reference, current }, (_, v) =>
    typeof v === 'bigint' ? Number(v) : v,
  ),
);
