import { readFile } from 'node:fs/promises';
// Reads the running portal's catalog API with a static token and checks that
// the demo lakehouse is complete: enough datasets, feature views, models and
// model servers, each owned by a group that exists.
const baseUrl = process.env.E2E_BASE_URL ?? 'http://localhost:7007';
const token =
  process.env.E2E_CATALOG_TOKEN ?? 'e2e-static-token-for-catalog-checks';

async function query(filter) {
  const url = `${baseUrl}/api/catalog/entities/by-query?filter=${encodeURIComponent(
    filter,
  )}&limit=1000`;
  const response = await fetch(url, {
    headers: { Authorization: `Bearer ${token}` },
  });
  if (!response.ok)
    throw new Error(
      `GET ${url} answered ${response.status}: ${await response.text()}`,
    );
  return (await response.json()).items;
}

// With the MLflow and Kubernetes doubles of e2e/demo-platform.ts the model
// and its deployments in two namespaces are discovered.
const discovered = Boolean(process.env.E2E_MLFLOW_URL);
const expectations = [
  ['kind=resource,spec.type=dataset', 10],
  ['kind=resource,spec.type=feature-view', 2],
  ['kind=resource,spec.type=feature-service', 1],
  ['kind=resource,spec.type=ai-model', 1],
  ['kind=component,spec.type=model-server', discovered ? 2 : 1],
];

// The catalog ingests its locations shortly after start-up: wait for them.
const deadline = Date.now() + 120_000;
while ((await query('kind=resource,spec.type=dataset')).length === 0) {
  if (Date.now() > deadline) break;
  await new Promise(r => setTimeout(r, 1000));
}

const groups = new Set(
  (await query('kind=group')).map(
    g => `group:${g.metadata.namespace}/${g.metadata.name}`,
  ),
);
let failed = false;
for (const [filter, minimum] of expectations) {
  const items = await query(filter);
  const unowned = items
    .filter(
      e =>
        !(e.relations ?? []).some(
          r => r.type === 'ownedBy' && groups.has(r.targetRef),
        ),
    )
    .map(e => e.metadata.name);
  const ok = items.length >= minimum && unowned.length === 0;
  failed ||= !ok;
  console.log(
    `${ok ? 'ok  ' : 'FAIL'} ${filter}: ${items.length} (at least ${minimum})` +
      (unowned.length
        ? `; without an existing owner group: ${unowned.join(', ')}`
        : ''),
  );
}
// With an Iceberg REST catalog configured, every table dbt knows is also in
// Iceberg: each must be one dataset carrying both sources, never two.
if (process.env.E2E_ICEBERG_URL) {
  const until = Date.now() + 120_000;
  let datasets = await query('kind=resource,spec.type=dataset');
  const merged = () =>
    datasets.filter(
      d =>
        d.metadata.annotations?.['lakehouse.dev/source-systems'] ===
        'dbt,iceberg',
    );
  while (merged().length < datasets.length && Date.now() < until) {
    await new Promise(r => setTimeout(r, 1000));
    datasets = await query('kind=resource,spec.type=dataset');
  }
  const names = datasets.map(d => d.metadata.name);
  const duplicates = names.filter((n, i) => names.indexOf(n) !== i);
  const withSnapshot = datasets.filter(
    d => d.spec?.currentSnapshot?.snapshotId && d.spec?.stats?.rows >= 0,
  );
  const ok =
    merged().length === datasets.length &&
    duplicates.length === 0 &&
    withSnapshot.length === datasets.length;
  failed ||= !ok;
  console.log(
    `${ok ? 'ok  ' : 'FAIL'} dbt and Iceberg merged: ${merged().length} of ${
      datasets.length
    } datasets from both, ` +
      `${withSnapshot.length} with snapshot figures, ${duplicates.length} duplicates`,
  );
}

