import { tokenizeSql } from './sqlTokenizer';
import { findStarProjections } from './starProjections';

function kinds(sql: string) {
  return tokenizeSql(sql)
    .filter(t => t.kind !== 'whitespace')
    .map(t => [t.kind, t.text]);
}

describe('tokenizeSql', () => {
  it('keeps comments, strings, quoted identifiers and Jinja blocks whole', () => {
    expect(
      kinds(
        `select "a ""b""", 'it''s -- no comment', \`c\` /* x * y */ from {{ ref('t') }} -- end`,
      ),
    ).toEqual([
      ['word', 'select'],
      ['quotedIdentifier', '"a ""b"""'],
      ['symbol', ','],
      ['string', "'it''s -- no comment'"],
      ['symbol', ','],
      ['quotedIdentifier', '`c`'],
      ['comment', '/* x * y */'],
      ['word', 'from'],
      ['jinja', "{{ ref('t') }}"],
      ['comment', '-- end'],
    ]);
  });

  it('reads numbers, multi-character operators and dollar-quoted strings', () => {
    expect(kinds('a::int >= 1.5e3 || $$x * y$$')).toEqual([
      ['word', 'a'],
      ['symbol', '::'],
      ['word', 'int'],
      ['symbol', '>='],
      ['number', '1.5e3'],
      ['symbol', '||'],
      ['string', '$$x * y$$'],
    ]);
  });

  it('counts lines', () => {
    const tokens = tokenizeSql('select\n  /* a\n b */ x\nfrom t');
    expect(tokens.find(t => t.text === 'x')?.line).toBe(3);
    expect(tokens.find(t => t.text === 'from')?.line).toBe(4);
  });
});

describe('findStarProjections', () => {
  const stars = (sql: string) => findStarProjections(tokenizeSql(sql));

  it('finds select *, alias.* and a wildcard after other columns', () => {
    expect(stars('select * from t')).toEqual([1]);
    expect(stars('select distinct\n  o.*\nfrom t as o')).toEqual([2]);
    expect(stars('select a,\n*\nfrom t')).toEqual([2]);
  });

  it('finds wildcards in CTEs and subqueries', () => {
    expect(
      stars(
        'with x as (\n  select * from a\n)\nselect id from (select *, 1 as n from x) y',
      ),
    ).toEqual([2, 4]);
  });

  it('ignores count(*), products, comments, strings and Jinja', () => {
    expect(
      stars(
        [
          '-- select * from t',
          "select count(*) as n, a * b as c, '*' as s, /* select * */",
          "  {{ dbt_utils.star(ref('x')) }}",
          'from t where x = 2 * 3',
        ].join('\n'),
      ),
    ).toEqual([]);
  });

  it('does not treat a product in a where clause as a wildcard', () => {
    expect(stars('select a from t where b = c\n* 2')).toEqual([]);
  });
});
