import {
  quoteSqlIdentifier,
  quoteSqlString,
  scanSql,
  significantTokens,
  SqlTokenizeError,
  tokenizeSql,
} from './tokenizer';

/** kind and text of each token. */
function kinds(sql: string) {
  return tokenizeSql(sql).map(t => [t.kind, t.text]);
}

function values(sql: string) {
  return tokenizeSql(sql).map(t => t.value);
}

function tokenizeError(sql: string): SqlTokenizeError {
  try {
    tokenizeSql(sql);
  } catch (e) {
    if (e instanceof SqlTokenizeError) return e;
    throw e;
  }
  throw new Error(`no error for ${JSON.stringify(sql)}`);
}

describe('tokenizeSql', () => {
  it('gives each token its kind, text and normalized value', () => {
    expect(
      tokenizeSql(`select "Col""1", 'it''s', 12.5e-3 FROM t;`).map(t => ({
        kind: t.kind,
        text: t.text,
        value: t.value,
      })),
    ).toEqual([
      { kind: 'word', text: 'select', value: 'SELECT' },
      { kind: 'quotedIdentifier', text: '"Col""1"', value: 'Col"1' },
      { kind: 'punctuation', text: ',', value: ',' },
      { kind: 'string', text: "'it''s'", value: "it's" },
      { kind: 'punctuation', text: ',', value: ',' },
      { kind: 'number', text: '12.5e-3', value: '12.5e-3' },
      { kind: 'word', text: 'FROM', value: 'FROM' },
      { kind: 'word', text: 't', value: 'T' },
      { kind: 'semicolon', text: ';', value: ';' },
    ]);
  });

  it('gives offsets and 1-based lines and columns across \\n, \\r\\n and \\r', () => {
    const tokens = tokenizeSql('SELECT a,\n  b\r\nFROM t\rWHERE x');
    expect(tokens.map(t => [t.text, t.position, t.end])).toEqual([
      ['SELECT', { offset: 0, line: 1, column: 1 }, 6],
      ['a', { offset: 7, line: 1, column: 8 }, 8],
      [',', { offset: 8, line: 1, column: 9 }, 9],
      ['b', { offset: 12, line: 2, column: 3 }, 13],
      ['FROM', { offset: 15, line: 3, column: 1 }, 19],
      ['t', { offset: 20, line: 3, column: 6 }, 21],
      ['WHERE', { offset: 22, line: 4, column: 1 }, 27],
      ['x', { offset: 28, line: 4, column: 7 }, 29],
    ]);
  });

  it('counts lines inside multi-line comments and strings', () => {
    const tokens = tokenizeSql("/* one\ntwo */ 'a\nb'\n  x");
    expect(tokens[2].position).toEqual({ offset: 22, line: 4, column: 3 });
  });

  describe('comments', () => {
    it('reads -- comments to the end of the line, and at the end of the text', () => {
      expect(kinds('SELECT 1 -- note; DROP\n+ 2 --')).toEqual([
        ['word', 'SELECT'],
        ['number', '1'],
        ['comment', '-- note; DROP'],
        ['operator', '+'],
        ['number', '2'],
        ['comment', '--'],
      ]);
      expect(tokenizeSql('-- x\r\ny')[0].variant).toBe('line');
    });

    it('ends a -- comment at \\r as well as \\n', () => {
      expect(kinds('1 -- a\rDROP')).toEqual([
        ['number', '1'],
        ['comment', '-- a'],
        ['word', 'DROP'],
      ]);
    });

    it('starts a comment at -- even right after a number or operator', () => {
      expect(kinds('1--2')).toEqual([
        ['number', '1'],
        ['comment', '--2'],
      ]);
      expect(kinds('a-/**/-b')).toEqual([
        ['word', 'a'],
        ['operator', '-'],
        ['comment', '/**/'],
        ['operator', '-'],
        ['word', 'b'],
      ]);
    });

    it('never lets an operator swallow the start of a comment', () => {
      expect(kinds('1 //*x*/ 2')).toEqual([
        ['number', '1'],
        ['operator', '/'],
        ['comment', '/*x*/'],
        ['number', '2'],
      ]);
      expect(kinds('1 // 2')).toEqual([
        ['number', '1'],
        ['operator', '//'],
        ['number', '2'],
      ]);
    });

    it('ends a block comment at the first */ (no nesting), keeping a nested-looking /* in its text', () => {
      expect(kinds('/* a /* b */ c */')).toEqual([
        ['comment', '/* a /* b */'],
        ['word', 'c'],
        ['operator', '*'],
        ['operator', '/'],
      ]);
      expect(tokenizeSql('/**/')[0]).toMatchObject({
        kind: 'comment',
        variant: 'block',
      });
    });

    it('keeps quotes inside comments as text', () => {
      expect(kinds('/* it\'s */ -- "x\n1')).toEqual([
        ['comment', "/* it's */"],
        ['comment', '-- "x'],
        ['number', '1'],
      ]);
    });
  });

  describe('string literals', () => {
    it('reads standard strings with doubled quotes, and no backslash escapes', () => {
      expect(values("'' 'a''b' 'a\\' 'x'")).toEqual(['', "a'b", 'a\\', 'x']);
      expect(tokenizeSql("'x'")[0].variant).toBe('standard');
    });

    it('keeps comment and semicolon look-alikes inside strings', () => {
      expect(kinds("SELECT '-- ; /* x */'")).toEqual([
        ['word', 'SELECT'],
        ['string', "'-- ; /* x */'"],
      ]);
    });

    it("decodes U&'…' escapes, with UESCAPE", () => {
      const [s] = tokenizeSql("U&'caf\\00E9 \\+01F600 \\\\ it''s'");
      expect(s).toMatchObject({
        kind: 'string',
        variant: 'unicode',
        value: "café 😀 \\ it's",
      });
      expect(values("u&'x!0041!!' UESCAPE '!'")).toEqual([
        'x' + 'A!',
        'UESCAPE',
        '!',
      ]);
    });

    it("reads E'…' escape strings as DuckDB does, with backslash escapes", () => {
      const [s, next] = tokenizeSql("e'a\\'b\\\\c\\n' x");
      expect(s).toMatchObject({
        kind: 'string',
        variant: 'escape',
        text: "e'a\\'b\\\\c\\n'",
        value: "a'b\\c\n",
      });
      expect(next.text).toBe('x');
    });

    it("reads X'…', B'…' and N'…' literals", () => {
      expect(
        tokenizeSql("X'0aFF' b'101' N'n'").map(t => [t.variant, t.value]),
      ).toEqual([
        ['binary', '0aFF'],
        ['bit', '101'],
        ['national', 'n'],
      ]);
    });

    it('reads a prefix letter inside a word as part of the word', () => {
      expect(kinds("nE'x'")).toEqual([
        ['word', 'nE'],
        ['string', "'x'"],
      ]);
    });

    it('reads dollar-quoted strings and $ parameters', () => {
      expect(
        tokenizeSql("$$a ' b$$ $q$ $$ $q$ $1").map(t => [
          t.kind,
          t.variant,
          t.value,
        ]),
      ).toEqual([
        ['string', 'dollar', "a ' b"],
        ['string', 'dollar', ' $$ '],
        ['operator', undefined, '$1'],
      ]);
    });
  });

  describe('identifiers and words', () => {
    it('reads double-quoted identifiers with "" escapes, keeping their case', () => {
      expect(tokenizeSql('"Mixed ""Case"" -- ;"')[0]).toMatchObject({
        kind: 'quotedIdentifier',
        variant: 'double',
        value: 'Mixed "Case" -- ;',
      });
    });

    it('reads backquoted identifiers with `` escapes', () => {
      expect(tokenizeSql('`a``b`')[0]).toMatchObject({
        kind: 'quotedIdentifier',
        variant: 'backquote',
        value: 'a`b',
      });
    });

    it('decodes U&"…" identifiers', () => {
      expect(tokenizeSql('U&"\\0041b"')[0]).toMatchObject({
        kind: 'quotedIdentifier',
        value: 'Ab',
      });
    });

    it('upper-cases only ASCII letters of words', () => {
      expect(values('SeLeCt _x1 a$b ſelect')).toEqual([
        'SELECT',
        '_X1',
        'A$B',
        'ſELECT',
      ]);
    });

    it('reads non-ASCII letters as part of a word, so homoglyphs never make a keyword', () => {
      const [word] = tokenizeSql('DЕLETE');
      expect(word.kind).toBe('word');
      expect(word.text).toBe('DЕLETE');
      expect(word.value).not.toBe('DELETE');
    });
  });

  it('reads numbers', () => {
    expect(kinds('1 1.5 .5 1e10 1E-5 2.e3 0x1F 0b101 1_000 5.')).toEqual([
      ['number', '1'],
      ['number', '1.5'],
      ['number', '.5'],
      ['number', '1e10'],
      ['number', '1E-5'],
      ['number', '2.e3'],
      ['number', '0x1F'],
      ['number', '0b101'],
      ['number', '1_000'],
      ['number', '5.'],
    ]);
  });

  it('reads operators, punctuation and semicolons', () => {
    expect(kinds('a<>b!=c||d->e=>f::g<=h>=i;(x)[y]{z},t.c ?')).toEqual([
      ['word', 'a'],
      ['operator', '<>'],
      ['word', 'b'],
      ['operator', '!='],
      ['word', 'c'],
      ['operator', '||'],
      ['word', 'd'],
      ['operator', '->'],
      ['word', 'e'],
      ['operator', '=>'],
      ['word', 'f'],
      ['operator', '::'],
      ['word', 'g'],
      ['operator', '<='],
      ['word', 'h'],
      ['operator', '>='],
      ['word', 'i'],
      ['semicolon', ';'],
      ['punctuation', '('],
      ['word', 'x'],
      ['punctuation', ')'],
      ['punctuation', '['],
      ['word', 'y'],
      ['punctuation', ']'],
      ['punctuation', '{'],
      ['word', 'z'],
      ['punctuation', '}'],
      ['punctuation', ','],
      ['word', 't'],
      ['punctuation', '.'],
      ['word', 'c'],
      ['operator', '?'],
    ]);
  });

  it('skips ASCII and Unicode whitespace between tokens', () => {
    expect(kinds('SELECT\u00a01\u30002\u2028\u2003x\ufeff\t\f\vy')).toEqual([
      ['word', 'SELECT'],
      ['number', '1'],
      ['number', '2'],
      ['word', 'x'],
      ['word', 'y'],
    ]);
  });

  it('returns no tokens for empty text', () => {
    expect(tokenizeSql('')).toEqual([]);
    expect(tokenizeSql(' \n\t ')).toEqual([]);
  });

  describe('errors', () => {
    it.each([
      ["SELECT 'abc", 'Unterminated string literal at line 1, column 8', 7],
      ["SELECT\n  'a''", 'Unterminated string literal at line 2, column 3', 9],
      [
        'SELECT\n  "abc',
        'Unterminated quoted identifier at line 2, column 3',
        9,
      ],
      ['`abc', 'Unterminated quoted identifier at line 1, column 1', 0],
      [
        'SELECT 1 /* never\nclosed',
        'Unterminated block comment at line 1, column 10',
        9,
      ],
      ['x /* a */ /* b', 'Unterminated block comment at line 1, column 11', 10],
      ["SELECT E'abc\\'", 'Unterminated string literal at line 1, column 8', 7],
      [
        'SELECT $$ x',
        'Unterminated dollar-quoted string at line 1, column 8',
        7,
      ],
      [
        "SELECT U&'\\12'",
        'Invalid Unicode escape "\\12" at line 1, column 8',
        7,
      ],
      [
        "SELECT U&'a' UESCAPE '+'",
        'Invalid UESCAPE character "+" at line 1, column 22',
        21,
      ],
    ])('%j fails with "%s"', (sql, message, offset) => {
      const error = tokenizeError(sql);
      expect(error.message).toBe(message);
      expect(error.position.offset).toBe(offset);
    });

    it('scanSql returns the tokens before the error instead of throwing', () => {
      const scan = scanSql("SELECT a, 'open");
      expect(scan.tokens.map(t => t.text)).toEqual(['SELECT', 'a', ',']);
      expect(scan.error?.position).toEqual({ offset: 10, line: 1, column: 11 });
      expect(scan.unterminatedStringAt).toBe(10);
    });
  });
});

