import { tokenizeSql } from '@internal/plugin-lakehouse-node';
import { findStarProjections } from './starProjections';

describe('findStarProjections', () => {
  const stars = (sql: string) =>
    findStarProjections(tokenizeSql(sql, { jinja: true }));

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

  it('finds the wildcards of the statements before one after a semicolon', () => {
    expect(stars('select a from t;\nselect * from u')).toEqual([2]);
  });
});