// Feature views come from the Feast provider, and the catalog links the
// chain from table to deployment.
async function entity(ref) {
  const [kind, rest] = ref.split(':');
  const [namespace, name] = rest.split('/');
  const url = `${baseUrl}/api/catalog/entities/by-name/${kind}/${namespace}/${name}`;
  const response = await fetch(url, {
    headers: { Authorization: `Bearer ${token}` },
  });
  return response.ok ? response.json() : undefined;
}
const dependsOn = e =>
  (e?.relations ?? [])
    .filter(r => r.type === 'dependsOn')
    .map(r => r.targetRef);
const chain = [
  [
    'resource:default/commerce.customer_order_stats',
    'resource:default/lakehouse.gold.customer_features',
  ],
  [
    'resource:default/commerce.churn_model_features',
    'resource:default/commerce.customer_order_stats',
  ],
  [
    'resource:default/customer-churn',
    'resource:default/commerce.churn_model_features',
  ],
  [
    discovered
      ? 'component:default/ml-serving.customer-churn'
      : 'component:default/customer-churn-predictor',
    'resource:default/customer-churn',
  ],
];
const chainUntil = Date.now() + 120_000;
let broken = chain;
for (;;) {
  const checked = await Promise.all(
    chain.map(async ([from, to]) => [from, to, dependsOn(await entity(from))]),
  );
  broken = checked.filter(([, to, refs]) => !refs.includes(to));
  if (broken.length === 0 || Date.now() > chainUntil) break;
  await new Promise(r => setTimeout(r, 1000));
}
failed ||= broken.length > 0;
console.log(
  `${
    broken.length ? 'FAIL' : 'ok  '
  } lineage table → feature view → feature service → model → deployment` +
    (broken.length
      ? `; missing: ${broken.map(([from, to]) => `${from} → ${to}`).join(', ')}`
      : ''),
);
const views = await query('kind=resource,spec.type=feature-view');
const fromFeast = views.filter(
  v => v.metadata.annotations?.['lakehouse.dev/source-systems'] === 'feast',
);
const allFeast = views.length > 0 && fromFeast.length === views.length;
failed ||= !allFeast;
console.log(
  `${allFeast ? 'ok  ' : 'FAIL'} feature views from the Feast registry: ${
    fromFeast.length
  } of ${views.length}`,
);
// OpenLineage intake: a real dbt-ol event and the demo's Dagster export are
// accepted, a malformed event is refused, and the export's job and output
// appear downstream of the gold fact table, down to columns.
async function postLineage(body) {
  const response = await fetch(`${baseUrl}/api/lakehouse/openlineage`, {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${token}`,
      'Content-Type': 'application/json',
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, body: await response.text() };
}
const dbtOl = JSON.parse(
  await readFile(
    'plugins/lakehouse-backend/src/lineage/openlineage/__fixtures__/dbt_postgres_events.json',
    'utf8',
  ),
);
const demoExport = await readFile(
  'examples/lakehouse/openlineage/export_orders_daily.json',
  'utf8',
);
const accepted = [
  await postLineage(dbtOl[dbtOl.length - 1]),
  await postLineage(demoExport),
];
const malformed = JSON.parse(demoExport);
delete malformed.eventTime;
const refused = await postLineage(malformed);
const lineageOk =
  accepted.every(a => a.status === 201) &&
  refused.status === 400 &&
  refused.body.includes('eventTime');
failed ||= !lineageOk;
console.log(
  `${
    lineageOk ? 'ok  ' : 'FAIL'
  } OpenLineage intake: dbt-ol and Dagster events answered ${accepted
    .map(a => a.status)
    .join(', ')}, an event without eventTime ${refused.status}`,
);
const lineageUrl = `${baseUrl}/api/lakehouse/lineage?entityRef=${encodeURIComponent(
  'resource:default/lakehouse.gold.fct_orders',
)}&direction=downstream&depth=2`;
const downstream = await (
  await fetch(lineageUrl, { headers: { Authorization: `Bearer ${token}` } })
).json();
const columnTrace = await (
  await fetch(`${lineageUrl}&column=order_amount`, {
    headers: { Authorization: `Bearer ${token}` },
  })
).json();
const exported =
  downstream.nodes?.some(
    n => n.id === 'openlineage:dagster/export_orders_daily',
  ) &&
  downstream.nodes?.some(
    n => n.id === 'openlineage:s3://exports/finance/orders_daily',
  ) &&
  columnTrace.edges?.some(
    e =>
      e.target.id === 'openlineage:s3://exports/finance/orders_daily' &&
      e.target.column === 'revenue' &&
      e.transformation === 'DIRECT',
  );
failed ||= !exported;
console.log(
  `${
    exported ? 'ok  ' : 'FAIL'
  } lineage of fct_orders shows the export job and its output, revenue ← order_amount`,
);

// The dbt-ol event's datasets are not in the catalog: they are lineage-only
// nodes, linked through their job.
const dbtOrders = await (
  await fetch(
    `${baseUrl}/api/lakehouse/lineage?entityRef=${encodeURIComponent(
      'openlineage:postgres://POSTGRES_HOST:1234/postgres.public.orders',
    )}&direction=upstream&depth=2`,
    { headers: { Authorization: `Bearer ${token}` } },
  )
).json();
const dbtEdges = (dbtOrders.edges ?? []).map(
  e => `${e.source.id} → ${e.target.id}`,
);
const pg = 'openlineage:postgres://POSTGRES_HOST:1234/postgres.public';
const dbtJob = 'openlineage:job-namespace/postgres.public.jaffle_shop.orders';
const dbtOk = [
  `${pg}.stg_orders → ${dbtJob}`,
  `${pg}.stg_payments → ${dbtJob}`,
  `${dbtJob} → ${pg}.orders`,
].every(edge => dbtEdges.includes(edge));
failed ||= !dbtOk;
console.log(
  `${
    dbtOk ? 'ok  ' : 'FAIL'
  } the dbt-ol event's edges are in the graph: ${dbtEdges.join('; ')}`,
);

// The impact of a silver column: every downstream dataset and column, with
// the owner to tell.
const impact = await (
  await fetch(
    `${baseUrl}/api/lakehouse/impact?entityRef=${encodeURIComponent(
      'resource:default/lakehouse.silver.dim_customers',
    )}&column=customer_key`,
    { headers: { Authorization: `Bearer ${token}` } },
  )
).json();
const affected = (impact.items ?? []).map(
  i => `${i.title}.${(i.columns ?? []).join('|')} (${i.owner})`,
);
const impactOk =
  ['fct_orders.customer_key (group:default/analytics-engineering)'].every(
    item => affected.includes(item),
  ) && affected.length >= 2;
failed ||= !impactOk;
console.log(
  `${
    impactOk ? 'ok  ' : 'FAIL'
  } impact of dim_customers.customer_key: ${affected.join(', ')}`,
);

// The Kubernetes plugin finds each discovered deployment's InferenceService
// and pods, as its tab on the deployment page asks for them.
if (discovered) {
  for (const server of await query('kind=component,spec.type=model-server')) {
    const response = await fetch(
      `${baseUrl}/api/kubernetes/services/${encodeURIComponent(
        server.metadata.name,
      )}`,
      {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${token}`,
          'Content-Type': 'application/json',
        },
        body: JSON.stringify({ entity: server, auth: {} }),
      },
    );
    const body = response.ok ? await response.json() : {};
    const found = type =>
      (body.items ?? []).flatMap(cluster =>
        (cluster.resources ?? [])
          .filter(r => r.type === type)
          .flatMap(r => r.resources.map(o => o.metadata.name)),
      );
    const isvc = server.spec.inferenceService?.name;
    const ok =
      found('customresources').includes(isvc) && found('pods').length > 0;
    failed ||= !ok;
    console.log(
      `${ok ? 'ok  ' : 'FAIL'} Kubernetes tab of ${server.metadata.name}: ` +
        `InferenceService ${found('customresources').join(', ') || 'none'}, ` +
        `${found('pods').length} pods` +
        (response.ok ? '' : ` (answered ${response.status})`),
    );
  }
}
process.exit(failed ? 1 : 0);
