// Browser test of the portal in real Chromium, driven by playwright-core.
// Expects a running portal at E2E_BASE_URL (default http://localhost:7007)
// and writes screenshots to E2E_ARTEFACTS (default artefacts/e2e).
import { chromium } from 'playwright-core';
import fs from 'node:fs/promises';
import path from 'node:path';
import {
  installDirectoryPicker,
  readTemplateDirectory,
} from './templateDirectory.mjs';

const baseUrl = process.env.E2E_BASE_URL ?? 'http://localhost:7007';
const artefacts = path.resolve(process.env.E2E_ARTEFACTS ?? 'artefacts/e2e');
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const TIMEOUT = 60_000;
// The platform doubles of e2e/demo-platform.ts, when .ci/run started them.
const featureServerUrl = process.env.E2E_FEATURE_SERVER_URL;
const discovered = Boolean(process.env.E2E_MLFLOW_URL);

// The Polaris management API double of e2e/demo-platform.ts, when .ci/run
// started it, and the backend log where the auditor writes.
const polarisUrl = process.env.E2E_POLARIS_URL;
const backendLog = process.env.E2E_BACKEND_LOG;

/**
 * A Backstage token for another demo user, signed in the way a portal
 * behind oauth2-proxy sees its users (e2e/app-config.e2e.yaml).
 */
async function signInAs(user) {
  const res = await fetch(`${baseUrl}/api/auth/oauth2Proxy/refresh`, {
    headers: { 'x-forwarded-user': user, 'x-requested-with': 'XMLHttpRequest' },
  });
  if (!res.ok)
    throw new Error(`sign-in as ${user}: ${res.status} ${await res.text()}`);
  return (await res.json()).backstageIdentity.token;
}

/** Calls the portal's API as a user. */
async function portalApi(token, method, urlPath, body) {
  const res = await fetch(`${baseUrl}${urlPath}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = await res.json().catch(() => undefined);
  if (!res.ok) {
    throw new Error(
      `${method} ${urlPath}: ${res.status} ${JSON.stringify(json)}`,
    );
  }
  return json;
}

/** The grants a Polaris catalog role holds, read as Polaris' root would. */
async function polarisGrants(catalogRole) {
  const token = await fetch(`${polarisUrl}/api/catalog/v1/oauth/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials&client_id=portal-admin&client_secret=demo-secret&scope=PRINCIPAL_ROLE:ALL',
  }).then(r => r.json());
  const res = await fetch(
    `${polarisUrl}/api/management/v1/catalogs/lakehouse/catalog-roles/${encodeURIComponent(
      catalogRole,
    )}/grants`,
    { headers: { authorization: `Bearer ${token.access_token}` } },
  );
  if (res.status === 404) return [];
  if (!res.ok)
    throw new Error(`Polaris grants of ${catalogRole}: ${res.status}`);
  return (await res.json()).grants;
}

/** Audit events of the backend log with this event id and status. */
async function auditEvents(eventId, status) {
  const log = await fs.readFile(backendLog, 'utf8');
  return log
    .split('\n')
    .filter(line => line.includes('"isAuditEvent":true'))
    .map(line => JSON.parse(line))
    .filter(e => e.eventId === eventId && e.status === status);
}

async function waitFor(what, check, timeoutMs = TIMEOUT) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise(r => setTimeout(r, 500));
  }
}

const steps = [];
async function step(name, action) {
  const started = Date.now();
  try {
    await action();
    steps.push(`ok   ${name} (${Date.now() - started} ms)`);
  } catch (error) {
    steps.push(`FAIL ${name}: ${error.message.split('\n')[0]}`);
    throw error;
  }
}

/** Opens one of the repository's template directories in the template editor. */
async function openInTemplateEditor(page, name) {
  await page.goto(`${baseUrl}/create/edit`);
  await page.evaluate(directory => {
    window.templateDirectoryToOpen = directory;
  }, name);
  await page.getByText('Load Template Directory').click();
}

/** Picks the first option of a catalog picker (EntityPicker, OwnerPicker). */
async function pickFromCatalog(page, label, search) {
  const field = page.getByRole('textbox', { name: label });
  await field.click();
  await field.fill(search);
  await page
    .getByRole('option', { name: new RegExp(search, 'i') })
    .first()
    .click();
}