describe('dbt models', () => {
  const dbtKinds = (sql: string) =>
    tokenizeSql(sql, { jinja: true }).map(t => [t.kind, t.text]);

  it('keeps comments, strings, quoted identifiers and Jinja blocks whole', () => {
    expect(
      dbtKinds(
        `select "a ""b""", 'it''s -- no comment', \`c\` /* x * y */ from {{ ref('t') }} -- end`,
      ),
    ).toEqual([
      ['word', 'select'],
      ['quotedIdentifier', '"a ""b"""'],
      ['punctuation', ','],
      ['string', "'it''s -- no comment'"],
      ['punctuation', ','],
      ['quotedIdentifier', '`c`'],
      ['comment', '/* x * y */'],
      ['word', 'from'],
      ['jinja', "{{ ref('t') }}"],
      ['comment', '-- end'],
    ]);
  });

  it('reads statements and comments of Jinja, whose closing delimiters in strings do not count', () => {
    expect(
      dbtKinds("{% set x = '%}' %}{# a {{ b }} #}{{ {'a': 1} }}x"),
    ).toEqual([
      ['jinja', "{% set x = '%}' %}"],
      ['jinja', '{# a {{ b }} #}'],
      ['jinja', "{{ {'a': 1} }}"],
      ['word', 'x'],
    ]);
  });

  it('reads braces as punctuation when not reading Jinja', () => {
    expect(kinds('{{x}}').map(([kind]) => kind)).toEqual([
      'punctuation',
      'punctuation',
      'word',
      'punctuation',
      'punctuation',
    ]);
  });

  it('counts lines through multi-line Jinja blocks', () => {
    const tokens = tokenizeSql("select\n{{\n ref('a')\n}} x", {
      jinja: true,
    });
    expect(tokens[2]).toMatchObject({
      text: 'x',
      position: { offset: 23, line: 4, column: 4 },
    });
  });

  it('fails on a Jinja block that is never closed', () => {
    const scan = scanSql('select {{ x', { jinja: true });
    expect(scan.tokens.map(t => t.text)).toEqual(['select']);
    expect(scan.error?.message).toBe(
      'Unterminated Jinja block at line 1, column 8',
    );
  });
});

describe('significantTokens', () => {
  it('leaves out comments', () => {
    expect(
      significantTokens(tokenizeSql('a /* b */ c -- d')).map(t => t.text),
    ).toEqual(['a', 'c']);
  });
});

describe('quoting', () => {
  it('quotes identifiers and string literals, doubling their quotes', () => {
    expect(quoteSqlIdentifier('order "total"')).toBe('"order ""total"""');
    expect(quoteSqlString("it's")).toBe("'it''s'");
    expect(tokenizeSql(quoteSqlIdentifier('a"b'))[0].value).toBe('a"b');
    expect(tokenizeSql(quoteSqlString("a'b"))[0].value).toBe("a'b");
  });
});
