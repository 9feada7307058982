import fs from 'node:fs';
import path from 'node:path';
import { analyzeStatement, ReadOnlyPolicy } from './index';
import { parseSqlCorpus, SqlCorpusEntry } from './corpus';

const policy: ReadOnlyPolicy = { forbiddenCatalogs: ['system'] };

function readCorpus(name: string): SqlCorpusEntry[] {
  return parseSqlCorpus(
    fs.readFileSync(path.join(__dirname, '__corpus__', name), 'utf8'),
  );
}

/** A one-line name for a statement in a test title. */
function title(entry: SqlCorpusEntry): string {
  const oneLine = JSON.stringify(entry.sql);
  return `line ${entry.line}: ${
    oneLine.length > 100 ? `${oneLine.slice(0, 100)}…` : oneLine
  }`;
}

const hostile = readCorpus('hostile.sql.txt');
const legitimate = readCorpus('legitimate.sql.txt');

describe('parseSqlCorpus', () => {
  it('reads statements after separators, with expectations, ignoring the header', () => {
    const text = [
      '-- header; ignored',
      'SELECT 0',
      '-- ----',
      '',
      'SELECT 1;',
      '-- not a separator',
      'SELECT 2',
      '',
      '-- ---- expect: Stacked statements',
      'SELECT 1; DROP TABLE t',
      '-- ----',
      '   ',
      '-- ----',
      'VALUES 1',
    ].join('\r\n');
    expect(parseSqlCorpus(text)).toEqual([
      { sql: 'SELECT 1;\n-- not a separator\nSELECT 2', line: 5 },
      { sql: 'SELECT 1; DROP TABLE t', line: 10, expect: 'Stacked statements' },
      { sql: 'VALUES 1', line: 14 },
    ]);
  });

  it('rejects a separator with another note, and an expectation without a statement', () => {
    expect(() => parseSqlCorpus('-- ---- maybe\nSELECT 1')).toThrow(
      'Corpus line 1: a separator may only be followed by "expect: …", got "maybe"',
    );
    expect(() =>
      parseSqlCorpus('-- ---- expect: x\n\n-- ----\nSELECT 1'),
    ).toThrow('Corpus line 1: "expect:" without a statement');
  });
});

describe('hostile corpus', () => {
  it('has at least 150 distinct statements, each with an expected reason', () => {
    expect(hostile.length).toBeGreaterThanOrEqual(150);
    expect(new Set(hostile.map(e => e.sql)).size).toBe(hostile.length);
    expect(hostile.filter(e => !e.expect).map(title)).toEqual([]);
  });

  it.each(hostile.map(entry => [title(entry), entry] as const))(
    'refuses %s',
    (_title, entry) => {
      // On failure, shows whether it was allowed, or the reason and where.
      expect(analyzeStatement(entry.sql, policy)).toMatchObject({
        allowed: false,
        reason: expect.stringContaining(String(entry.expect)),
      });
    },
  );
});

describe('legitimate corpus', () => {
  it('has at least 100 distinct statements', () => {
    expect(legitimate.length).toBeGreaterThanOrEqual(100);
    expect(new Set(legitimate.map(e => e.sql)).size).toBe(legitimate.length);
  });

  it('covers the star schema', () => {
    const tables = new Set(
      legitimate.flatMap(e => {
        const result = analyzeStatement(e.sql, policy);
        return result.allowed ? result.tables : [];
      }),
    );
    expect([...tables].sort()).toEqual(
      expect.arrayContaining([
        'lakehouse.bronze.stg_orders',
        'lakehouse.gold.fct_orders',
        'lakehouse.silver.dim_customers',
        'lakehouse.silver.dim_date',
        'lakehouse.silver.dim_products',
      ]),
    );
  });

  it.each(legitimate.map(entry => [title(entry), entry] as const))(
    'allows %s',
    (_title, entry) => {
      const result = analyzeStatement(entry.sql, policy);
      // On failure, shows the reason and where.
      expect(result).toMatchObject({ allowed: true });
    },
  );
});
