import { findDbtCalls, findJinjaBlocks, scanJinjaBlock } from './jinja';

describe('findJinjaBlocks', () => {
  it('finds expression, statement and comment blocks with their lines', () => {
    const { blocks, errors } = findJinjaBlocks(
      "{{ config(materialized='table') }}\nselect 1\n{%- if true -%}\n{# note #}\n",
    );
    expect(errors).toEqual([]);
    expect(blocks.map(b => [b.kind, b.body.trim(), b.line])).toEqual([
      ['expression', "config(materialized='table')", 1],
      ['statement', 'if true', 3],
      ['comment', 'note', 4],
    ]);
  });

  it('does not end a block at a closing delimiter inside a string or a dict', () => {
    const text = `{{ "}}" ~ {'a': {'b': 1}} }} tail`;
    expect(scanJinjaBlock(text, 0)).toBe(text.indexOf(' tail'));
  });

  it('reports a block that is never closed', () => {
    const { errors } = findJinjaBlocks("select 1\nfrom {{ ref('x') \n");
    expect(errors).toEqual([
      { line: 2, message: '"{{" is never closed with "}}"' },
    ]);
  });

  it('treats everything in a raw section as text', () => {
    const { blocks } = findJinjaBlocks(
      "{% raw %}{{ ref('ghost') }}{% endraw %}{{ ref('real') }}",
    );
    expect(blocks.map(b => b.body.trim())).toEqual(['raw', "ref('real')"]);
  });
});

describe('findDbtCalls', () => {
  it('reads refs and sources in the forms dbt accepts', () => {
    const { calls } = findDbtCalls(
      [
        "select * from {{ ref('stg_orders') }}",
        'join {{ ref("shop", "dim_customers") }}',
        "join {{ ref('dim_date', v=2) }}",
        "join {{ source('raw', 'orders') }}",
        "{% set rel = builtins.ref('fct_orders') %}",
      ].join('\n'),
    );
    expect(calls).toEqual([
      { fn: 'ref', args: ['stg_orders'], kwargs: {}, line: 1 },
      { fn: 'ref', args: ['shop', 'dim_customers'], kwargs: {}, line: 2 },
      { fn: 'ref', args: ['dim_date'], kwargs: { v: '2' }, line: 3 },
      { fn: 'source', args: ['raw', 'orders'], kwargs: {}, line: 4 },
      { fn: 'ref', args: ['fct_orders'], kwargs: {}, line: 5 },
    ]);
  });

  it('counts only calls inside Jinja blocks, not text that looks like one', () => {
    const { calls } = findDbtCalls(
      [
        "select 'ref(''ghost_a'')' as s -- ref('ghost_b')",
        "{# {{ ref('ghost_c') }} #}",
        "from {{ adapter.ref('ghost_d') }} {{ ref('real') }}",
        "-- {{ ref('rendered_in_comment') }}",
      ].join('\n'),
    );
    expect(calls.map(c => c.args[0])).toEqual(['real', 'rendered_in_comment']);
  });

  it('marks arguments that are not string literals', () => {
    const { calls } = findDbtCalls("{{ ref(var('model')) }}");
    expect(calls).toEqual([
      { fn: 'ref', args: [undefined], kwargs: {}, line: 1 },
    ]);
  });

  it('numbers lines across multi-line blocks', () => {
    const { calls } = findDbtCalls("select 1\n{{\n  ref(\n    'late'\n  )\n}}");
    expect(calls[0].line).toBe(3);
  });
});