/** Runs the form's dry run and waits for the template's rendered output. */
async function dryRunAndReadOutput(page, expectedText) {
  await page.getByRole('button', { name: 'Review' }).click();
  await page.getByRole('button', { name: 'Create' }).click();
  await page.getByText('Dry-run results').waitFor();
  // The template's output is rendered only when every step passed, the
  // validation action included.
  await page.getByRole('tab', { name: 'Output' }).click();
  await page.getByText(expectedText).first().waitFor();
}

async function main() {
  await fs.mkdir(artefacts, { recursive: true });
  const userDataDir = await fs.mkdtemp(path.join(artefacts, 'profile-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath,
    headless: true,
    viewport: { width: 1440, height: 1000 },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(TIMEOUT);
  // The template editor opens one of these directories when asked to load one.
  await page.addInitScript(
    installDirectoryPicker,
    Object.fromEntries(
      ['dbt-model', 'feast-feature-view', 'kserve-deployment'].map(name => [
        name,
        readTemplateDirectory(path.resolve('templates', name)),
      ]),
    ),
  );
  const consoleErrors = [];
  page.on('pageerror', error => consoleErrors.push(error.message));

  try {
    await step('sign in as guest', async () => {
      await page.goto(baseUrl);
      await page.getByRole('button', { name: 'Enter' }).click();
      await page
        .getByRole('link', { name: 'Lakehouse', exact: true })
        .first()
        .waitFor();
      // The start page leads to the catalog, at /catalog as everywhere.
      await page.waitForURL(url => url.pathname === '/catalog');
      await page.getByText('Lakehouse Catalog').waitFor();
    });

    await step('open the catalog', async () => {
      await page
        .getByRole('link', { name: 'Catalog', exact: true })
        .first()
        .click();
      await page.getByText('Lakehouse Catalog').waitFor();
      await page.getByText('All', { exact: true }).first().click();
      await page
        .getByRole('link', { name: 'MLOps Lakehouse Portal' })
        .waitFor();
    });

    await step('open a gold dataset from the lakehouse page', async () => {
      await page
        .getByRole('link', { name: 'Lakehouse', exact: true })
        .first()
        .click();
      await page.getByText('Datasets by layer').waitFor();
      // The sources panel lists where the datasets come from.
      await page.getByText('dbt:demo').first().waitFor();
      await page.getByText('feast:demo').first().waitFor();
      if (process.env.E2E_ICEBERG_URL) {
        await page.getByText('iceberg:demo').first().waitFor();
      }
      if (discovered) {
        await page.getByText('mlflow:demo').first().waitFor();
        await page.getByText('kserve:serving').first().waitFor();
      }
      await page.screenshot({
        path: path.join(artefacts, 'lakehouse-page.png'),
        fullPage: true,
      });
      await page.getByRole('link', { name: 'fct_orders', exact: true }).click();
      await page.getByRole('heading', { name: 'fct_orders' }).first().waitFor();
      // The overview card of the lakehouse plugin names the table and layer.
      await page
        .getByText('lakehouse.gold.fct_orders', { exact: true })
        .waitFor();
      // The relations card draws the upstream datasets of the fact table.
      await page.getByRole('heading', { name: 'Relations' }).waitFor();
      await page.locator('svg').getByText('stg_orders').first().waitFor();
      await page.screenshot({
        path: path.join(artefacts, 'dataset-page.png'),
        fullPage: true,
      });
    });

    await step('read the dataset schema', async () => {
      await page.getByText('Schema', { exact: true }).first().click();
      await page
        .getByRole('cell', { name: 'order_amount', exact: true })
        .waitFor();
      await page.getByRole('cell', { name: 'Order value in EUR.' }).waitFor();
      await page.screenshot({
        path: path.join(artefacts, 'dataset-schema.png'),
        fullPage: true,
      });
      await page.getByText('Overview', { exact: true }).first().click();
    });

    if (process.env.E2E_ICEBERG_URL) {
      await step('see its Iceberg figures and snapshot history', async () => {
        // The overview card shows the rows of the current Iceberg snapshot.
        const response = await fetch(
          `${baseUrl}/api/catalog/entities/by-name/resource/default/lakehouse.gold.fct_orders`,
          {
            headers: {
              Authorization: `Bearer ${
                process.env.E2E_CATALOG_TOKEN ??
                'e2e-static-token-for-catalog-checks'
              }`,
            },
          },
        );
        const rows = (await response.json()).spec.stats.rows;
        await page
          .getByText(rows.toLocaleString('en-US'), { exact: true })
          .first()
          .waitFor();
        await page.getByText('History', { exact: true }).first().click();
        await page
          .getByText(/^\d{19}$/)
          .first()
          .waitFor();
        await page.screenshot({
          path: path.join(artefacts, 'dataset-history.png'),
          fullPage: true,
        });
        await page.getByText('Overview', { exact: true }).first().click();
      });
    }

    await step('read its dbt SQL', async () => {
      await page.getByText('SQL', { exact: true }).first().click();
      await page
        .getByText(/ref\('stg_orders'\)/)
        .first()
        .waitFor();
      await page.screenshot({
        path: path.join(artefacts, 'dataset-sql.png'),
        fullPage: true,
      });
      await page.getByText('Overview', { exact: true }).first().click();
    });

    await step(
      'preview its rows, and be refused the rows of a pii dataset',
      async () => {
        await page.getByText('Preview', { exact: true }).first().click();
        await page
          .getByRole('columnheader', { name: /order_amount/ })
          .first()
          .waitFor();
        await page.screenshot({
          path: path.join(artefacts, 'dataset-preview.png'),
          fullPage: true,
        });
        // stg_customers holds personal data and belongs to data-platform; the
        // guest is in analytics-engineering, so the policy refuses its rows.
        await page.goto(
          `${baseUrl}/catalog/default/resource/lakehouse.bronze.stg_customers/preview`,
        );
        await page
          .getByText('You are not allowed to read the data of this dataset')
          .waitFor();
        await page.goto(
          `${baseUrl}/catalog/default/resource/lakehouse.gold.fct_orders`,
        );
        await page
          .getByRole('heading', { name: 'fct_orders' })
          .first()
          .waitFor();
      },
    );

    await step('open its dependencies graph', async () => {
      await page
        .getByRole('link', { name: /view graph/i })
        .first()
        .click();
      await page
        .locator('svg#dependency-graph, svg[id*="graph"]')
        .first()
        .waitFor();
      await page.getByText('stg_orders').first().waitFor();
      await page.screenshot({
        path: path.join(artefacts, 'dependency-graph.png'),
        fullPage: true,
      });
    });

    await step(
      'open a feature view from Feast and look up its online values',
      async () => {
        await page.goto(
          `${baseUrl}/catalog/default/resource/commerce.customer_order_stats`,
        );
        await page
          .getByRole('heading', { name: 'customer_order_stats' })
          .first()
          .waitFor();
        await page
          .getByRole('table', { name: 'Features' })
          .getByText('total_spend', { exact: true })
          .waitFor();
        // Its batch source is the gold table dbt builds, linked.
        await page
          .getByRole('link', { name: 'customer_features' })
          .first()
          .waitFor();
        // The service that selects it and the model trained with that service.
        await page
          .getByRole('list', { name: 'Feature services' })
          .getByRole('link', { name: /churn_model_features/ })
          .waitFor();
        await page
          .getByRole('list', { name: 'Models' })
          .getByRole('link', { name: /customer-churn/ })
          .waitFor();
        await page
          .getByRole('heading', { name: 'Online lookup', exact: true })
          .waitFor();
        await page.getByRole('textbox', { name: 'customer_id' }).fill('1, 2');
        await page.getByRole('button', { name: 'Look up' }).click();
        if (!featureServerUrl) {
          // npm start runs no feature server: the lookup says what to set.
          await page
            .getByText(/lakehouse\.feast\.featureServerUrl/)
            .first()
            .waitFor();
          return;
        }
        const values = page.getByRole('table', {
          name: 'Online feature values',
        });
        await values.waitFor();
        // The values are the ones the Feast feature server holds.
        const answer = await (
          await fetch(`${featureServerUrl}/get-online-features`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({
              features: ['customer_order_stats:total_orders'],
              entities: { customer_id: [1, 2] },
            }),
          })
        ).json();
        const totals = answer.results[1].values;
        for (const total of totals) {
          await values
            .getByRole('cell', { name: String(total), exact: true })
            .first()
            .waitFor();
        }
        await values.getByText('PRESENT').first().waitFor();
        await page.screenshot({
          path: path.join(artefacts, 'feature-view.png'),
          fullPage: true,
        });
      },
    );

    await step(
      'open the model with its versions, metrics and deployments',
      async () => {
        await page.goto(`${baseUrl}/catalog/default/resource/customer-churn`);
        await page
          .getByRole('heading', { name: 'Model versions (3)' })
          .waitFor();
        const versions = page.getByRole('table', { name: 'Model versions' });
        await versions.getByText('champion', { exact: true }).waitFor();
        await versions.getByText('challenger', { exact: true }).waitFor();
        await page
          .getByRole('img', { name: /accuracy by model version/ })
          .waitFor();
        await page.getByRole('heading', { name: 'Trained on' }).waitFor();
        await page
          .getByRole('link', { name: 'churn_model_features' })
          .first()
          .waitFor();
        await page
          .getByRole('heading', { name: 'Deployments', exact: true })
          .waitFor();
        if (!discovered) {
          await page
            .getByText(/catalog\.providers\.mlflow/)
            .first()
            .waitFor();
        }
        await page.screenshot({
          path: path.join(artefacts, 'model.png'),
          fullPage: true,
        });
      },
    );

    await step(
      'open a deployment: readiness, traffic and the model it serves',
      async () => {
        if (!discovered) {
          // npm start declares the deployment in YAML: no live status.
          await page.goto(
            `${baseUrl}/catalog/default/component/customer-churn-predictor`,
          );
          await page
            .getByText(/catalog\.providers\.kserve/)
            .first()
            .waitFor();
          return;
        }
        await page.goto(
          `${baseUrl}/catalog/default/component/ml-staging.customer-churn`,
        );
        await page
          .getByRole('heading', { name: 'Deployment', exact: true })
          .waitFor();
        await page.getByText(/Last failure: ModelLoadFailed/).waitFor();
        await page
          .getByRole('table', { name: 'Conditions' })
          .getByText('PredictorNotReady')
          .waitFor();
        await page
          .getByRole('img', {
            name: 'Traffic split: 75% to the current model, 25% to the canary',
          })
          .waitFor();
        await page
          .getByRole('link', { name: 'customer-churn', exact: true })
          .first()
          .waitFor();
        await page.screenshot({
          path: path.join(artefacts, 'deployment.png'),
          fullPage: true,
        });
        // The Kubernetes tab of the production deployment finds its pod.
        await page.goto(
          `${baseUrl}/catalog/default/component/ml-serving.customer-churn/kubernetes`,
        );
        await page.getByText('1 pod').waitFor();
        await page.screenshot({
          path: path.join(artefacts, 'deployment-kubernetes.png'),
          fullPage: true,
        });
      },
    );

    await step(
      "follow the fact table's lineage to the served model, and a column's",
      async () => {
        await page.goto(
          `${baseUrl}/catalog/default/resource/lakehouse.gold.fct_orders/lineage`,
        );
        const graph = page.getByRole('figure', { name: 'Lineage graph' });
        await graph.waitFor();
        // raw → bronze → silver → gold → feature view → service → model → deployment
        for (const title of [
          'orders',
          'stg_orders',
          'dim_customers',
          'fct_orders',
          'customer_features',
          'customer_order_stats',
          'churn_model_features',
          'customer-churn',
          discovered
            ? 'customer-churn (ml-serving)'
            : 'customer-churn predictor',
        ]) {
          await graph
            .getByRole('group', { name: title, exact: true })
            .waitFor();
        }
        if (discovered) {
          // Reported by the Dagster export's OpenLineage event (catalog check).
          await graph
            .getByRole('group', { name: 'export_orders_daily', exact: true })
            .waitFor();
        }
        await page.screenshot({
          path: path.join(artefacts, 'lineage.png'),
          fullPage: true,
        });
        await page.getByRole('switch', { name: 'Column mode' }).click();
        await page
          .getByRole('combobox', { name: 'Column' })
          .selectOption('order_amount');
        const upstream = page.getByRole('list', { name: /^Upstream columns/ });
        await upstream
          .getByText(/line_amount/)
          .first()
          .waitFor();
        await page
          .getByRole('list', { name: /^Downstream columns/ })
          .getByText(/total_spend/)
          .first()
          .waitFor();
        await page
          .getByRole('heading', { name: 'Impact', exact: true })
          .waitFor();
        await page.screenshot({
          path: path.join(artefacts, 'lineage-column.png'),
          fullPage: true,
        });
      },
    );

    await step(
      "see the drift injected into the demo model's inference log, and the owners' notification",
      async () => {
        await page.goto(`${baseUrl}/catalog/default/resource/customer-churn`);
        await page
          .getByText(/Drift in days_since_last_order/)
          .first()
          .waitFor();
        // The entity page's tabs are links in its header.
        await page
          .locator('a, [role=tab]')
          .filter({ hasText: /^Drift$/ })
          .first()
          .click();
        await page.waitForURL(/\/customer-churn\/drift/);
        await page.getByRole('button', { name: 'Run now' }).click();
        const table = page.getByRole('table', { name: 'Drift by feature' });
        await table.waitFor();
        // The monitor compares six features; only the injected one drifts.
        const drifted = table.getByRole('row').filter({
          has: page.getByText('Drift', { exact: true }),
        });
        await drifted.first().waitFor();
        if ((await drifted.count()) !== 1) {
          throw new Error(
            `expected one drifted feature, saw ${await drifted.count()}`,
          );
        }
        await drifted.getByText('days_since_last_order').waitFor();
        const calm = table.getByRole('row').filter({
          has: page.getByText('No drift', { exact: true }),
        });
        if ((await calm.count()) !== 5) {
          throw new Error(
            `expected five features without drift, saw ${await calm.count()}`,
          );
        }
        await drifted.getByText('days_since_last_order').click();
        await page
          .getByRole('img', { name: /histogram/i })
          .first()
          .waitFor();
        await page.screenshot({
          path: path.join(artefacts, 'drift.png'),
          fullPage: true,
        });
        // guest is in ml-engineering, the model's owners.
        await page.goto(`${baseUrl}/notifications`);
        await page
          .getByText(/Drift in customer-churn: days_since_last_order/)
          .first()
          .waitFor();
      },
    );

    await step(
      'run a join over the star schema in the SQL console',
      async () => {
        const sql =
          'select d.year, count(*) as orders, sum(f.order_amount) as revenue\n' +
          'from lakehouse.gold.fct_orders f\n' +
          'join lakehouse.silver.dim_date d on f.date_key = d.date_key\n' +
          'group by d.year\norder by d.year';
        await page.goto(
          `${baseUrl}/lakehouse/sql?sql=${encodeURIComponent(sql)}`,
        );
        await page.getByRole('button', { name: 'Run' }).click();
        await page.getByRole('cell', { name: '2024', exact: true }).waitFor();
        await page.getByRole('cell', { name: '2025', exact: true }).waitFor();
        // Every order is counted once across the two years.
        const orders = await page.getByRole('row').evaluateAll(rows =>
          rows
            .map(r =>
              [...r.querySelectorAll('td')].map(td => td.textContent?.trim()),
            )
            .filter(cells => cells[0] === '2024' || cells[0] === '2025')
            .reduce(
              (sum, cells) => sum + Number(String(cells[1]).replace(/,/g, '')),
              0,
            ),
        );
        if (orders !== 2400)
          throw new Error(
            `expected 2400 orders over both years, the table shows ${orders}`,
          );
        await page.screenshot({
          path: path.join(artefacts, 'sql-console.png'),
          fullPage: true,
        });
        const [download] = await Promise.all([
          page.waitForEvent('download'),
          page.getByRole('button', { name: 'Download CSV' }).click(),
        ]);
        const csv = await fs.readFile(await download.path(), 'utf8');
        const lines = csv.trim().split(/\r?\n/);
        if (lines[0] !== 'year,orders,revenue' || !/^2024,\d+,/.test(lines[1]))
          throw new Error(`unexpected CSV download:\n${csv.slice(0, 300)}`);
      },
    );

    await step('cancel a long query in the SQL console', async () => {
      const sql = 'select count(*) from range(1000000000000)';
      await page.goto(
        `${baseUrl}/lakehouse/sql?sql=${encodeURIComponent(sql)}`,
      );
      await page.getByRole('button', { name: 'Run' }).click();
      await page.getByRole('progressbar', { name: 'Query progress' }).waitFor();
      await page.getByRole('button', { name: 'Cancel' }).click();
      await page.getByText('Query canceled').waitFor();
      // The console is ready for the next statement.
      await page
        .getByRole('button', { name: 'Run', disabled: false })
        .waitFor();
      await page.screenshot({
        path: path.join(artefacts, 'sql-console-canceled.png'),
        fullPage: true,
      });
    });

    await step(
      'see the demo’s classified, unowned and stale data on the governance page',
      async () => {
        await page.goto(`${baseUrl}/lakehouse/governance`);
        for (const title of ['Ownership', 'Classified data', 'Stale datasets'])
          await page.getByText(title, { exact: true }).first().waitFor();
        // dim_products belongs to a team with no members in the portal.
        await page
          .getByText(/merchandising, which has no members/)
          .first()
          .waitFor();
        // The e-mail column's pii is inherited from raw.customers through
        // bronze and silver.
        await page
          .getByRole('link', { name: /stg_customers/ })
          .first()
          .waitFor();
        await page
          .getByText(/inherited/)
          .first()
          .waitFor();
        // The demo's data stopped in 2025, older than the declared SLAs.
        await page
          .getByRole('link', { name: /fct_orders/ })
          .first()
          .waitFor();
        await page.screenshot({
          path: path.join(artefacts, 'governance.png'),
          fullPage: true,
        });
      },
    );

    if (polarisUrl) {
      const silver = 'lakehouse.silver.dim_customers';
      await step(
        'ask for access to a pii dataset, and read it once its owner approves',
        async () => {
          // stg_customers holds personal data and belongs to data-platform.
          await page.goto(
            `${baseUrl}/catalog/default/resource/lakehouse.bronze.stg_customers/preview`,
          );
          await page
            .getByText('You are not allowed to read the data of this dataset')
            .waitFor();
          await page
            .getByRole('button', { name: 'Request access' })
            .first()
            .click();
          const dialog = page.getByRole('dialog');
          await dialog
            .getByRole('textbox', { name: /Reason/ })
            .fill('Checking the e-mail cleaning for the churn features.');
          await dialog.getByRole('button', { name: 'Send request' }).click();
          await page.getByLabel('Your access request').first().waitFor();
          // Ada, of data-platform, approves it.
          const ada = await signInAs('ada');
          const { items } = await portalApi(
            ada,
            'GET',
            `/api/lakehouse/access-requests?entityRef=${encodeURIComponent(
              'resource:default/lakehouse.bronze.stg_customers',
            )}&state=pending`,
          );
          if (
            items.length !== 1 ||
            items[0].requestedBy !== 'user:default/guest'
          )
            throw new Error(
              `expected the guest's pending request, got ${JSON.stringify(
                items,
              )}`,
            );
          const approved = await portalApi(
            ada,
            'POST',
            `/api/lakehouse/access-requests/${items[0].id}/approve`,
            { comment: 'For the churn work.' },
          );
          const grants = await polarisGrants(approved.grant.catalogRole);
          if (
            !grants.some(
              g =>
                g.tableName === 'stg_customers' &&
                g.privilege === 'TABLE_READ_DATA',
            )
          )
            throw new Error(
              `no TABLE_READ_DATA grant at Polaris: ${JSON.stringify(grants)}`,
            );
          // The guest now reads the rows in the portal too.
          await page.reload();
          await page
            .getByRole('columnheader', { name: /email/ })
            .first()
            .waitFor();
        },
      );

      await step(
        'approve a request as the owner; the grant reaches Polaris and expiry revokes it',
        async () => {
          // Ada asks for a few seconds of access to the guest's team's pii dimension.
          const ada = await signInAs('ada');
          const request = await portalApi(
            ada,
            'POST',
            '/api/lakehouse/access-requests',
            {
              entityRef: `resource:default/${silver}`,
              privilege: 'read',
              reason: 'Reconciling customer counts between bronze and silver.',
              durationDays: 0.0003,
            },
          );
          if (request.state !== 'pending')
            throw new Error(`request is ${request.state}`);
          await page.goto(
            `${baseUrl}/lakehouse/access-requests?id=${request.id}`,
          );
          const row = page
            .getByRole('row', {
              name: new RegExp(silver.replace(/\./g, '\\.')),
            })
            .first();
          await row.getByRole('button', { name: 'Approve' }).click();
          await row.getByText('approved', { exact: true }).waitFor();
          await page.screenshot({
            path: path.join(artefacts, 'access-requests.png'),
            fullPage: true,
          });
          const approved = await portalApi(
            ada,
            'GET',
            `/api/lakehouse/access-requests/${request.id}`,
          );
          if (approved.decidedBy !== 'user:default/guest')
            throw new Error(`decided by ${approved.decidedBy}`);
          const role = approved.grant.catalogRole;
          const granted = await polarisGrants(role);
          if (
            !granted.some(
              g =>
                g.tableName === 'dim_customers' &&
                g.privilege === 'TABLE_READ_DATA',
            )
          )
            throw new Error(
              `no grant at Polaris after approval: ${JSON.stringify(granted)}`,
            );
          // About 26 seconds of access; the expiry task runs every 5.
          await waitFor(
            'the request to expire',
            async () => {
              const now = await portalApi(
                ada,
                'GET',
                `/api/lakehouse/access-requests/${request.id}`,
              );
              return now.state === 'expired';
            },
            90_000,
          );
          const after = await polarisGrants(role);
          if (after.some(g => g.tableName === 'dim_customers'))
            throw new Error(
              `the grant is still at Polaris: ${JSON.stringify(after)}`,
            );
          await page.reload();
          await page
            .getByRole('row', {
              name: new RegExp(silver.replace(/\./g, '\\.')),
            })
            .first()
            .getByText('expired', { exact: true })
            .waitFor();
          const approvals = await auditEvents(
            'access-request-approve',
            'succeeded',
          );
          const expiries = await auditEvents(
            'access-request-expire',
            'succeeded',
          );
          if (!approvals.some(e => JSON.stringify(e.meta).includes(request.id)))
            throw new Error('the approval is not in the audit log');
          if (!expiries.some(e => JSON.stringify(e.meta).includes(request.id)))
            throw new Error('the expiry is not in the audit log');
        },
      );
    }

    await step('find the three golden paths on the Create page', async () => {
      await page.goto(`${baseUrl}/create`);
      for (const title of [
        'New dbt model',
        'New Feast feature view',
        'Deploy a model with KServe',
      ]) {
        await page.getByText(title, { exact: true }).first().waitFor();
      }
      await page.screenshot({
        path: path.join(artefacts, 'create-page.png'),
        fullPage: true,
      });
    });

    await step(
      'find a learning guide by a word of its text in search and open it',
      async () => {
        // No docs page has been opened: the backend built every docs site
        // when it started and had search index them. Those builds may still
        // be running, so the search is repeated until the guide shows up.
        const guide = page
          .getByRole('link', {
            name: 'Stateful applications | Lakehouse learning path docs',
          })
          .first();
        const deadline = Date.now() + 120_000;
        for (;;) {
          await page.goto(`${baseUrl}/search?query=StatefulSet`);
          try {
            await guide.waitFor({ timeout: 10_000 });
            break;
          } catch (error) {
            if (Date.now() > deadline) throw error;
          }
        }
        await page.screenshot({
          path: path.join(artefacts, 'search-learning-guide.png'),
          fullPage: true,
        });
        await guide.click();
        await page.waitForURL(
          /\/docs\/default\/component\/lakehouse-learning-path\/kubernetes\/stateful-applications\/?$/,
        );
        // The guide's own text, inside the TechDocs reader.
        await page
          .getByRole('heading', { name: 'Worked example', exact: true })
          .waitFor();
        await page.screenshot({
          path: path.join(artefacts, 'learning-guide.png'),
          fullPage: true,
        });
      },
    );

    await step("read the dbt model template's guide in TechDocs", async () => {
      // Built when the backend started; a site still building shows once it is done.
      await page.goto(`${baseUrl}/docs/default/template/dbt-model`);
      await page
        .getByRole('heading', { name: 'What happens after' })
        .waitFor({ timeout: 120_000 });
      // TechDocs keeps the page transparent until every stylesheet of the
      // built site has loaded; one that cannot load leaves it blank.
      await page.waitForFunction(() => {
        const root = document.querySelector(
          '[data-testid="techdocs-native-shadowroot"]',
        )?.shadowRoot;
        const html = root?.querySelector('html');
        return html && getComputedStyle(html).opacity === '1';
      });
      await page.screenshot({
        path: path.join(artefacts, 'template-docs.png'),
        fullPage: true,
      });
    });

    await step(
      'fill and dry-run the dbt model template in the template editor',
      async () => {
        await openInTemplateEditor(page, 'dbt-model');
        await page.getByRole('textbox', { name: /Model name/ }).waitFor();
        await page.getByRole('button', { name: /Layer/ }).click();
        await page.getByRole('option', { name: /^Gold/ }).click();
        await page
          .getByRole('textbox', { name: /Model name/ })
          .fill('fct_returns');
        await page
          .getByRole('textbox', { name: /Description/ })
          .fill('One row per returned order, for the returns dashboard.');
        await pickFromCatalog(page, /Owner/, 'analytics');
        await page.getByRole('button', { name: 'Next' }).click();
        await pickFromCatalog(page, /Upstream datasets/, 'fct_orders');
        await page
          .getByRole('textbox', { name: /Column name/ })
          .fill('order_id');
        await page
          .getByRole('textbox', { name: /^Description/ })
          .fill('The returned order.');
        await page.getByRole('checkbox', { name: 'Unique' }).check();
        await page.getByRole('checkbox', { name: 'Not null' }).check();
        await page.getByRole('button', { name: 'Next' }).click();
        await page.getByRole('button', { name: /Publish to/ }).click();
        await page.getByRole('option', { name: /^Nowhere/ }).click();
        await dryRunAndReadOutput(page, /passed the checks of the dbt project/);
        await page.screenshot({
          path: path.join(artefacts, 'template-dry-run.png'),
          fullPage: true,
        });
      },
    );

    await step(
      'fill and dry-run the Feast feature view template in the template editor',
      async () => {
        await openInTemplateEditor(page, 'feast-feature-view');
        await page
          .getByRole('textbox', { name: /Feature view name/ })
          .fill('customer_returns');
        await page
          .getByRole('textbox', { name: /Description/ })
          .fill('How often each customer sends orders back.');
        await pickFromCatalog(page, /Owner/, 'ML Engineering');
        await pickFromCatalog(page, /Source dataset/, 'customer_features');
        await page.getByRole('button', { name: 'Next' }).click();
        await page
          .getByRole('textbox', { name: /^Name/ })
          .fill('returned_orders');
        await page
          .getByRole('textbox', { name: /^Description/ })
          .fill('Orders returned in the last 90 days.');
        await page.getByRole('button', { name: 'Next' }).click();
        await page.getByRole('button', { name: /Publish to/ }).click();
        await page.getByRole('option', { name: /^Nowhere/ }).click();
        await dryRunAndReadOutput(
          page,
          /customer_returns\*\* passed the checks against the/,
        );
        await page.screenshot({
          path: path.join(artefacts, 'template-dry-run-feast.png'),
          fullPage: true,
        });
      },
    );

    await step(
      'fill and dry-run the KServe deployment template in the template editor',
      async () => {
        await openInTemplateEditor(page, 'kserve-deployment');
        // The demo catalog holds one model, so the picker selects it by itself.
        await page
          .locator('input[value="resource:default/customer-churn"]')
          .waitFor();
        await page.getByRole('textbox', { name: /Version/ }).fill('2');
        await page
          .getByRole('textbox', { name: /Description/ })
          .fill('Churn scores for the retention campaigns.');
        await pickFromCatalog(page, /Owner/, 'ML Engineering');
        await page.getByRole('button', { name: 'Next' }).click();
        await page
          .getByRole('textbox', { name: /Deployment name/ })
          .fill('customer-churn');
        await page.getByRole('button', { name: 'Next' }).click();
        await page
          .getByRole('textbox', { name: /^Path/ })
          .fill('customer-churn/2');
        await page.getByRole('button', { name: 'Next' }).click();
        // GitOps, with the manifests only generated and checked: no pull
        // request, no cluster.
        await page
          .getByRole('button', { name: /Publish the manifests to/ })
          .click();
        await page.getByRole('option', { name: /^Nowhere/ }).click();
        await dryRunAndReadOutput(
          page,
          /ml-serving\/customer-churn\*\* passed/,
        );
        await page.screenshot({
          path: path.join(artefacts, 'template-dry-run-kserve.png'),
          fullPage: true,
        });
      },
    );
  } catch (error) {
    await page
      .screenshot({ path: path.join(artefacts, 'failure.png'), fullPage: true })
      .catch(() => {});
    throw error;
  } finally {
    console.log(steps.join('\n'));
    if (consoleErrors.length) {
      console.log(`page errors:\n  ${consoleErrors.join('\n  ')}`);
    }
    await context.close();
    await fs.rm(userDataDir, { recursive: true, force: true });
  }
}

main().then(
  () => console.log(`browser test passed; screenshots in ${artefacts}`),
  error => {
    console.error(`browser test failed: ${error.message}`);
    process.exit(1);
  },
);
