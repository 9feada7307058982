/*
 * End-to-end tests of the golden-path templates in templates/. Each template runs through the real
 * scaffolder backend's dry run (POST /api/scaffolder/v2/dry-run with the template and its files, as the
 * template editor sends them) with this module's actions, the GitHub module's pull request action, the
 * real catalog (the demo dbt manifest's datasets and the demo organisation and models) and the Kubernetes
 * API double. The generated files come back in the response and are parsed the way their tools read them.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import {
  mockServices,
  startTestBackend,
  type TestBackend,
} from '@backstage/backend-test-utils';
import {
  componentEntityV1alpha1Validator,
  type Entity,
  resourceEntityV1alpha1Validator,
} from '@backstage/catalog-model';
import catalogBackend from '@backstage/plugin-catalog-backend';
import catalogTemplateModel from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import scaffolderBackend from '@backstage/plugin-scaffolder-backend';
import scaffolderGithubModule from '@backstage/plugin-scaffolder-backend-module-github';
import { KubernetesApiDouble } from '@internal/platform-doubles';
import catalogLakehouseDatasets from '@internal/plugin-catalog-backend-module-lakehouse';
import { validateLakehouseEntity } from '@internal/plugin-lakehouse-common';
import {
  findUnknownInferenceServiceFields,
  validateInferenceService,
} from '@internal/plugin-lakehouse-node';
import { parse as parseYaml, parseAllDocuments } from 'yaml';
import { scaffolderModuleLakehouse } from './module';

jest.setTimeout(180_000);

const repoRoot = path.resolve(__dirname, '../../..');
const templatesDir = path.join(repoRoot, 'templates');
const demo = (...parts: string[]) => path.join(repoRoot, 'examples', ...parts);
const demoManifest = demo('lakehouse', 'dbt', 'target', 'manifest.json');
const demoRegistry = demo('lakehouse', 'feast', 'registry.json');
const TEMPLATES = ['dbt-model', 'feast-feature-view', 'kserve-deployment'];
const ISVC_API = 'serving.kserve.io/v1beta1';

/** Hostile text: Jinja, SQL, Python and YAML that must stay text. */
const HOSTILE_TEXT = [
  `Returned orders per customer '; drop table x; --`,
  `"""docstring end""" x = __import__('os')`,
  `a`,
  `  kind: Secret`,
  `---`,
  `\${{ parameters.name }} {{ ref('secret') }}`,
].join('\n');
/** The same without Jinja delimiters, which dbt descriptions refuse. */
const HOSTILE_PROSE = HOSTILE_TEXT.replace(/\{\{|\{%|\{#/g, '(');

interface DryRunFile {
  path: string;
  base64Content: string;
  executable?: boolean;
}

interface DryRunResponse {
  status: number;
  body: any;
}

/** Every file of a template folder, as the template editor uploads them. */
function templateFiles(name: string): DryRunFile[] {
  const root = path.join(templatesDir, name);
  const files: DryRunFile[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else {
        files.push({
          path: path.relative(root, full).split(path.sep).join('/'),
          base64Content: fs.readFileSync(full).toString('base64'),
        });
      }
    }
  };
  walk(root);
  return files;
}

function readTemplate(name: string): any {
  return parseYaml(
    fs.readFileSync(path.join(templatesDir, name, 'template.yaml'), 'utf8'),
  );
}

/** The generated files of a successful dry run, by path. */
function generatedFiles(body: any): Map<string, string> {
  return new Map(
    (body.directoryContents as DryRunFile[]).map(f => [
      f.path,
      Buffer.from(f.base64Content, 'base64').toString('utf8'),
    ]),
  );
}

function logOf(body: any): string {
  return (body.log ?? []).map((l: any) => l.body.message).join('\n');
}

/** The last status the log gives each step. */
function stepStatuses(body: any): Record<string, string> {
  const statuses: Record<string, string> = {};
  for (const { body: entry } of body.log ?? []) {
    if (entry.stepId && entry.status) statuses[entry.stepId] = entry.status;
  }
  return statuses;
}

/** Runs Python 3 on `input` (stdin) and returns its stdout; the input is only ever parsed. */
function python(script: string, input: string): string {
  return execFileSync('python3', ['-I', '-c', script], {
    input,
    encoding: 'utf8',
  });
}

const PARSES = 'import ast,sys; ast.parse(sys.stdin.read())';

/** What the generated feature view module holds, read with ast (never run). */
const SUMMARISE_FEATURE_VIEW = String.raw`
import ast, json, sys
tree = ast.parse(sys.stdin.read())
def name(f):
    return f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else None
def value(n):
    if isinstance(n, ast.Constant):
        return n.value
    if isinstance(n, ast.Name):
        return {"name": n.id}
    if isinstance(n, ast.List):
        return [value(e) for e in n.elts]
    return {"expression": ast.unparse(n)}
out = {"calls": [], "imports": [], "objects": {}}
for node in ast.walk(tree):
    if isinstance(node, ast.Call):
        out["calls"].append(name(node.func))
    if isinstance(node, ast.ImportFrom):
        out["imports"].append({"module": node.module, "names": [[a.name, a.asname] for a in node.names]})
for statement in tree.body:
    if isinstance(statement, ast.Assign) and isinstance(statement.value, ast.Call):
        call = statement.value
        kwargs = {k.arg: value(k.value) for k in call.keywords if k.arg != "schema"}
        schema = [k.value for k in call.keywords if k.arg == "schema"]
        if schema:
            kwargs["schema"] = [{k.arg: value(k.value) for k in f.keywords} for f in schema[0].elts]
        out["objects"][statement.targets[0].id] = {"call": name(call.func), "kwargs": kwargs}
print(json.dumps(out))
`;

async function checkEntity(entity: Entity) {
  const validator =
    entity.kind === 'Component'
      ? componentEntityV1alpha1Validator
      : resourceEntityV1alpha1Validator;
  await expect(validator.check(entity)).resolves.toBe(true);
  expect(validateLakehouseEntity(entity)).toEqual([]);
}

describe('golden-path templates', () => {
  let k8s: KubernetesApiDouble;
  let backend: TestBackend;
  let baseUrl: string;

  const get = async (urlPath: string) => {
    const response = await fetch(`${baseUrl}${urlPath}`);
    return { status: response.status, body: await response.json() };
  };

  const dryRun = async (
    name: string,
    values: Record<string, unknown>,
  ): Promise<DryRunResponse> => {
    const response = await fetch(`${baseUrl}/api/scaffolder/v2/dry-run`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        template: readTemplate(name),
        values,
        secrets: {},
        directoryContents: templateFiles(name),
      }),
    });
    return { status: response.status, body: await response.json() };
  };

  /** A dry run that must succeed; its log is shown when it does not. */
  const dryRunOk = async (name: string, values: Record<string, unknown>) => {
    const result = await dryRun(name, values);
    if (result.status !== 200) {
      throw new Error(
        `dry run of ${name} failed with ${result.status}: ${JSON.stringify(
          result.body,
          null,
          2,
        )}`,
      );
    }
    return {
      body: result.body,
      files: generatedFiles(result.body),
      log: logOf(result.body),
      steps: stepStatuses(result.body),
    };
  };

  /** Runs a template for real, as the Create page does, and waits for the task to end. */
  const runTask = async (name: string, values: Record<string, unknown>) => {
    const created = await fetch(`${baseUrl}/api/scaffolder/v2/tasks`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ templateRef: `template:default/${name}`, values }),
    });
    expect(created.status).toBe(201);
    const { id } = await created.json();
    const deadline = Date.now() + 60_000;
    for (;;) {
      const task = (await get(`/api/scaffolder/v2/tasks/${id}`)).body;
      if (task.status === 'completed' || task.status === 'failed') {
        const events = (await get(`/api/scaffolder/v2/tasks/${id}/events`))
          .body;
        return {
          status: task.status as string,
          log: (events as any[])
            .map(e => e.body?.message)
            .filter(Boolean)
            .join('\n'),
        };
      }
      if (Date.now() > deadline) throw new Error(`task ${id} did not end`);
      await new Promise(resolve => setTimeout(resolve, 200));
    }
  };

  /**
   * What the scaffolder refused before running any step: `instance.a.b keyword` for each failed check
   * (with the missing property for `required`).
   */
  const refusals = (result: DryRunResponse) => {
    expect(result.status).toBe(400);
    return (result.body.errors as any[]).map(
      e =>
        `${e.property} ${e.name}${
          e.name === 'required' ? ` ${e.argument}` : ''
        }`,
    );
  };

  beforeAll(async () => {
    k8s = await KubernetesApiDouble.start({
      namespaces: ['default', 'ml-serving'],
    });
    backend = await startTestBackend({
      features: [
        scaffolderBackend,
        scaffolderGithubModule,
        scaffolderModuleLakehouse,
        catalogBackend,
        catalogTemplateModel,
        catalogLakehouseDatasets,
        mockServices.rootConfig.factory({
          data: {
            backend: { baseUrl: 'http://localhost:7007' },
            // Only for the dry run of the pull request action, which never calls GitHub.
            integrations: {
              github: [{ host: 'github.com', token: 'dry-run-token' }],
            },
            catalog: {
              rules: [
                {
                  allow: [
                    'Component',
                    'Resource',
                    'Group',
                    'User',
                    'Location',
                    'Template',
                  ],
                },
              ],
              locations: [
                ...['org.yaml', 'ml.yaml'].map(file => ({
                  type: 'file',
                  target: demo('catalog', file),
                })),
                // The templates themselves, for tasks run for real.
                {
                  type: 'file',
                  target: path.join(templatesDir, 'catalog-info.yaml'),
                },
              ],
              providers: {
                dbt: {
                  demo: {
                    target: demoManifest,
                    system: 'commerce-lakehouse',
                    defaultOwner: 'group:default/data-platform',
                    schedule: {
                      frequency: { minutes: 30 },
                      timeout: { minutes: 1 },
                    },
                  },
                },
              },
            },
            kubernetes: {
              serviceLocatorMethod: { type: 'multiTenant' },
              clusterLocatorMethods: [
                {
                  type: 'config',
                  clusters: [{ ...k8s.clusterConfig('lakehouse-dev') }],
                },
              ],
            },
            lakehouse: {
              scaffolder: {
                dbt: { manifest: demoManifest },
                feast: { registry: demoRegistry },
              },
            },
          },
        }),
      ],
    });
    baseUrl = `http://127.0.0.1:${
      (backend.server.address() as AddressInfo).port
    }`;

    // The pickers offer catalog entities; wait until the catalog has them.
    const wanted = [
      'resource/default/lakehouse.gold.fct_orders',
      'resource/default/lakehouse.silver.dim_customers',
      'resource/default/lakehouse.raw.orders',
      'resource/default/lakehouse.gold.customer_features',
      'resource/default/customer-churn',
      'template/default/kserve-deployment',
    ];
    const deadline = Date.now() + 60_000;
    for (const ref of wanted) {
      while (
        (await get(`/api/catalog/entities/by-name/${ref}`)).status !== 200
      ) {
        if (Date.now() > deadline) throw new Error(`${ref} never appeared`);
        await new Promise(resolve => setTimeout(resolve, 250));
      }
    }
  });

  afterAll(async () => {
    await backend?.stop();
    await k8s?.stop();
  });

  beforeEach(() => {
    k8s.requests.length = 0;
    // Tasks run for real store objects; every test starts from an empty cluster.
    k8s.reset();
  });

  describe('the templates as catalog entities', () => {
    it('are all registered through the root catalog-info.yaml, owned by the platform team, each with its docs', () => {
      const rootDocuments = parseAllDocuments(
        fs.readFileSync(
          path.join(templatesDir, '..', 'catalog-info.yaml'),
          'utf8',
        ),
      ).map(d => d.toJS());
      const rootLocation = rootDocuments.find(d => d.kind === 'Location');
      expect(rootLocation?.spec.targets).toContain(
        './templates/catalog-info.yaml',
      );
      const location = parseYaml(
        fs.readFileSync(path.join(templatesDir, 'catalog-info.yaml'), 'utf8'),
      );
      expect(location.kind).toBe('Location');
      expect(location.spec.targets).toEqual(
        TEMPLATES.map(t => `./${t}/template.yaml`),
      );
      for (const name of TEMPLATES) {
        const template = readTemplate(name);
        expect(template.apiVersion).toBe('scaffolder.backstage.io/v1beta3');
        expect(template.kind).toBe('Template');
        expect(template.spec.owner).toBe('group:default/data-platform');
        expect(template.metadata.tags.length).toBeGreaterThan(0);
        expect(template.metadata.annotations['backstage.io/techdocs-ref']).toBe(
          'dir:.',
        );
        const mkdocs = parseYaml(
          fs.readFileSync(path.join(templatesDir, name, 'mkdocs.yml'), 'utf8'),
        );
        expect(mkdocs.nav).toEqual([{ Overview: 'index.md' }]);
        expect(
          fs
            .readFileSync(
              path.join(templatesDir, name, 'docs', 'index.md'),
              'utf8',
            )
            .includes('## What happens after'),
        ).toBe(true);
      }
    });

    it('explain every constraint of their forms with a message', () => {
      const unexplained: string[] = [];
      const allOfs: string[] = [];
      const invalidPatterns: string[] = [];
      const visit = (node: any, at: string) => {
        if (Array.isArray(node)) {
          node.forEach((child, i) => visit(child, `${at}[${i}]`));
          return;
        }
        if (!node || typeof node !== 'object') return;
        // The form merges allOf with json-schema-merge-allof, which gives up on errorMessage and
        // then drops the conditional fields; nested if/then/else is shown.
        if (node.allOf) allOfs.push(at);
        if (typeof node.pattern === 'string') {
          // The form's validator (ajv) compiles patterns as Unicode regular expressions.
          try {
            RegExp(node.pattern, 'u');
          } catch (error) {
            invalidPatterns.push(`${at}.pattern: ${(error as Error).message}`);
          }
        }
        for (const keyword of [
          'pattern',
          'minimum',
          'maximum',
          'const',
          'contains',
          'if',
        ]) {
          if (node[keyword] !== undefined && !node.errorMessage?.[keyword]) {
            unexplained.push(`${at}.${keyword}`);
          }
        }
        // `if` holds conditions, not constraints on what the user types.
        for (const [key, child] of Object.entries(node)) {
          if (key !== 'errorMessage' && key !== 'if') {
            visit(child, `${at}.${key}`);
          }
        }
      };
      for (const name of TEMPLATES) {
        visit(readTemplate(name).spec.parameters, name);
      }
      expect(unexplained).toEqual([]);
      expect(allOfs).toEqual([]);
      expect(invalidPatterns).toEqual([]);
    });

    it('pick owners, datasets and models from the catalog', () => {
      const fields = (name: string) => {
        const found: Record<string, any> = {};
        for (const page of readTemplate(name).spec.parameters) {
          Object.assign(found, page.properties);
        }
        return found;
      };
      for (const name of TEMPLATES) {
        expect(fields(name).owner).toMatchObject({
          'ui:field': 'OwnerPicker',
          'ui:options': { catalogFilter: { kind: 'Group' } },
        });
      }
      expect(fields('dbt-model').upstreams).toMatchObject({
        'ui:field': 'MultiEntityPicker',
        'ui:options': {
          catalogFilter: { kind: 'Resource', 'spec.type': 'dataset' },
        },
      });
      expect(fields('feast-feature-view').sourceDataset).toMatchObject({
        'ui:field': 'EntityPicker',
        'ui:options': {
          catalogFilter: { kind: 'Resource', 'spec.type': 'dataset' },
        },
      });
      expect(fields('kserve-deployment').model).toMatchObject({
        'ui:field': 'EntityPicker',
        'ui:options': {
          catalogFilter: { kind: 'Resource', 'spec.type': 'ai-model' },
        },
      });
    });
  });

  describe('dbt-model', () => {
    const values = (overrides: Record<string, unknown> = {}) => ({
      layer: 'gold',
      name: 'fct_customer_returns',
      description: HOSTILE_PROSE,
      materialization: 'table',
      owner: 'group:default/analytics-engineering',
      upstreams: [
        'resource:default/lakehouse.gold.fct_orders',
        'resource:default/lakehouse.silver.dim_customers',
      ],
      columns: [
        {
          name: 'order_id',
          description: 'The returned order.',
          data_type: 'bigint',
          unique: true,
          not_null: true,
        },
        {
          name: 'customer_key',
          description: HOSTILE_PROSE,
          data_type: 'bigint',
          unique: false,
          not_null: true,
        },
        {
          name: 'region',
          description: 'Sales region of the customer.',
          data_type: 'varchar',
          unique: false,
          not_null: false,
        },
        {
          name: 'returned_amount',
          description: 'Refunded amount in EUR.',
          data_type: 'decimal(38,2)',
          unique: false,
          not_null: false,
        },
      ],
      publishTarget: 'none',
      ...overrides,
    });

    it('generates a gold model with a CTE per upstream, checked against the manifest', async () => {
      const { body, files, log, steps } = await dryRunOk('dbt-model', values());

      expect(steps).toEqual({
        upstreams: 'completed',
        fetch: 'completed',
        validate: 'completed',
        publish: 'skipped',
      });
      expect(log).toContain(
        'dbt model fct_customer_returns is valid: 2 ref(s), 0 source(s)',
      );
      expect([...files.keys()].sort()).toEqual([
        'docs/fct_customer_returns.md',
        'models/gold/fct_customer_returns.sql',
        'models/gold/fct_customer_returns.yml',
      ]);

      const sql = files.get('models/gold/fct_customer_returns.sql')!;
      expect(sql).toContain('{{ config(materialized="table") }}');
      expect(sql).toMatch(
        /fct_orders as \(\s+select\s+order_id,[\s\S]*?from \{\{ ref\("fct_orders"\) \}\}/,
      );
      expect(sql).toMatch(
        /dim_customers as \(\s+select\s+customer_key,[\s\S]*?from \{\{ ref\("dim_customers"\) \}\}/,
      );
      // Joined on the key the two share; columns taken from where they exist.
      expect(sql).toContain(
        'left join dim_customers on fct_orders.customer_key = dim_customers.customer_key',
      );
      expect(sql).toContain('fct_orders.order_id as order_id');
      expect(sql).toContain('dim_customers.region as region');
      expect(sql).toContain('cast(null as decimal(38,2)) as returned_amount');
      const code = sql.replace(/--.*$/gm, '');
      expect(code).not.toMatch(/select\s+\*|\.\*/i);
      // Descriptions never reach the SQL, which dbt renders as Jinja.
      expect(sql).not.toContain('drop table');
      expect(sql).not.toContain('kind: Secret');

      const schema = parseYaml(
        files.get('models/gold/fct_customer_returns.yml')!,
      );
      expect(schema).toEqual({
        version: 2,
        models: [
          {
            name: 'fct_customer_returns',
            description: HOSTILE_PROSE,
            config: { meta: { owner: 'group:default/analytics-engineering' } },
            columns: [
              {
                name: 'order_id',
                description: 'The returned order.',
                data_type: 'bigint',
                data_tests: ['unique', 'not_null'],
              },
              {
                name: 'customer_key',
                description: HOSTILE_PROSE,
                data_type: 'bigint',
                data_tests: ['not_null'],
              },
              {
                name: 'region',
                description: 'Sales region of the customer.',
                data_type: 'varchar',
              },
              {
                name: 'returned_amount',
                description: 'Refunded amount in EUR.',
                data_type: 'decimal(38,2)',
              },
            ],
          },
        ],
      });

      const docs = files.get('docs/fct_customer_returns.md')!;
      expect(docs).toContain('# fct_customer_returns');
      expect(docs).toContain('`resource:default/lakehouse.gold.fct_orders`');

      expect(body.output.links).toEqual([
        {
          title: 'Owner',
          icon: 'group',
          entityRef: 'group:default/analytics-engineering',
        },
      ]);
      expect(body.output.text[0].content).toContain(
        '`models/gold/fct_customer_returns.sql`',
      );
      expect(body.output.text[0].content).toContain('Nothing was published.');
    });

    it('reads raw tables with source() and keeps dbt Jinja of incremental models', async () => {
      const { files, log } = await dryRunOk(
        'dbt-model',
        values({
          layer: 'bronze',
          name: 'stg_returns',
          materialization: 'incremental',
          upstreams: ['resource:default/lakehouse.raw.orders'],
          columns: [
            {
              name: 'order_id',
              description: 'The order.',
              data_type: 'bigint',
              unique: true,
              not_null: true,
            },
          ],
        }),
      );
      expect(log).toContain(
        'dbt model stg_returns is valid: 0 ref(s), 1 source(s)',
      );
      const sql = files.get('models/bronze/stg_returns.sql')!;
      expect(sql).toContain(
        '{{ config(materialized="incremental", unique_key="order_id") }}',
      );
      expect(sql).toContain('from {{ source("raw", "orders") }}');
      expect(sql).toContain('{% if is_incremental() %}');
      expect(sql).toContain(
        'where order_id > (select max(order_id) from {{ this }})',
      );
      expect(sql).toContain('{% endif %}');
      expect(sql).not.toContain('{% raw %}');
    });

    it('refuses names that are not the layer’s, or could leave the folder', async () => {
      for (const name of [
        '../../etc/passwd',
        'fct_../x',
        'fct_a/b',
        'FCT_ORDERS',
        'returns',
      ]) {
        expect(refusals(await dryRun('dbt-model', values({ name })))).toContain(
          'instance.name pattern',
        );
      }
      expect(
        refusals(
          await dryRun(
            'dbt-model',
            values({ layer: 'bronze', name: 'fct_x1' }),
          ),
        ),
      ).toContain('instance.name pattern');
    });

    it('refuses Jinja in descriptions and SQL in column names', async () => {
      expect(
        refusals(
          await dryRun(
            'dbt-model',
            values({ description: 'Orders {{ ref("secret") }} per day' }),
          ),
        ),
      ).toContain('instance.description pattern');
      const columns = values().columns;
      expect(
        refusals(
          await dryRun(
            'dbt-model',
            values({
              columns: [
                { ...columns[0], name: 'id; drop table x; --' },
                { ...columns[1], name: 'order' },
                { ...columns[2], description: '{% do run_query("x") %}' },
              ],
            }),
          ),
        ),
      ).toEqual(
        expect.arrayContaining([
          'instance.columns[0].name pattern',
          'instance.columns[1].name pattern',
          'instance.columns[2].description pattern',
        ]),
      );
    });

    it('refuses a model without a primary key, and a name the project already has', async () => {
      const columns = values().columns.map(c => ({ ...c, unique: false }));
      expect(
        refusals(await dryRun('dbt-model', values({ columns }))),
      ).toContain('instance.columns contains');

      const taken = await dryRun('dbt-model', values({ name: 'fct_orders' }));
      expect(taken.status).toBe(400);
      expect(taken.body.error.message).toContain(
        'model name "fct_orders" is already taken in the dbt manifest by model.commerce.fct_orders',
      );
    });

    it('opens a pull request on the dbt project folder when publishing to GitHub', async () => {
      const { body, steps, log } = await dryRunOk(
        'dbt-model',
        values({
          publishTarget: 'github',
          repoUrl: 'github.com?owner=acme&repo=lakehouse',
          projectPath: 'examples/lakehouse/dbt',
        }),
      );
      expect(steps.publish).toBe('completed');
      expect(log).toContain('"branchName": "dbt/fct_customer_returns"');
      expect(log).toContain('"targetPath": "examples/lakehouse/dbt"');
      expect(body.output.links[0]).toEqual({
        title: 'Pull request',
        icon: 'github',
        url: 'github.com?owner=acme&repo=lakehouse',
      });
      expect(body.output.text[0].content).toContain(
        'once the pull request is merged',
      );
      expect(
        refusals(
          await dryRun(
            'dbt-model',
            values({
              publishTarget: 'github',
              repoUrl: 'github.com?owner=acme&repo=lakehouse',
              projectPath: '../outside',
            }),
          ),
        ),
      ).toContain('instance.projectPath pattern');
    });
  });

  describe('feast-feature-view', () => {
    const values = (overrides: Record<string, unknown> = {}) => ({
      name: 'customer_returns',
      description: HOSTILE_TEXT,
      owner: 'group:default/ml-engineering',
      sourceDataset: 'resource:default/lakehouse.gold.customer_features',
      timestampField: 'event_timestamp',
      project: 'commerce',
      entityName: 'customer',
      defineEntity: false,
      features: [
        {
          name: 'returned_orders',
          dtype: 'Int64',
          description: `x = __import__('os')`,
        },
        {
          name: 'return_rate',
          dtype: 'Float64',
          description: HOSTILE_TEXT,
        },
      ],
      ttlDays: 30,
      online: true,
      publishTarget: 'none',
      ...overrides,
    });

    it('generates a feature view on the dataset’s table, checked against the Feast registry', async () => {
      const { files, log, steps } = await dryRunOk(
        'feast-feature-view',
        values(),
      );
      expect(steps).toEqual({
        source: 'completed',
        fetch: 'completed',
        validate: 'completed',
        publish: 'skipped',
        register: 'skipped',
      });
      expect(log).toContain(
        'Feast feature view customer_returns is valid: 2 feature(s) of customer',
      );
      expect([...files.keys()].sort()).toEqual([
        'features/customer_returns.catalog-info.yaml',
        'features/customer_returns.py',
      ]);

      const definition = files.get('features/customer_returns.py')!;
      expect(() => python(PARSES, definition)).not.toThrow();
      const module = JSON.parse(python(SUMMARISE_FEATURE_VIEW, definition));
      expect(module.calls).not.toContain('__import__');
      expect(module.imports).toContainEqual({
        module: 'entities',
        names: [['customer', 'entity']],
      });
      expect(module.objects.source).toEqual({
        call: 'TrinoSource',
        kwargs: {
          name: 'customer_returns_source',
          table: 'lakehouse.gold.customer_features',
          timestamp_field: 'event_timestamp',
          description:
            'Table lakehouse.gold.customer_features of the lakehouse, read through Trino.',
        },
      });
      expect(module.objects.feature_view).toEqual({
        call: 'FeatureView',
        kwargs: {
          name: 'customer_returns',
          entities: [{ name: 'entity' }],
          ttl: { expression: 'timedelta(days=30)' },
          source: { name: 'source' },
          online: true,
          owner: 'group:default/ml-engineering',
          tags: { expression: "{'generated-by': 'lakehouse-portal'}" },
          description: HOSTILE_TEXT,
          schema: [
            {
              name: 'returned_orders',
              dtype: { name: 'Int64' },
              description: `x = __import__('os')`,
            },
            {
              name: 'return_rate',
              dtype: { name: 'Float64' },
              description: HOSTILE_TEXT,
            },
          ],
        },
      });

      const entity = parseYaml(
        files.get('features/customer_returns.catalog-info.yaml')!,
      );
      await checkEntity(entity);
      expect(entity).toEqual({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Resource',
        metadata: {
          name: 'customer-returns',
          title: 'customer_returns',
          description: HOSTILE_TEXT,
          annotations: {
            'lakehouse.dev/feast-project': 'commerce',
            'lakehouse.dev/feast-name': 'customer_returns',
            'lakehouse.dev/source-systems': 'yaml',
          },
          tags: ['feast', 'gold'],
        },
        spec: {
          type: 'feature-view',
          owner: 'group:default/ml-engineering',
          system: 'commerce-lakehouse',
          dependsOn: ['resource:default/lakehouse.gold.customer_features'],
          entities: ['customer'],
          ttl: '2592000s',
          online: true,
          features: [
            {
              name: 'returned_orders',
              dtype: 'Int64',
              description: `x = __import__('os')`,
            },
            {
              name: 'return_rate',
              dtype: 'Float64',
              description: HOSTILE_TEXT,
            },
          ],
        },
      });
    });

    it('defines a new entity with its join keys', async () => {
      const { files, log } = await dryRunOk(
        'feast-feature-view',
        values({
          name: 'shopper_activity',
          entityName: 'shopper',
          defineEntity: true,
          joinKeys: ['customer_id'],
          online: false,
        }),
      );
      expect(log).toContain(
        'Feast feature view shopper_activity is valid: 2 feature(s) of shopper',
      );
      const module = JSON.parse(
        python(
          SUMMARISE_FEATURE_VIEW,
          files.get('features/shopper_activity.py')!,
        ),
      );
      expect(module.imports.map((i: any) => i.module)).not.toContain(
        'entities',
      );
      expect(module.objects.entity).toEqual({
        call: 'Entity',
        kwargs: {
          name: 'shopper',
          join_keys: ['customer_id'],
          owner: 'group:default/ml-engineering',
        },
      });
      expect(module.objects.feature_view.kwargs.online).toBe(false);
    });

    it('refuses code in feature names and out-of-range TTLs in the form', async () => {
      expect(
        refusals(
          await dryRun(
            'feast-feature-view',
            values({
              features: [
                {
                  name: `x = __import__('os')`,
                  dtype: 'Int64',
                  description: 'x',
                },
                { name: 'class', dtype: 'Int64', description: 'A keyword.' },
                { name: 'ok', dtype: 'os.system', description: 'A type.' },
              ],
              ttlDays: 1096,
            }),
          ),
        ),
      ).toEqual(
        expect.arrayContaining([
          'instance.features[0].name pattern',
          'instance.features[1].name pattern',
          'instance.features[2].dtype enum',
          'instance.ttlDays maximum',
        ]),
      );
      expect(
        refusals(
          await dryRun(
            'feast-feature-view',
            values({ entityName: 'customer as c\nimport os', ttlDays: 0 }),
          ),
        ),
      ).toEqual(
        expect.arrayContaining([
          'instance.entityName pattern',
          'instance.ttlDays minimum',
        ]),
      );
    });

    it('refuses a feature view name the registry has, and an unknown entity', async () => {
      const taken = await dryRun(
        'feast-feature-view',
        values({ name: 'customer_order_stats' }),
      );
      expect(taken.status).toBe(400);
      expect(taken.body.error.message).toContain(
        'a feature view named "customer_order_stats" is already registered in Feast',
      );

      const unknown = await dryRun(
        'feast-feature-view',
        values({ entityName: 'merchant' }),
      );
      expect(unknown.status).toBe(400);
      expect(unknown.body.error.message).toContain(
        'no registered entity is called "merchant"',
      );
    });

    it('opens a pull request and registers the entity location when publishing to GitHub', async () => {
      const { body, steps, log } = await dryRunOk(
        'feast-feature-view',
        values({
          publishTarget: 'github',
          repoUrl: 'github.com?owner=acme&repo=lakehouse',
          repoPath: 'examples/lakehouse/feast',
          targetBranch: 'main',
        }),
      );
      expect(steps.publish).toBe('completed');
      // catalog:register has no dry-run mode: the scaffolder skips it and says so.
      expect(steps.register).toBe('skipped');
      expect(log).toContain(
        '"catalogInfoUrl": "https://github.com/acme/lakehouse/blob/main/examples/lakehouse/feast/features/customer_returns.catalog-info.yaml"',
      );
      expect(log).toContain(
        'Skipping because catalog:register does not support dry-run',
      );
      expect(body.output.links[0].url).toBe(
        'github.com?owner=acme&repo=lakehouse',
      );
    });
  });

  describe('kserve-deployment', () => {
    const values = (overrides: Record<string, unknown> = {}) => ({
      model: 'resource:default/customer-churn',
      version: '2',
      modelFormat: 'mlflow',
      description: HOSTILE_TEXT,
      owner: 'group:default/ml-engineering',
      name: 'churn-canary',
      namespace: 'ml-serving',
      deploymentMode: 'Standard',
      canaryPercent: 20,
      stablePath: 'customer-churn/1',
      resources: {
        cpuRequest: '250m',
        cpuLimit: '1',
        memoryRequest: '512Mi',
        memoryLimit: '1Gi',
      },
      storage: {
        bucket: 'models',
        path: 'customer-churn/2',
        secretName: 'minio-model-reader',
        serviceAccountName: 'model-reader',
        endpoint: 'minio.lakehouse.svc.cluster.local:9000',
        useHttps: false,
      },
      target: 'apply',
      cluster: 'lakehouse-dev',
      publishTarget: 'none',
      ...overrides,
    });

    const manifestOf = (files: Map<string, string>, name: string) =>
      parseAllDocuments(files.get(`manifests/${name}.yaml`)!).map(doc => {
        expect(doc.errors).toEqual([]);
        return doc.toJS();
      });

    it('applies the deployment to the cluster with the portal’s field manager', async () => {
      const task = await runTask(
        'kserve-deployment',
        values({ name: 'churn-live', canaryPercent: 0 }),
      );
      expect({ status: task.status, log: task.log }).toEqual({
        status: 'completed',
        log: expect.any(String),
      });
      const stored: any = k8s.getObject(
        ISVC_API,
        'InferenceService',
        'ml-serving',
        'churn-live',
      );
      expect(stored).toBeDefined();
      expect(stored.metadata.managedFields?.map((f: any) => f.manager)).toEqual(
        ['backstage-lakehouse-portal'],
      );
      expect(stored.spec.predictor.model.storageUri).toBe(
        's3://models/customer-churn/2',
      );
    });

    it('reports a field manager conflict and forces nothing', async () => {
      k8s.addObject(
        {
          apiVersion: ISVC_API,
          kind: 'InferenceService',
          metadata: {
            name: 'churn-owned',
            namespace: 'ml-serving',
            annotations: { 'serving.kserve.io/deploymentMode': 'Standard' },
          },
          spec: {
            predictor: {
              model: {
                modelFormat: { name: 'mlflow' },
                storageUri: 's3://models/customer-churn/1',
              },
            },
          },
        },
        { fieldManager: 'kubectl-client-side-apply' },
      );
      const task = await runTask(
        'kserve-deployment',
        values({ name: 'churn-owned', canaryPercent: 0 }),
      );
      expect(task.status).toBe('failed');
      expect(task.log).toContain('InferenceService ml-serving/churn-owned');
      expect(task.log).toMatch(/conflict with "kubectl-client-side-apply"/);
      expect(task.log).toContain('.spec.predictor.model.storageUri');
      const stored: any = k8s.getObject(
        ISVC_API,
        'InferenceService',
        'ml-serving',
        'churn-owned',
      );
      expect(stored.spec.predictor.model.storageUri).toBe(
        's3://models/customer-churn/1',
      );
      expect(
        k8s.requests.some(r =>
          /force=true/.test(r.path + JSON.stringify(r.query ?? {})),
        ),
      ).toBe(false);
    });

    it('checks the InferenceService and applies it to the cluster in a server dry run only', async () => {
      const { body, files, log, steps } = await dryRunOk(
        'kserve-deployment',
        values(),
      );
      expect(steps).toEqual({
        model: 'completed',
        fetch: 'completed',
        validate: 'completed',
        apply: 'completed',
        publish: 'skipped',
        register: 'skipped',
      });
      expect(log).toContain(
        'InferenceService churn-canary in manifests/churn-canary.yaml is valid (Standard mode)',
      );
      expect(log).toContain(
        'Dry run: the cluster accepted all 3 object(s); nothing was applied',
      );
      expect([...files.keys()].sort()).toEqual([
        'catalog-info.yaml',
        'manifests/churn-canary.yaml',
      ]);

      const [secret, account, service] = manifestOf(files, 'churn-canary');
      expect(secret).toEqual({
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: {
          name: 'minio-model-reader',
          namespace: 'ml-serving',
          annotations: {
            'serving.kserve.io/s3-endpoint':
              'minio.lakehouse.svc.cluster.local:9000',
            'serving.kserve.io/s3-usehttps': '0',
          },
        },
        type: 'Opaque',
      });
      expect(account).toEqual({
        apiVersion: 'v1',
        kind: 'ServiceAccount',
        metadata: { name: 'model-reader', namespace: 'ml-serving' },
        secrets: [{ name: 'minio-model-reader' }],
      });
      const resources = {
        requests: { cpu: '250m', memory: '512Mi' },
        limits: { cpu: '1', memory: '1Gi' },
      };
      const model = (storageUri: string) => ({
        modelFormat: { name: 'mlflow' },
        storageUri,
        resources,
      });
      expect(service).toEqual({
        apiVersion: ISVC_API,
        kind: 'InferenceService',
        metadata: {
          name: 'churn-canary',
          namespace: 'ml-serving',
          labels: { 'backstage.io/kubernetes-id': 'churn-canary' },
          annotations: {
            'serving.kserve.io/deploymentMode': 'Standard',
            'lakehouse.dev/model-version': '2',
          },
        },
        spec: {
          // Standard mode: the serving version stays the predictor, the new one is the canary.
          predictor: {
            serviceAccountName: 'model-reader',
            model: model('s3://models/customer-churn/1'),
          },
          canary: [
            {
              trafficPercent: 20,
              predictor: {
                serviceAccountName: 'model-reader',
                // KServe's CRD requires the canary's model container to be named.
                model: {
                  name: 'kserve-container',
                  ...model('s3://models/customer-churn/2'),
                },
              },
            },
          ],
        },
      });

      // The cluster saw exactly the file's objects, each as a server dry run, and stored nothing.
      const patches = k8s.requests.filter(r => r.method === 'PATCH');
      expect(patches.map(p => p.query.dryRun)).toEqual(['All', 'All', 'All']);
      expect(patches.map(p => JSON.parse(p.body!))).toEqual([
        secret,
        account,
        service,
      ]);
      expect(k8s.objects.filter(o => o.kind !== 'Namespace')).toEqual([]);

      const entity = parseYaml(files.get('catalog-info.yaml')!);
      await checkEntity(entity);
      expect(entity).toEqual({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: {
          name: 'churn-canary',
          title: 'churn-canary (ml-serving)',
          description: HOSTILE_TEXT,
          annotations: {
            'lakehouse.dev/inferenceservice': 'ml-serving/churn-canary',
            'lakehouse.dev/mlflow-model-name': 'customer-churn',
            'lakehouse.dev/source-systems': 'yaml',
            'backstage.io/kubernetes-id': 'churn-canary',
            'backstage.io/kubernetes-namespace': 'ml-serving',
          },
          tags: ['kserve', 'mlflow'],
        },
        spec: {
          type: 'model-server',
          lifecycle: 'production',
          owner: 'group:default/ml-engineering',
          system: 'commerce-lakehouse',
          dependsOn: ['resource:default/customer-churn'],
        },
      });
      expect(body.output.text[0].content).toContain(
        'The cluster `lakehouse-dev` accepted its\n3 object(s).',
      );
    });

    it('writes a Serverless canary on the predictor and deploys by pull request', async () => {
      const { body, files, log, steps } = await dryRunOk(
        'kserve-deployment',
        values({
          name: 'churn-knative',
          deploymentMode: 'Serverless',
          canaryPercent: 10,
          stablePath: undefined,
          runtime: 'kserve-mlserver',
          target: 'gitops',
          cluster: undefined,
          publishTarget: 'github',
          repoUrl: 'github.com?owner=acme&repo=deployments',
          repoPath: 'infra/serving',
          targetBranch: 'main',
        }),
      );
      expect(steps).toMatchObject({
        validate: 'completed',
        apply: 'skipped',
        publish: 'completed',
        register: 'skipped',
      });
      expect(k8s.requests).toEqual([]);
      expect(log).toContain(
        '"targetPath": "infra/serving/ml-serving/churn-knative"',
      );
      expect(log).toContain(
        '"catalogInfoUrl": "https://github.com/acme/deployments/blob/main/infra/serving/ml-serving/churn-knative/catalog-info.yaml"',
      );
      const service = manifestOf(files, 'churn-knative')[2];
      expect(service.metadata.annotations).toEqual({
        'serving.kserve.io/deploymentMode': 'Serverless',
        'lakehouse.dev/model-version': '2',
      });
      expect(service.spec).toEqual({
        predictor: {
          serviceAccountName: 'model-reader',
          canaryTrafficPercent: 10,
          model: {
            modelFormat: { name: 'mlflow' },
            runtime: 'kserve-mlserver',
            storageUri: 's3://models/customer-churn/2',
            resources: {
              requests: { cpu: '250m', memory: '512Mi' },
              limits: { cpu: '1', memory: '1Gi' },
            },
          },
        },
      });
      expect(body.output.links[0]).toEqual({
        title: 'Pull request',
        icon: 'github',
        url: 'github.com?owner=acme&repo=deployments',
      });
    });

    it('generates and checks the GitOps manifests without publishing them', async () => {
      const { body, files, steps } = await dryRunOk(
        'kserve-deployment',
        values({
          name: 'churn-try',
          target: 'gitops',
          cluster: undefined,
          publishTarget: 'none',
        }),
      );
      expect(steps).toMatchObject({
        validate: 'completed',
        apply: 'skipped',
        publish: 'skipped',
        register: 'skipped',
      });
      expect(k8s.requests).toEqual([]);
      expect(manifestOf(files, 'churn-try')[2].kind).toBe('InferenceService');
      expect(body.output.text[0].content).toContain(
        'Nothing was deployed: publish the manifests to the GitOps repository',
      );
    });

    it('writes an InferenceService KServe’s CRD and the cluster accept for every choice of the form', async () => {
      const form = readTemplate('kserve-deployment').spec.parameters;
      const choices = (property: any) =>
        property.type === 'boolean' ? [false, true] : (property.enum as any[]);
      const { deploymentMode, canaryPercent } = form[1].properties;
      const { useHttps } = form[2].properties.storage.properties;
      // Every choice that shapes the manifest: the deployment mode, no canary, the smallest and the
      // largest one, a runtime or none, HTTPS or not. The model format only fills in a string; each
      // one is used in turn. Deploy by and publish to change the steps, not the files: every run is
      // applied in a server dry run, so the cluster checks each InferenceService too.
      const combinations = choices(deploymentMode).flatMap(mode =>
        [0, canaryPercent.minimum + 1, canaryPercent.maximum].flatMap(canary =>
          [undefined, 'kserve-mlserver'].flatMap(runtime =>
            choices(useHttps).map(https => ({ mode, canary, runtime, https })),
          ),
        ),
      );
      const formats: string[] = choices(form[0].properties.modelFormat);
      const formatsWritten = new Set<string>();

      for (const [i, combination] of combinations.entries()) {
        const { mode, canary, runtime, https } = combination;
        const modelFormat = formats[i % formats.length];
        const input = values({
          name: `churn-${i}`,
          deploymentMode: mode,
          canaryPercent: canary,
          stablePath:
            mode === 'Standard' && canary > 0 ? 'customer-churn/1' : undefined,
          runtime,
          modelFormat,
          storage: { ...values().storage, useHttps: https },
        });
        const { files, steps } = await dryRunOk('kserve-deployment', input);
        formatsWritten.add(modelFormat);
        const service = manifestOf(files, `churn-${i}`).find(
          o => o.kind === 'InferenceService',
        );
        const problems = [
          ...validateInferenceService(service).map(
            c => `${c.field}: ${c.message}`,
          ),
          ...findUnknownInferenceServiceFields(service).map(
            f => `${f}: unknown field`,
          ),
        ];
        expect({ combination, modelFormat, problems }).toEqual({
          combination,
          modelFormat,
          problems: [],
        });
        expect(steps).toMatchObject({
          validate: 'completed',
          apply: 'completed',
        });
        expect(
          service.spec.canary?.[0].trafficPercent ??
            service.spec.predictor.canaryTrafficPercent ??
            0,
        ).toBe(canary);
      }
      // Every format was written at least once, and the cluster saw every InferenceService.
      expect([...formatsWritten].sort()).toEqual([...formats].sort());
      expect(
        k8s.requests.filter(
          r => r.method === 'PATCH' && r.path.includes('/inferenceservices/'),
        ),
      ).toHaveLength(combinations.length);
    });

    it('rolls out fully without a canary', async () => {
      const { files } = await dryRunOk(
        'kserve-deployment',
        values({ name: 'churn-full', canaryPercent: 0, stablePath: undefined }),
      );
      const service = manifestOf(files, 'churn-full')[2];
      expect(service.spec.canary).toBeUndefined();
      expect(service.spec.predictor.canaryTrafficPercent).toBeUndefined();
      expect(service.spec.predictor.model.storageUri).toBe(
        's3://models/customer-churn/2',
      );
    });

    it('keeps YAML in the description as text', async () => {
      const description = 'a\n  kind: Secret\n---\nkind: Secret';
      const { files } = await dryRunOk(
        'kserve-deployment',
        values({ name: 'churn-yaml', description }),
      );
      const documents = parseAllDocuments(files.get('catalog-info.yaml')!);
      expect(documents).toHaveLength(1);
      const entity = documents[0].toJS();
      expect(entity.kind).toBe('Component');
      expect(entity.metadata.description).toBe(description);
      expect(manifestOf(files, 'churn-yaml').map((d: any) => d.kind)).toEqual([
        'Secret',
        'ServiceAccount',
        'InferenceService',
      ]);
    });

    it('refuses YAML and paths smuggled into names, and incomplete choices', async () => {
      // The scaffolder checks the values page by page and answers with the first page's problems.
      expect(
        refusals(
          await dryRun('kserve-deployment', values({ version: 'latest' })),
        ),
      ).toEqual(['instance.version pattern']);
      expect(
        refusals(
          await dryRun(
            'kserve-deployment',
            values({
              name: 'a'.repeat(46),
              namespace: 'ml-serving\n  kind: Secret',
              resources: {
                cpuRequest: '1; rm -rf /',
                cpuLimit: '1',
                memoryRequest: '512Mi',
                memoryLimit: 'lots',
              },
            }),
          ),
        ),
      ).toEqual(
        expect.arrayContaining([
          'instance.name maxLength',
          'instance.namespace pattern',
          'instance.resources.cpuRequest pattern',
          'instance.resources.memoryLimit pattern',
        ]),
      );
      expect(
        refusals(
          await dryRun(
            'kserve-deployment',
            values({
              storage: {
                ...values().storage,
                bucket: 'models/../secrets',
                path: '../other-team/model',
              },
            }),
          ),
        ),
      ).toEqual(
        expect.arrayContaining([
          'instance.storage.bucket pattern',
          'instance.storage.path pattern',
        ]),
      );
      // A Standard canary needs the version serving now; a pull request needs
      // its repository; apply needs a cluster.
      expect(
        refusals(
          await dryRun('kserve-deployment', values({ stablePath: undefined })),
        ),
      ).toEqual(['instance required stablePath']);
      expect(
        refusals(
          await dryRun(
            'kserve-deployment',
            values({
              target: 'gitops',
              cluster: undefined,
              publishTarget: 'github',
            }),
          ),
        ),
      ).toEqual(expect.arrayContaining(['instance required repoUrl']));
      expect(
        refusals(
          await dryRun('kserve-deployment', values({ cluster: undefined })),
        ),
      ).toContain('instance required cluster');
      expect(k8s.requests).toEqual([]);
    });

    it('stops before the cluster when KServe would refuse the deployment', async () => {
      const tooBig = await dryRun(
        'kserve-deployment',
        values({
          resources: {
            cpuRequest: '2',
            cpuLimit: '1',
            memoryRequest: '512Mi',
            memoryLimit: '1Gi',
          },
        }),
      );
      expect(tooBig.status).toBe(400);
      expect(tooBig.body.error.message).toContain(
        'spec.predictor.model.resources.requests.cpu: 2 is more than its limit 1',
      );
      expect(k8s.requests).toEqual([]);

      const unknownCluster = await dryRun(
        'kserve-deployment',
        values({ cluster: 'production' }),
      );
      expect(unknownCluster.status).toBe(400);
      expect(unknownCluster.body.error.message).toContain(
        'Unknown Kubernetes cluster "production": the configured clusters are "lakehouse-dev"',
      );
      expect(k8s.requests).toEqual([]);
    });
  });

  describe('the demo Feast registry export', () => {
    /** Entities, sources and feature views of the demo repository, read with ast. */
    const READ_REPO = String.raw`
import ast, json, sys
out = {"entities": {}, "sources": {}, "views": {}}
names = {}
for source in json.loads(sys.stdin.read()):
    for statement in ast.parse(source).body:
        if not (isinstance(statement, ast.Assign) and isinstance(statement.value, ast.Call)):
            continue
        call = statement.value
        kind = call.func.id
        kw = {k.arg: k.value for k in call.keywords}
        name = kw["name"].value
        names[statement.targets[0].id] = name
        text = lambda key: ast.literal_eval(kw[key]) if key in kw else None
        if kind == "Entity":
            out["entities"][name] = {"joinKeys": text("join_keys"), "description": text("description")}
        elif kind == "TrinoSource":
            out["sources"][name] = {"table": text("table"), "query": text("query"),
                                    "timestampField": text("timestamp_field"), "description": text("description")}
        elif kind == "FeatureView":
            out["views"][name] = {
                "entities": [names[e.id] for e in kw["entities"].elts],
                "ttlDays": kw["ttl"].keywords[0].value.value,
                "source": names[kw["source"].id],
                "online": kw["online"].value,
                "description": text("description"),
                "features": [[ast.literal_eval(f.keywords[0].value), f.keywords[1].value.id,
                              ast.literal_eval(f.keywords[2].value)] for f in kw["schema"].elts],
            }
print(json.dumps(out))
`;
    const VALUE_TYPES: Record<string, string> = {
      Int32: 'INT32',
      Int64: 'INT64',
      Float32: 'FLOAT',
      Float64: 'DOUBLE',
      String: 'STRING',
      Bool: 'BOOL',
      UnixTimestamp: 'UNIX_TIMESTAMP',
      Bytes: 'BYTES',
    };

    it('describes the feature repository as feast apply would register it', () => {
      const files = ['entities.py', 'data_sources.py', 'features.py'].map(f =>
        fs.readFileSync(demo('lakehouse', 'feast', f), 'utf8'),
      );
      const repo = JSON.parse(python(READ_REPO, JSON.stringify(files)));
      const registry = JSON.parse(fs.readFileSync(demoRegistry, 'utf8'));

      expect(registry.projects.map((p: any) => p.spec.name)).toEqual([
        'commerce',
      ]);
      expect(
        registry.entities.map((e: any) => ({
          name: e.spec.name,
          project: e.spec.project,
          joinKeys: [e.spec.joinKey],
          description: e.spec.description,
        })),
      ).toEqual(
        Object.entries(repo.entities).map(([name, e]: [string, any]) => ({
          name,
          project: 'commerce',
          joinKeys: e.joinKeys,
          description: e.description,
        })),
      );
      const sourceOf = (s: any) => ({
        name: s.name,
        type: s.type,
        table: s.trinoOptions.table ?? null,
        query: s.trinoOptions.query ?? null,
        timestampField: s.timestampField,
        description: s.description,
      });
      const expectedSources = Object.entries(repo.sources).map(
        ([name, s]: [string, any]) => ({ name, type: 'BATCH_TRINO', ...s }),
      );
      expect(registry.dataSources.map(sourceOf)).toEqual(expectedSources);
      expect(registry.dataSources.map((s: any) => s.project)).toEqual([
        'commerce',
        'commerce',
      ]);
      expect(
        registry.featureViews.map((v: any) => ({
          name: v.spec.name,
          project: v.spec.project,
          entities: v.spec.entities,
          ttlDays: Number(v.spec.ttl.replace(/s$/, '')) / 86400,
          source: sourceOf(v.spec.batchSource),
          online: v.spec.online,
          description: v.spec.description,
          features: v.spec.features.map((f: any) => [
            f.name,
            f.valueType,
            f.description,
          ]),
        })),
      ).toEqual(
        Object.entries(repo.views).map(([name, v]: [string, any]) => ({
          name,
          project: 'commerce',
          entities: v.entities,
          ttlDays: v.ttlDays,
          source: expectedSources.find(s => s.name === v.source),
          online: v.online,
          description: v.description,
          features: v.features.map(([n, dtype, d]: string[]) => [
            n,
            VALUE_TYPES[dtype],
            d,
          ]),
        })),
      );
    });
  });
});
