import { createMockDirectory } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import fs from 'node:fs';
import path from 'node:path';
import { createDbtModelValidateAction } from './createDbtModelValidateAction';

const demoProject = path.resolve(
  __dirname,
  '../../../../../examples/lakehouse/dbt',
);
const demoManifestPath = path.join(demoProject, 'target/manifest.json');
const demoManifest = fs.readFileSync(demoManifestPath, 'utf8');

const GOOD_SQL = `-- Returned orders per customer and day.
{{ config(materialized='table') }}
select
    o.order_id,
    c.customer_key,
    d.date_key,
    count(*) as returned_lines
from {{ ref('stg_orders') }} as o
join {{ ref('dim_customers') }} as c on o.customer_id = c.customer_id
join {{ ref('dim_date') }} as d on o.order_date = d.date_day
join {{ source('raw', 'order_items') }} as i on i.order_id = o.order_id
where o.status = 'returned'
group by 1, 2, 3
`;

const GOOD_SCHEMA = `version: 2

models:
  - name: fct_returns
    description: Returned orders, one row per order.
    columns:
      - name: order_id
        description: Primary key of the order.
        data_tests: [unique, not_null]
      - name: customer_key
        description: Key into dim_customers.
      - name: date_key
        description: Key into dim_date.
      - name: returned_lines
        description: Lines of the order that were returned.
`;

