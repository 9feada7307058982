import fs from 'node:fs';
import path from 'node:path';
import { extractColumnLineage, resolveDbtJinja } from '.';
import { parseDbtManifest } from '@internal/plugin-lakehouse-node';
import { dbtManifestModels } from './dbtManifestModels';

const relations: Record<string, string> = {
  stg_orders: 'lake.bronze.stg_orders',
  'finance/ledger': 'lake.finance.ledger',
};
const resolve = {
  ref: (name: string, packageName?: string) =>
    relations[packageName ? `${packageName}/${name}` : name],
  source: (sourceName: string, tableName: string) =>
    sourceName === 'raw' ? `lake.raw.${tableName}` : undefined,
};

describe('resolveDbtJinja', () => {
  it('replaces ref() and source() with quoted relation names', () => {
    expect(
      resolveDbtJinja(
        "select * from {{ ref('stg_orders') }} o join {{ref(\"finance\", \"ledger\")}} l using (id) join {{ source('raw', 'payments') }} p using (id)",
        resolve,
      ),
    ).toBe(
      'select * from "lake"."bronze"."stg_orders" o join "lake"."finance"."ledger" l using (id) join "lake"."raw"."payments" p using (id)',
    );
  });

  it('removes config, comments, set and other expressions, minding whitespace control', () => {
    const sql = [
      "{{ config(materialized='table', tags=['a']) }}",
      '{# the orders, {{ ref("nothing") }} #}',
      '{%- set threshold = 10 -%}',
      "select id, '{{ var(\"label\") }}' as label from {{ ref('stg_orders') }}",
    ].join('\n');
    // The newline before `{%-` and the one after `-%}` are trimmed away.
    expect(resolveDbtJinja(sql, resolve)).toBe(
      `\nselect id, '' as label from "lake"."bronze"."stg_orders"`,
    );
  });

  it('renders what a full refresh compiles: without the incremental filter, with its else branch', () => {
    const sql = `select * from {{ ref('stg_orders') }}
{% if is_incremental() %}
where updated_at > (select max(updated_at) from {{ this }})
{% else %}
where updated_at > date '2020-01-01'
{% endif %}
{% if not is_incremental() %}and id > 0{% endif %}`;
    expect(resolveDbtJinja(sql, resolve).replace(/\s+/g, ' ').trim()).toBe(
      `select * from "lake"."bronze"."stg_orders" where updated_at > date '2020-01-01' and id > 0`,
    );
  });

  it('keeps the first branch of other conditions and one pass of a loop', () => {
    const sql = `select
{% for method in ['card', 'cash'] %}sum(case when method = '{{ method }}' then amount end) as {{ method }}_amount,{% endfor %}
{% if target.name == 'prod' %}count(*) as n{% elif target.name == 'dev' %}0 as n{% else %}1 as n{% endif %}
from {{ ref('stg_orders') }}`;
    expect(resolveDbtJinja(sql, resolve).replace(/\s+/g, ' ').trim()).toBe(
      `select sum(case when method = '' then amount end) as _amount, count(*) as n from "lake"."bronze"."stg_orders"`,
    );
  });

  it('drops macro definitions and keeps raw blocks as written', () => {
    const sql = `{% macro cents(column) %}{{ column }} * 100{% endmacro %}select '{% raw %}{{ literal }}{% endraw %}' as template from {{ ref('stg_orders') }}`;
    expect(resolveDbtJinja(sql, resolve)).toBe(
      `select '{{ literal }}' as template from "lake"."bronze"."stg_orders"`,
    );
  });

  it('throws, naming the call, when a ref() or source() resolves to nothing or is not plain', () => {
    expect(() =>
      resolveDbtJinja("select * from {{ ref('missing') }}", resolve),
    ).toThrow("dbt SQL: {{ ref('missing') }} resolves to no relation");
    expect(() =>
      resolveDbtJinja("select * from {{ source('crm', 'leads') }}", resolve),
    ).toThrow("dbt SQL: {{ source('crm', 'leads') }} resolves to no relation");
    expect(() =>
      resolveDbtJinja("select * from {{ ref(var('model')) }}", resolve),
    ).toThrow(
      "dbt SQL:1: ref() must name a model with string literals, as ref('model') or ref('package', 'model')",
    );
    expect(() => resolveDbtJinja('select\n{{ 1 ', resolve)).toThrow(
      'dbt SQL:2: "{{" is never closed with "}}"',
    );
  });

  it('gives the jaffle_shop raw SQL the lineage of its compiled SQL', () => {
    const file = path.join(
      __dirname,
      '__fixtures__',
      'jaffle_shop-manifest.json',
    );
    const manifest = parseDbtManifest(fs.readFileSync(file, 'utf8'), file);
    const compiled = dbtManifestModels(manifest);
    const raw = dbtManifestModels({
      ...manifest,
      nodes: Object.fromEntries(
        Object.entries(manifest.nodes).map(([id, node]) => [
          id,
          { ...node, compiled_code: undefined },
        ]),
      ),
    });
    expect(raw.problems).toEqual([]);
    const lineage = (models: typeof compiled) =>
      extractColumnLineage(models.models, {
        knownColumns: models.knownColumns,
      }).filter(result => result.table !== 'postgres.public.orders');
    // The orders model builds columns in a Jinja loop, which is rendered once.
    expect(lineage(raw)).toEqual(lineage(compiled));
    expect(lineage(raw).map(result => result.table)).toEqual([
      'postgres.public.customers',
      'postgres.public.stg_customers',
      'postgres.public.stg_orders',
      'postgres.public.stg_payments',
    ]);
  });
});
