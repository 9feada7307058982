import {
  findDbtCalls,
  readDbtCall,
  readDbtRelation,
  scanJinjaBlock,
  splitJinja,
  tokenizeJinja,
  type DbtCall,
} from './jinja';

const blocksOf = (template: string) =>
  splitJinja(template)
    .parts.filter(p => p.kind !== 'text')
    .map(p => [p.kind, p.body.trim(), p.line]);

describe('splitJinja', () => {
  it('finds expression, statement and comment blocks with their lines', () => {
    const template =
      "{{ config(materialized='table') }}\nselect 1\n{%- if true -%}\n{# note #}\n";
    const { parts, problems } = splitJinja(template);
    expect(problems).toEqual([]);
    expect(blocksOf(template)).toEqual([
      ['expression', "config(materialized='table')", 1],
      ['statement', 'if true', 3],
      ['comment', 'note', 4],
    ]);
    expect(parts.map(p => p.source).join('')).toBe(template);
  });

  it('marks whitespace control on both sides of a block', () => {
    const [, statement] = splitJinja('a\n{%- set x = 1 -%}\nb').parts;
    expect(statement).toMatchObject({
      kind: 'statement',
      body: ' set x = 1 ',
      offset: 2,
      trimBefore: true,
      trimAfter: true,
    });
    const [expression] = splitJinja('{{+ x }}').parts;
    expect(expression).toMatchObject({
      body: ' x ',
      trimBefore: false,
      trimAfter: false,
    });
  });

  it('does not end a block at a closing delimiter inside a string or a dict', () => {
    const text = `{{ "}}" ~ {'a': {'b': 1}} }} tail`;
    expect(scanJinjaBlock(text, 0)).toBe(text.indexOf(' tail'));
    expect(scanJinjaBlock(text, 3)).toBe(-1);
  });

  it('reports a block that is never closed and keeps the rest as text', () => {
    const template = "select 1\nfrom {{ ref('x') \n";
    const { parts, problems } = splitJinja(template);
    expect(problems).toEqual([
      { offset: 14, line: 2, message: '"{{" is never closed with "}}"' },
    ]);
    expect(parts.map(p => [p.kind, p.source])).toEqual([
      ['text', 'select 1\nfrom '],
      ['text', "{{ ref('x') \n"],
    ]);
  });

  it('treats everything in a raw section as text', () => {
    const { parts } = splitJinja(
      "{% raw %}{{ ref('ghost') }}{% endraw %}{{ ref('real') }}",
    );
    expect(parts.map(p => [p.kind, p.body.trim()])).toEqual([
      ['statement', 'raw'],
      ['text', "{{ ref('ghost') }}"],
      ['statement', 'endraw'],
      ['expression', "ref('real')"],
    ]);
  });

  it('reports a raw section that is never closed', () => {
    expect(splitJinja('select\n{% raw %}{{ x }}').problems).toEqual([
      {
        offset: 7,
        line: 2,
        message: '"{% raw %}" is never closed with "{% endraw %}"',
      },
    ]);
  });
});

describe('tokenizeJinja', () => {
  it('reads names, decoded strings, numbers and symbols with their lines', () => {
    expect(
      tokenizeJinja(" ref('a\\'b',\n v=2.5) ", 3).map(t => [
        t.kind,
        t.value,
        t.line,
      ]),
    ).toEqual([
      ['name', 'ref', 3],
      ['symbol', '(', 3],
      ['string', "a'b", 3],
      ['symbol', ',', 3],
      ['name', 'v', 4],
      ['symbol', '=', 4],
      ['number', '2.5', 4],
      ['symbol', ')', 4],
    ]);
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
        "{% raw %}{{ ref('ghost_e') }}{% endraw %}",
      ].join('\n'),
    );
    expect(calls.map(c => c.args[0])).toEqual(['real', 'rendered_in_comment']);
  });

  it('reads config() and var(), also nested in another call', () => {
    const { calls } = findDbtCalls(
      "{{ config(materialized='table', tags=['a']) }}\nselect * from {{ ref(var('model')) }}",
    );
    expect(calls.map(c => [c.fn, c.args, c.kwargs, c.line])).toEqual([
      ['config', [], { materialized: 'table', tags: undefined }, 1],
      ['ref', [undefined], {}, 2],
      ['var', ['model'], {}, 2],
    ]);
  });

  it('numbers lines across multi-line blocks', () => {
    const { calls } = findDbtCalls("select 1\n{{\n  ref(\n    'late'\n  )\n}}");
    expect(calls[0].line).toBe(3);
  });

  it('passes on the problems of the template', () => {
    expect(findDbtCalls("{{ ref('a') }} {% if x ").problems).toEqual([
      { offset: 15, line: 1, message: '"{%" is never closed with "%}"' },
    ]);
  });
});

describe('readDbtCall', () => {
  it('reads an expression that is one call and nothing else', () => {
    expect(readDbtCall(" ref('orders') ")).toMatchObject({
      fn: 'ref',
      args: ['orders'],
    });
    expect(readDbtCall("builtins.source('raw', 'orders')")).toMatchObject({
      fn: 'source',
      args: ['raw', 'orders'],
    });
    expect(readDbtCall("ref('orders') ~ '_x'")).toBeUndefined();
    expect(readDbtCall("adapter.ref('orders')")).toBeUndefined();
    expect(readDbtCall('this')).toBeUndefined();
  });
});

describe('readDbtRelation', () => {
  const call = (fn: DbtCall['fn'], args: DbtCall['args'], kwargs = {}) => ({
    fn,
    args,
    kwargs,
    line: 1,
  });

  it('names the model, package, version or source table', () => {
    expect(readDbtRelation(call('ref', ['orders']))).toEqual({
      fn: 'ref',
      name: 'orders',
      packageName: undefined,
    });
    expect(
      readDbtRelation(call('ref', ['shop', 'orders'], { version: '2' })),
    ).toEqual({ fn: 'ref', name: 'orders', packageName: 'shop', version: '2' });
    expect(readDbtRelation(call('source', ['raw', 'orders']))).toEqual({
      fn: 'source',
      sourceName: 'raw',
      tableName: 'orders',
    });
  });

  it('says why a call names no relation that can be told without Jinja', () => {
    expect(readDbtRelation(call('ref', [undefined]))).toEqual({
      problem:
        "ref() must name a model with string literals, as ref('model') or ref('package', 'model')",
    });
    expect(readDbtRelation(call('ref', ['a', 'b', 'c']))).toHaveProperty(
      'problem',
    );
    expect(readDbtRelation(call('ref', ['a'], { v: undefined }))).toEqual({
      problem: "ref('a'): the version must be a literal",
    });
    expect(readDbtRelation(call('source', ['raw']))).toEqual({
      problem:
        "source() must name a source and a table with string literals, as source('source', 'table')",
    });
    expect(readDbtRelation(call('var', ['x']))).toHaveProperty('problem');
  });
});