describe('dbt:model:validate', () => {
  const workspace = createMockDirectory();
  const outside = createMockDirectory();
  const emptyConfig = new ConfigReader({});

  beforeEach(() => {
    workspace.setContent({
      'target/manifest.json': demoManifest,
      'models/gold/fct_returns.sql': GOOD_SQL,
      'models/gold/fct_returns.yml': GOOD_SCHEMA,
    });
    outside.setContent({ 'secret.sql': 'select * from secrets' });
  });

  async function run(
    input: Record<string, unknown>,
    config = emptyConfig,
  ): Promise<ReturnType<typeof createMockActionContext>> {
    const ctx = createMockActionContext({
      workspacePath: workspace.path,
      input: {
        modelPath: 'models/gold/fct_returns.sql',
        schemaPath: 'models/gold/fct_returns.yml',
        manifest: 'target/manifest.json',
        layer: 'gold',
        ...input,
      },
    });
    await createDbtModelValidateAction({ config }).handler(ctx as any);
    return ctx;
  }

  async function problemsOf(
    input: Record<string, unknown>,
    config?: ConfigReader,
  ): Promise<string[]> {
    const error = await run(input, config).then(
      () => undefined,
      e => e as Error,
    );
    expect(error?.name).toBe('InputError');
    return error!.message.split('\n').slice(1);
  }

  describe('on a valid model', () => {
    it('outputs the refs and sources it found', async () => {
      const ctx = await run({});
      expect(ctx.output).toHaveBeenCalledWith('valid', true);
      expect(ctx.output).toHaveBeenCalledWith('refs', [
        'stg_orders',
        'dim_customers',
        'dim_date',
      ]);
      expect(ctx.output).toHaveBeenCalledWith('sources', ['raw.order_items']);
    });

    it('reads the manifest named in app-config when the step gives none', async () => {
      const ctx = await run(
        { manifest: undefined },
        new ConfigReader({
          lakehouse: { scaffolder: { dbt: { manifest: demoManifestPath } } },
        }),
      );
      expect(ctx.output).toHaveBeenCalledWith('valid', true);
    });

    it('accepts a demo gold model and its documentation copied under a new name', async () => {
      const sql = fs.readFileSync(
        path.join(demoProject, 'models/gold/fct_orders.sql'),
        'utf8',
      );
      const schema = fs
        .readFileSync(path.join(demoProject, 'models/gold/schema.yml'), 'utf8')
        .replace('- name: fct_orders\n', '- name: fct_orders_v2\n');
      workspace.addContent({
        'models/gold/fct_orders_v2.sql': sql,
        'models/gold/schema.yml': schema,
      });
      const ctx = await run({
        modelPath: 'models/gold/fct_orders_v2.sql',
        schemaPath: 'models/gold/schema.yml',
      });
      expect(ctx.output).toHaveBeenCalledWith('refs', [
        'stg_order_items',
        'stg_orders',
        'dim_customers',
        'dim_date',
      ]);
    });

    it('allows select * outside gold and marts', async () => {
      workspace.addContent({
        'models/bronze/stg_returns.sql':
          "select * from {{ source('raw', 'orders') }}",
        'models/bronze/stg_returns.yml': GOOD_SCHEMA.replace(
          'fct_returns',
          'stg_returns',
        ),
      });
      const ctx = await run({
        modelPath: 'models/bronze/stg_returns.sql',
        schemaPath: 'models/bronze/stg_returns.yml',
        layer: 'bronze',
      });
      expect(ctx.output).toHaveBeenCalledWith('sources', ['raw.orders']);
    });
  });

  describe('refs and sources', () => {
    it('reports a model that reads no upstream dataset', async () => {
      workspace.addContent({
        'models/gold/fct_returns.sql':
          'select 1 as order_id, current_date as returned_on\n',
      });
      expect(await problemsOf({})).toEqual([
        'models/gold/fct_returns.sql: reads no upstream dataset; a model reads at least one ref() or source()',
      ]);
    });

    it('reports a ref to a model the manifest does not have', async () => {
      workspace.addContent({
        'models/gold/fct_returns.sql': GOOD_SQL.replace(
          "ref('dim_date')",
          "ref('dim_calendar')",
        ),
      });
      expect(await problemsOf({})).toEqual([
        `models/gold/fct_returns.sql:10: ref('dim_calendar'): no model, seed or snapshot named "dim_calendar" in the dbt manifest`,
      ]);
    });

    it('resolves a seed and a package-qualified ref, and rejects the wrong package', async () => {
      workspace.addContent({
        'models/gold/fct_returns.sql': GOOD_SQL.replace(
          "ref('dim_date')",
          "ref('country_codes')",
        ).replace("ref('dim_customers')", "ref('commerce', 'dim_customers')"),
      });
      const ctx = await run({});
      expect(ctx.output).toHaveBeenCalledWith('refs', [
        'stg_orders',
        'commerce.dim_customers',
        'country_codes',
      ]);

      workspace.addContent({
        'models/gold/fct_returns.sql': GOOD_SQL.replace(
          "ref('dim_customers')",
          "ref('other_pkg', 'dim_customers')",
        ),
      });
      expect(await problemsOf({})).toEqual([
        `models/gold/fct_returns.sql:9: ref('other_pkg.dim_customers'): no model, seed or snapshot named "other_pkg.dim_customers" in the dbt manifest`,
      ]);
    });

    it('reports unknown source tables and unknown sources', async () => {
      workspace.addContent({
        'models/gold/fct_returns.sql': `${GOOD_SQL}union all select 1 from {{ source('raw', 'refunds') }}\nunion all select 1 from {{ source('erp', 'orders') }}\n`,
      });
      expect(await problemsOf({})).toEqual([
        `models/gold/fct_returns.sql:14: source('raw', 'refunds'): source "raw" has no table "refunds" in the dbt manifest`,
        `models/gold/fct_returns.sql:15: source('erp', 'orders'): no source named "erp" in the dbt manifest`,
      ]);
    });

    it('checks refs Jinja renders inside SQL comments but ignores Jinja comments and plain text', async () => {
      workspace.addContent({
        'models/gold/fct_returns.sql': `${GOOD_SQL}-- {{ ref('ghost_in_sql_comment') }}\n{# {{ ref('ghost_in_jinja_comment') }} #}\n-- ref('ghost_in_text')\n`,
      });
      expect(await problemsOf({})).toEqual([
        `models/gold/fct_returns.sql:14: ref('ghost_in_sql_comment'): no model, seed or snapshot named "ghost_in_sql_comment" in the dbt manifest`,
      ]);
    });

    it('reports refs that cannot be checked because they are not literals', async () => {
      workspace.addContent({
        'models/gold/fct_returns.sql': `${GOOD_SQL}{{ ref(var('upstream')) }}\n`,
      });
      expect(await problemsOf({})).toEqual([
        `models/gold/fct_returns.sql:14: ref() must name a model with string literals, as ref('model') or ref('package', 'model')`,
      ]);
    });

    it('reports an unclosed Jinja block', async () => {
      workspace.addContent({
        'models/gold/fct_returns.sql': `${GOOD_SQL}{{ ref('dim_date')\n`,
      });
      expect(await problemsOf({})).toEqual([
        'models/gold/fct_returns.sql:14: "{{" is never closed with "}}"',
      ]);
    });
  });

  describe('naming', () => {
    it("reports a name that does not follow the layer's prefixes", async () => {
      workspace.addContent({
        'models/gold/returns.sql': GOOD_SQL,
        'models/gold/fct_returns.yml': GOOD_SCHEMA.replace(
          'fct_returns',
          'returns',
        ),
      });
      expect(
        await problemsOf({ modelPath: 'models/gold/returns.sql' }),
      ).toEqual([
        'models/gold/returns.sql: model name "returns" does not follow the gold naming convention: it must start with "fct_" or "dim_" or "mart_"',
      ]);
    });

    it('uses the prefixes of the step, then of app-config, over the defaults', async () => {
      await expect(
        run({ namingConventions: { gold: 'fct_' } }),
      ).resolves.toBeDefined();
      expect(
        await problemsOf({ namingConventions: { gold: ['mart_'] } }),
      ).toEqual([
        'models/gold/fct_returns.sql: model name "fct_returns" does not follow the gold naming convention: it must start with "mart_"',
      ]);
      expect(
        await problemsOf(
          {},
          new ConfigReader({
            lakehouse: {
              scaffolder: { dbt: { namingConventions: { gold: 'agg_' } } },
            },
          }),
        ),
      ).toEqual([
        'models/gold/fct_returns.sql: model name "fct_returns" does not follow the gold naming convention: it must start with "agg_"',
      ]);
    });

    it('reports a name that is not lower snake case', async () => {
      workspace.addContent({ 'models/gold/fct_Returns.sql': GOOD_SQL });
      const problems = await problemsOf({
        modelPath: 'models/gold/fct_Returns.sql',
      });
      expect(problems[0]).toBe(
        'models/gold/fct_Returns.sql: model name "fct_Returns" must be lower snake case (a-z, 0-9 and _, starting with a letter)',
      );
    });

    it('reports a name that is already taken in the manifest', async () => {
      workspace.addContent({ 'models/gold/fct_orders.sql': GOOD_SQL });
      const problems = await problemsOf({
        modelPath: 'models/gold/fct_orders.sql',
      });
      expect(problems[0]).toBe(
        'models/gold/fct_orders.sql: model name "fct_orders" is already taken in the dbt manifest by model.commerce.fct_orders',
      );
    });
  });

  describe('select * in gold', () => {
    it('reports each wildcard with its line, but not count(*) or commented ones', async () => {
      workspace.addContent({
        'models/gold/fct_returns.sql': `with r as (\n  select * from {{ ref('stg_orders') }} -- select * here is fine\n)\nselect r.*, count(*) as n, '*' as star\nfrom r\n`,
      });
      expect(await problemsOf({ layer: 'marts' })).toEqual([
        'models/gold/fct_returns.sql:2: select * is not allowed in a marts model; list the columns explicitly',
        'models/gold/fct_returns.sql:4: select * is not allowed in a marts model; list the columns explicitly',
      ]);
    });
  });

  describe('schema.yml', () => {
    const schemaProblems = (schema: string) => {
      workspace.addContent({ 'models/gold/fct_returns.yml': schema });
      return problemsOf({});
    };

    it('reports YAML that does not parse', async () => {
      const problems = await schemaProblems(
        'version: 2\nmodels:\n  - name: fct_returns\n   columns: [\n',
      );
      expect(problems.length).toBeGreaterThan(0);
      expect(problems[0]).toMatch(
        /^models\/gold\/fct_returns\.yml:\d+: is not valid YAML: /,
      );
    });

    it('reports a version other than 2', async () => {
      expect(
        await schemaProblems(GOOD_SCHEMA.replace('version: 2', 'version: 1')),
      ).toEqual(['models/gold/fct_returns.yml:1: version must be 2 (found 1)']);
    });

    it('reports a schema file that does not declare the model', async () => {
      expect(
        await schemaProblems(GOOD_SCHEMA.replace('fct_returns', 'fct_other')),
      ).toEqual([
        'models/gold/fct_returns.yml:4: declares no model named "fct_returns" under models',
      ]);
    });

    it('reports columns without a description', async () => {
      expect(
        await schemaProblems(
          GOOD_SCHEMA.replace(
            '        description: Key into dim_date.\n',
            '        description: "  "\n',
          ).replace(
            '        description: Lines of the order that were returned.\n',
            '',
          ),
        ),
      ).toEqual([
        'models/gold/fct_returns.yml:12: model fct_returns, column date_key: description is missing or empty',
        'models/gold/fct_returns.yml:14: model fct_returns, column returned_lines: description is missing or empty',
      ]);
    });

    it('reports a model without a column tested unique and not_null', async () => {
      expect(
        await schemaProblems(
          GOOD_SCHEMA.replace(
            'data_tests: [unique, not_null]',
            'data_tests: [unique]',
          ),
        ),
      ).toEqual([
        'models/gold/fct_returns.yml:4: model fct_returns has no primary key column tested both unique and not_null (add data_tests: [unique, not_null] to it)',
      ]);
    });

    it('accepts the older tests key and tests with arguments', async () => {
      workspace.addContent({
        'models/gold/fct_returns.yml': GOOD_SCHEMA.replace(
          'data_tests: [unique, not_null]',
          'tests:\n          - unique\n          - not_null:\n              config: { severity: error }',
        ),
      });
      await expect(run({})).resolves.toBeDefined();
    });

    it('reports a model without columns', async () => {
      expect(
        await schemaProblems(
          'version: 2\nmodels:\n  - name: fct_returns\n    description: x\n',
        ),
      ).toEqual([
        'models/gold/fct_returns.yml:3: model fct_returns declares no columns; document every column it selects',
      ]);
    });
  });

  describe('manifest and files', () => {
    it('lists every problem at once, one per line', async () => {
      workspace.addContent({
        'models/gold/orders.sql': "select * from {{ ref('ghost') }}\n",
        'models/gold/fct_returns.yml': GOOD_SCHEMA.replace(
          'version: 2',
          'version: 3',
        ),
      });
      const error = await run({ modelPath: 'models/gold/orders.sql' }).catch(
        e => e,
      );
      expect(error.message.split('\n')).toEqual([
        'dbt model orders is not valid (5 problems):',
        'models/gold/orders.sql: model name "orders" does not follow the gold naming convention: it must start with "fct_" or "dim_" or "mart_"',
        `models/gold/orders.sql:1: ref('ghost'): no model, seed or snapshot named "ghost" in the dbt manifest`,
        'models/gold/orders.sql:1: select * is not allowed in a gold model; list the columns explicitly',
        'models/gold/fct_returns.yml:1: version must be 2 (found 3)',
        'models/gold/fct_returns.yml:4: declares no model named "orders" under models',
      ]);
    });

    it('reports missing files and a manifest that is not one', async () => {
      workspace.addContent({ 'target/manifest.json': '<html>' });
      const problems = await problemsOf({
        modelPath: 'models/gold/fct_missing.sql',
        schemaPath: 'models/gold/missing.yml',
      });
      expect(problems.slice(0, 2)).toEqual([
        'modelPath: models/gold/fct_missing.sql does not exist in the workspace',
        'schemaPath: models/gold/missing.yml does not exist in the workspace',
      ]);
      expect(problems[2]).toMatch(
        /^dbt manifest at target\/manifest\.json is not JSON but looks like an HTML or XML page/,
      );
      expect(problems).toHaveLength(3);
    });

    it('fails when no manifest is given or configured', async () => {
      await expect(run({ manifest: undefined })).rejects.toThrow(
        'manifest: no dbt manifest given; set the manifest input or lakehouse.scaffolder.dbt.manifest in app-config',
      );
    });
  });

  describe('hostile paths', () => {
    it('refuses paths that climb out of the workspace', async () => {
      await expect(run({ modelPath: '../../etc/passwd' })).rejects.toThrow(
        'modelPath: "../../etc/passwd" contains a ".." segment; give a path inside the workspace',
      );
      await expect(
        run({ manifest: 'target/../../../../etc/passwd' }),
      ).rejects.toThrow(/manifest: .* contains a "\.\." segment/);
      await expect(run({ schemaPath: '..\\..\\schema.yml' })).rejects.toThrow(
        /schemaPath: .* contains a "\.\." segment/,
      );
    });

    it('refuses absolute paths', async () => {
      await expect(
        run({ schemaPath: outside.resolve('secret.sql') }),
      ).rejects.toThrow(/^schemaPath: ".*" is an absolute path/);
      await expect(run({ manifest: '/etc/passwd' })).rejects.toThrow(
        'manifest: "/etc/passwd" is an absolute path; give a path relative to the workspace',
      );
    });

    it('refuses a symbolic link to a file outside the workspace', async () => {
      workspace.addContent({
        'models/gold/fct_leak.sql': ({ symlink }) =>
          symlink(outside.resolve('secret.sql')),
      });
      const error = await run({ modelPath: 'models/gold/fct_leak.sql' }).catch(
        e => e,
      );
      expect(error.name).toBe('NotAllowedError');
      expect(error.message).toBe(
        'modelPath: models/gold/fct_leak.sql leads out of the workspace through a symbolic link',
      );
      expect(error.message).not.toContain(outside.path);
    });

    it('refuses a path through a symbolic link to a folder outside the workspace', async () => {
      workspace.addContent({
        linked: ({ symlink }) => symlink(outside.path),
      });
      await expect(run({ modelPath: 'linked/secret.sql' })).rejects.toThrow(
        'modelPath: linked/secret.sql leads out of the workspace through a symbolic link',
      );
    });

    it('follows symbolic links that stay inside the workspace', async () => {
      workspace.addContent({
        'models/gold/fct_returns_link.yml': ({ symlink }) =>
          symlink(workspace.resolve('models/gold/fct_returns.yml')),
      });
      await expect(
        run({ schemaPath: 'models/gold/fct_returns_link.yml' }),
      ).resolves.toBeDefined();
    });
  });
});
