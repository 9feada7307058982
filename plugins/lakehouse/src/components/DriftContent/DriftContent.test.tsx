import { Entity } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import { coreExtensionData } from '@backstage/frontend-plugin-api';
import {
  createExtensionTester,
  mockApis,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import type { AuthorizeResult } from '@backstage/plugin-permission-common';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { DriftMonitor, DriftReport } from '@internal/plugin-lakehouse-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { lakehouseApiRef } from '../../api';
import { lakehousePlugin } from '../../plugin';
import { sqlConsoleRouteRef } from '../../routes';
import { DriftContent } from './DriftContent';
import {
  CHURN_MODEL_REF,
  churnFeatureView,
  churnModel,
  churnMonitor,
  churnReports,
  failedReport,
} from './fixtures';

jest.setTimeout(30_000);

// The enum's values; the package itself is not a dependency of this plugin.
const ALLOW = 'ALLOW' as AuthorizeResult.ALLOW;
const DENY = 'DENY' as AuthorizeResult.DENY;

function fakeApi(
  monitors: DriftMonitor[] = [churnMonitor],
  reports: DriftReport[] = churnReports,
) {
  return {
    listDriftMonitors: jest.fn(
      async (_options?: { entityRef?: string }) => monitors,
    ),
    listDriftReports: jest.fn(
      async (_id: string, _options?: { limit?: number }) => reports,
    ),
    runDriftMonitor: jest.fn(async (_id: string): Promise<DriftReport> => {
      throw new Error('The test did not expect a run');
    }),
  };
}

function renderTab(
  api: ReturnType<typeof fakeApi>,
  entity: Entity = churnModel,
  mayRun = true,
) {
  const permissionApi = mockApis.permission({
    authorize: request =>
      request.permission.name === 'lakehouse.drift.run' && !mayRun
        ? DENY
        : ALLOW,
  });
  return renderInTestApp(
    <EntityProvider entity={entity}>
      <DriftContent />
    </EntityProvider>,
    {
      apis: [[lakehouseApiRef, api], permissionApi],
      mountedRoutes: { '/lakehouse/sql': sqlConsoleRouteRef },
    },
  );
}

/** The rows of the feature table as [feature, status] pairs, in order. */
function featureRows(table: HTMLElement) {
  return within(table)
    .getAllByRole('row')
    .slice(1)
    .map(row => {
      const cells = within(row).getAllByRole('cell');
      return [cells[0].textContent, cells[5].textContent];
    });
}

function rowOf(table: HTMLElement, feature: string) {
  const row = within(table)
    .getAllByRole('row')
    .find(r => within(r).queryAllByRole('cell')[0]?.textContent === feature);
  if (!row) throw new Error(`No row for ${feature}`);
  return within(row)
    .getAllByRole('cell')
    .map(c => c.textContent);
}

function titles(svg: Element, selector: string) {
  return Array.from(svg.querySelectorAll(`${selector} title`)).map(
    t => t.textContent,
  );
}

describe('DriftContent', () => {
  it("lists the newest report's features, the drifted one first", async () => {
    const api = fakeApi();
    renderTab(api);

    const table = await screen.findByRole('table', {
      name: 'Drift by feature',
    });
    expect(featureRows(table)).toEqual([
      ['avg_order_amount', 'Drift'],
      ['days_since_last_order', 'No drift'],
      ['total_orders', 'No drift'],
      ['country_code', 'No drift'],
    ]);
    expect(rowOf(table, 'avg_order_amount')).toEqual([
      'avg_order_amount',
      'numeric',
      'Kolmogorov–Smirnov',
      '0.41',
      '0.086',
      'Drift',
      '3.2e-9',
      '1.2%',
    ]);
    expect(rowOf(table, 'country_code')).toEqual([
      'country_code',
      'categorical',
      'χ²',
      '1.9',
      '7.81',
      'No drift',
      '0.59',
      '0.4%',
    ]);
    expect(api.listDriftMonitors).toHaveBeenCalledWith({
      entityRef: CHURN_MODEL_REF,
    });
    expect(api.listDriftReports).toHaveBeenCalledWith(churnMonitor.id, {
      limit: 30,
    });
  });

  it('says how the monitor runs and when it last ran', async () => {
    renderTab(fakeApi());

    const heading = await screen.findByRole('heading', {
      name: 'Churn model inputs',
    });
    const header = heading.parentElement!;
    const fact = (term: string) =>
      within(header).getByText(term).nextElementSibling?.textContent;
    expect(fact('Engine')).toBe('duckdb');
    expect(fact('Schedule')).toBe('every 1 hour');
    expect(fact('Thresholds')).toBe('fixed');
    expect(
      await within(header).findByTitle('2025-09-03 06:00:00 UTC'),
    ).toBeInTheDocument();
    expect(within(header).queryByText('never')).not.toBeInTheDocument();
  });

  it('shows the reason of a failed run instead of the table, the last good report a click away', async () => {
    renderTab(fakeApi([churnMonitor], [failedReport, ...churnReports]));

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(
      'The last run failed: Table lakehouse.ml.churn_inference_log does not exist (current data of monitor customer-churn-inputs)',
    );
    expect(
      screen.queryByRole('table', { name: 'Drift by feature' }),
    ).not.toBeInTheDocument();
    // The picker names the failed run by the start of its reason.
    const failedOption = within(
      screen.getByRole('combobox', { name: 'Report' }),
    ).getAllByRole('option')[0].textContent!;
    expect(failedOption).toMatch(
      /^2025-09-04 06:00 UTC — Last run failed: Table lakehouse\.ml\.churn_inference_log does not exist \(current…$/,
    );

    await userEvent.click(
      within(alert).getByRole('button', { name: 'Show the last report' }),
    );

    const table = screen.getByRole('table', { name: 'Drift by feature' });
    expect(featureRows(table)[0]).toEqual(['avg_order_amount', 'Drift']);
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    expect(screen.getByRole('combobox', { name: 'Report' })).toHaveValue('r-3');
  });

  it('keeps older reports reachable through the report picker', async () => {
    renderTab(fakeApi());

    await userEvent.selectOptions(
      await screen.findByRole('combobox', { name: 'Report' }),
      'r-2',
    );

    const table = screen.getByRole('table', { name: 'Drift by feature' });
    expect(featureRows(table).map(([, status]) => status)).toEqual([
      'No drift',
      'No drift',
      'No drift',
      'No drift',
    ]);
    expect(
      within(screen.getByRole('combobox', { name: 'Report' }))
        .getAllByRole('option')
        .map(o => o.textContent),
    ).toEqual([
      '2025-09-03 06:00 UTC — Drift in avg_order_amount',
      '2025-09-02 06:00 UTC — No drift in 4 features',
      '2025-09-01 06:00 UTC — No drift in 4 features',
    ]);
  });

  it('tells what to configure when no monitor watches the model', async () => {
    renderTab(fakeApi([], []));

    expect(
      await screen.findByText(/No drift monitor watches this model\./),
    ).toHaveTextContent(
      'Add one under lakehouse.drift.monitors in app-config.yaml with entity: resource:default/customer-churn',
    );
    expect(screen.queryByRole('button', { name: 'Run now' })).toBeNull();
  });

  it('calls a feature view a feature view when none watches it', async () => {
    renderTab(fakeApi([], []), churnFeatureView);

    expect(
      await screen.findByText(/No drift monitor watches this feature view\./),
    ).toHaveTextContent(
      'entity: resource:default/commerce.churn_model_features',
    );
  });

  it('says a monitor has not run yet', async () => {
    renderTab(fakeApi([{ ...churnMonitor, lastReport: undefined }], []));

    expect(
      await screen.findByText(/The monitor has not run yet/),
    ).toHaveTextContent('It runs every 1 hour');
    expect(screen.getByText('never')).toBeInTheDocument();
  });

  it('runs the monitor now, shows progress, then the new report', async () => {
    const api = fakeApi();
    let answer!: (report: DriftReport) => void;
    api.runDriftMonitor.mockImplementation(
      () => new Promise<DriftReport>(resolve => (answer = resolve)),
    );
    renderTab(api);
    await screen.findByRole('table', { name: 'Drift by feature' });

    await userEvent.click(screen.getByRole('button', { name: 'Run now' }));

    expect(api.runDriftMonitor).toHaveBeenCalledWith(churnMonitor.id);
    expect(screen.getByRole('button', { name: 'Run now' })).toBeDisabled();
    expect(
      screen.getByRole('progressbar', {
        name: 'Running Churn model inputs on duckdb',
      }),
    ).toBeInTheDocument();

    const [newest] = churnReports;
    answer({
      ...newest,
      id: 'r-5',
      createdAt: new Date().toISOString(),
      drifted: true,
      features: newest.features.map(f =>
        f.name === 'total_orders'
          ? { ...f, value: 0.5, drifted: true }
          : { ...f, drifted: false },
      ),
    });

    await waitFor(() =>
      expect(screen.getByRole('button', { name: 'Run now' })).toBeEnabled(),
    );
    const table = screen.getByRole('table', { name: 'Drift by feature' });
    expect(featureRows(table)[0]).toEqual(['total_orders', 'Drift']);
    expect(featureRows(table).filter(([, s]) => s === 'Drift')).toHaveLength(1);
    expect(
      within(screen.getByRole('combobox', { name: 'Report' })).getAllByRole(
        'option',
      ),
    ).toHaveLength(4);
    expect(screen.queryByRole('progressbar')).not.toBeInTheDocument();
  });

  it('shows why a run was refused', async () => {
    const api = fakeApi();
    api.runDriftMonitor.mockImplementation(async () => {
      throw await ResponseError.fromResponse(
        new Response(
          JSON.stringify({
            error: {
              name: 'NotAllowedError',
              message: 'You may not run drift monitors (lakehouse.drift.run)',
            },
            response: { statusCode: 403 },
          }),
          {
            status: 403,
            statusText: 'Forbidden',
            headers: { 'Content-Type': 'application/json' },
          },
        ),
      );
    });
    renderTab(api);
    await screen.findByRole('table', { name: 'Drift by feature' });

    await userEvent.click(screen.getByRole('button', { name: 'Run now' }));

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('You are not allowed to run this monitor');
    expect(alert).toHaveTextContent(
      'You may not run drift monitors (lakehouse.drift.run)',
    );
    // The report shown before stays.
    expect(
      screen.getByRole('table', { name: 'Drift by feature' }),
    ).toBeInTheDocument();
  });

  it('lets only those allowed run the monitor, and says why', async () => {
    // Permission decisions are cached per entity for the whole file: this
    // test uses an entity no other test asks about.
    renderTab(
      fakeApi([{ ...churnMonitor, entityRef: 'resource:default/denied' }]),
      { ...churnFeatureView, metadata: { name: 'denied' } },
      false,
    );
    await screen.findByRole('table', { name: 'Drift by feature' });

    await waitFor(() =>
      expect(screen.getByRole('button', { name: 'Run now' })).toBeDisabled(),
    );
    expect(
      screen.getByText(/You may not run this monitor now/),
    ).toHaveTextContent(
      'that needs the permission lakehouse.drift.run on this feature view. It runs every 1 hour on its own.',
    );
  });

  it('draws the reference and current distributions of the feature picked', async () => {
    renderTab(fakeApi());

    const histogram = await screen.findByRole('img', {
      name: 'Histogram of avg_order_amount: share of non-null rows per bin, reference and current',
    });
    expect(within(histogram).getByText('Reference')).toBeInTheDocument();
    expect(within(histogram).getByText('Current')).toBeInTheDocument();
    expect(titles(histogram, '[data-series="reference"]')).toEqual([
      'Reference, 0 to 25: 10%',
      'Reference, 25 to 50: 30%',
      'Reference, 50 to 75: 35%',
      'Reference, 75 to 100: 20%',
      'Reference, 100 to 150: 5%',
    ]);
    expect(titles(histogram, '[data-series="current"]')).toEqual([
      'Current, 0 to 25: 2%',
      'Current, 25 to 50: 10%',
      'Current, 50 to 75: 28%',
      'Current, 75 to 100: 35%',
      'Current, 100 to 150: 25%',
    ]);
    // Taller bars for larger shares: the current data's fourth bin towers
    // over its first.
    const heights = Array.from(
      histogram.querySelectorAll('[data-series="current"] rect'),
    ).map(r => Number(r.getAttribute('height')));
    expect(heights[3] / heights[0]).toBeCloseTo(35 / 2);

    await userEvent.click(screen.getByRole('button', { name: 'country_code' }));

    const categories = screen.getByRole('img', {
      name: /^Histogram of country_code: share of non-null rows per category/,
    });
    expect(titles(categories, '[data-series="current"]')).toEqual([
      'Current, DE: 38%',
      'Current, FR: 31%',
      'Current, NL: 12%',
      'Current, US: 19%',
    ]);
    expect(
      screen.getByRole('heading', { name: 'country_code' }),
    ).toBeInTheDocument();
  });

  it('says so when a feature has no histogram', async () => {
    renderTab(fakeApi());

    await userEvent.click(
      await screen.findByRole('button', { name: 'days_since_last_order' }),
    );

    expect(
      screen.getByText('The report holds no histogram of this feature.'),
    ).toBeInTheDocument();
  });

  it('says why the distributions are hidden from a user who may not read the data', async () => {
    const reason =
      'You are not allowed to read the data of lakehouse.gold.customer_features (lakehouse.dataset.read-data)';
    const redacted = churnReports.map(r => ({
      ...r,
      features: r.features.map(({ histogram, ...f }) => f),
      redacted: reason,
    }));
    renderTab(fakeApi([churnMonitor], redacted));

    await userEvent.click(
      await screen.findByRole('button', { name: 'country_code' }),
    );

    expect(
      screen.getByText(`The distributions are hidden: ${reason}.`),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('img', { name: /^Histogram of country_code/ }),
    ).toBeNull();
  });

  it('draws the tested statistic over time, one point per report, with the threshold', async () => {
    // The failed run compared nothing: it has no point.
    renderTab(fakeApi([churnMonitor], [failedReport, ...churnReports]));
    await userEvent.click(
      await screen.findByRole('button', { name: 'Show the last report' }),
    );

    const picker = screen.getByRole('combobox', { name: 'Statistic' });
    expect(picker).toHaveValue('ks');
    expect(
      within(picker)
        .getAllByRole('option')
        .map(o => o.textContent),
    ).toEqual([
      'Kolmogorov–Smirnov D',
      'Kolmogorov–Smirnov p-value',
      'Wasserstein-1',
      'Wasserstein-1 (normalized)',
      'PSI',
      'Missing rate',
    ]);
    const chart = screen.getByRole('img', {
      name: 'Kolmogorov–Smirnov D of avg_order_amount over 3 reports, oldest to newest',
    });
    expect(titles(chart, '[data-series="value"]')).toEqual([
      '2025-09-01 06:00 UTC: 0.04 (threshold 0.086)',
      '2025-09-02 06:00 UTC: 0.06 (threshold 0.086)',
      '2025-09-03 06:00 UTC: 0.41 (threshold 0.086, drift)',
    ]);
    const points = Array.from(chart.querySelectorAll('circle'));
    const cx = points.map(p => Number(p.getAttribute('cx')));
    expect(cx[0]).toBeLessThan(cx[1]);
    expect(cx[1]).toBeLessThan(cx[2]);
    expect(chart.querySelector('[data-series="threshold"]')).not.toBeNull();

    await userEvent.selectOptions(picker, 'psi');

    const psi = screen.getByRole('img', {
      name: 'PSI of avg_order_amount over 3 reports, oldest to newest',
    });
    expect(psi.querySelectorAll('circle')).toHaveLength(3);
    expect(titles(psi, '[data-series="value"]')[2]).toBe(
      '2025-09-03 06:00 UTC: 0.82',
    );
    // PSI is not what the feature is tested on: no threshold to draw.
    expect(psi.querySelector('[data-series="threshold"]')).toBeNull();
  });

  it('shows the queries of the data compared, with a way to the SQL console', async () => {
    renderTab(fakeApi());

    const reference = await screen.findByRole('region', {
      name: 'Reference data',
    });
    expect(reference).toHaveTextContent('1,000 rows');
    expect(reference).toHaveTextContent(
      'SELECT total_orders, country_code, avg_order_amount, days_since_last_order FROM lakehouse.ml.churn_training',
    );
    const link = within(reference).getByRole('button', {
      name: 'Open in SQL console',
    });
    const url = new URL(link.getAttribute('href')!, 'http://localhost');
    expect(url.pathname).toBe('/lakehouse/sql');
    expect(url.searchParams.get('sql')).toBe(churnReports[0].reference.sql);
    expect(url.searchParams.get('engine')).toBe('duckdb');

    const current = screen.getByRole('region', { name: 'Current data' });
    expect(current).toHaveTextContent('500 rows');
    expect(current).toHaveTextContent('churn_inference_log');
  });

  it('offers a picker when several monitors watch the entity', async () => {
    const second: DriftMonitor = {
      ...churnMonitor,
      id: 'customer-churn-predictions',
      title: 'Churn predictions',
      thresholds: 'calibrated',
    };
    const api = fakeApi([churnMonitor, second]);
    renderTab(api);

    await userEvent.selectOptions(
      await screen.findByRole('combobox', { name: 'Monitor' }),
      'customer-churn-predictions',
    );

    expect(
      await screen.findByRole('heading', { name: 'Churn predictions' }),
    ).toBeInTheDocument();
    expect(api.listDriftReports).toHaveBeenLastCalledWith(
      'customer-churn-predictions',
      { limit: 30 },
    );
  });

  it('shows why the monitors could not be listed', async () => {
    const api = fakeApi();
    api.listDriftMonitors.mockRejectedValue(
      new Error('The lakehouse backend is down'),
    );
    renderTab(api);

    expect(
      (await screen.findAllByText(/The lakehouse backend is down/))[0],
    ).toBeVisible();
    expect(screen.queryByRole('button', { name: 'Run now' })).toBeNull();
  });
});

describe('the Drift tab', () => {
  it('is offered on models and feature views only', () => {
    const tester = createExtensionTester(
      lakehousePlugin.getExtension('entity-content:lakehouse/drift'),
    );

    expect(tester.get(coreExtensionData.routePath)).toBe('/drift');
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe('Drift');
    const filter = tester.get(EntityContentBlueprint.dataRefs.filterFunction)!;
    expect(filter(churnModel)).toBe(true);
    expect(filter(churnFeatureView)).toBe(true);
    const other = (kind: string, type: string): Entity => ({
      ...churnModel,
      kind,
      spec: { type, owner: 'ml-platform' },
    });
    expect(filter(other('Resource', 'dataset'))).toBe(false);
    expect(filter(other('Resource', 'feature-service'))).toBe(false);
    expect(filter(other('Component', 'model-server'))).toBe(false);
  });
});
