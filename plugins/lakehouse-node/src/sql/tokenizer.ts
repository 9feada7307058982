/*
 * The tokenizer of the SQL the lakehouse reads: the SQL console's statements
 * for Trino or the embedded DuckDB that speaks the same Trino-flavoured SQL,
 * the statements the Trino double answers, and dbt models (with their Jinja).
 *
 * It follows the lexical rules that both engines share and, where they differ,
 * recognises both forms so that the read-only analysis can refuse the
 * ambiguous ones: block comments are not nested (as in Trino), but a `/*`
 * inside a comment is kept in the comment's text for the analysis to see;
 * `E'…'` escape strings (DuckDB, with backslash escapes) and `$tag$…$tag$`
 * dollar-quoted strings (DuckDB) are tokenized the way DuckDB reads them.
 */

import { scanJinjaBlock } from '../dbt/jinja';

/** The kinds of token. */
export type SqlTokenKind =
  /** A keyword or an unquoted identifier: SQL cannot tell them apart without its grammar. */
  | 'word'
  /** `"…"`, `` `…` `` or `U&"…"`. */
  | 'quotedIdentifier'
  /** `'…'`, `E'…'`, `U&'…'`, `X'…'`, `B'…'`, `N'…'` or `$tag$…$tag$`. */
  | 'string'
  | 'number'
  | 'operator'
  /** `(`, `)`, `[`, `]`, `{`, `}`, `,` and `.`. */
  | 'punctuation'
  | 'semicolon'
  /** `-- …` to the end of the line, or `/* … *\/`. */
  | 'comment'
  /** `{{ … }}`, `{% … %}` or `{# … #}`, when reading a dbt model. */
  | 'jinja';

/** Where a token starts. */
export interface SqlPosition {
  /** 0-based offset in UTF-16 code units. */
  offset: number;
  /** 1-based line; a line ends at `\n`, `\r\n` or `\r`. */
  line: number;
  /** 1-based column in UTF-16 code units. */
  column: number;
}

/** How a string, quoted identifier or comment was written. */
export type SqlTokenVariant =
  | 'standard'
  | 'escape'
  | 'unicode'
  | 'binary'
  | 'bit'
  | 'national'
  | 'dollar'
  | 'double'
  | 'backquote'
  | 'line'
  | 'block';

/** One token of SQL text. */
export interface SqlToken {
  kind: SqlTokenKind;
  /** The token exactly as written. */
  text: string;
  /**
   * Words: the text with ASCII letters upper-cased (other characters are
   * kept, so that `ſelect` never turns into `SELECT`). Quoted identifiers and
   * strings: their content with escapes resolved, case kept. Others: the text.
   */
  value: string;
  position: SqlPosition;
  /** Offset just after the token. */
  end: number;
  /** Set for strings, quoted identifiers and comments. */
  variant?: SqlTokenVariant;
}

/** How to read SQL text. */
export interface SqlScanOptions {
  /**
   * Read Jinja blocks as single `jinja` tokens, as in a dbt model: Jinja runs
   * before SQL, so what a block holds is never SQL.
   */
  jinja?: boolean;
}

/** Thrown by {@link tokenizeSql} for text that cannot be tokenized. */
export class SqlTokenizeError extends Error {
  readonly position: SqlPosition;

  constructor(message: string, position: SqlPosition) {
    super(`${message} at line ${position.line}, column ${position.column}`);
    this.name = 'SqlTokenizeError';
    this.position = position;
  }
}

/** The result of tokenizing as far as possible. */
export interface SqlScan {
  tokens: SqlToken[];
  /** Set when tokenizing stopped early; `tokens` holds those before it. */
  error?: SqlTokenizeError;
  /** For an unterminated string: where it starts. */
  unterminatedStringAt?: number;
}

const UNICODE_WHITESPACE = new Set([
  0x85, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006,
  0x2007, 0x2008, 0x2009, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000,
  0xfeff,
]);

/** Whitespace between tokens: ASCII and Unicode white space. */
export function isSqlWhitespace(code: number): boolean {
  return (
    code === 0x20 ||
    (code >= 0x09 && code <= 0x0d) ||
    UNICODE_WHITESPACE.has(code)
  );
}

function isAsciiLetter(code: number): boolean {
  return (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
}

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

function isHexDigit(code: number): boolean {
  return (
    isDigit(code) ||
    (code >= 0x41 && code <= 0x46) ||
    (code >= 0x61 && code <= 0x66)
  );
}

/**
 * A word starts with an ASCII letter, `_`, or any character beyond ASCII
 * that is not white space (as in DuckDB; Trino refuses them, and so does the
 * read-only analysis).
 */
function isWordStart(code: number): boolean {
  return (
    isAsciiLetter(code) ||
    code === 0x5f ||
    (code > 0x7f && !isSqlWhitespace(code))
  );
}

function isWordPart(code: number): boolean {
  return isWordStart(code) || isDigit(code) || code === 0x24; // $
}

const OPERATOR_CHARS = new Set('+-*/%=<>!|&^~?@#:\\$');

/** Multi-character operators, longest first. */
const MULTI_CHAR_OPERATORS = [
  '->>',
  '<=>',
  '<=',
  '>=',
  '<>',
  '!=',
  '||',
  '->',
  '=>',
  '::',
  ':=',
  '**',
  '//',
  '<<',
  '>>',
  '&&',
  '@>',
  '<@',
  '^@',
  '!~',
  '~~',
];

const PUNCTUATION = new Set('()[]{},.');

/** Letters that, right before a quote, make a special string literal. */
const STRING_PREFIXES: Record<string, SqlTokenVariant | undefined> = {
  E: 'escape',
  X: 'binary',
  B: 'bit',
  N: 'national',
};

/** Upper-cases ASCII letters only. */
export function upperAscii(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    out +=
      code >= 0x61 && code <= 0x7a ? String.fromCharCode(code - 32) : text[i];
  }
  return out;
}

/** Lower-cases ASCII letters only. */
export function lowerAscii(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    out +=
      code >= 0x41 && code <= 0x5a ? String.fromCharCode(code + 32) : text[i];
  }
  return out;
}

/** Turns offsets into 1-based lines and columns. */
export class SqlPositionLookup {
  private readonly lineStarts: number[] = [0];

  constructor(sql: string) {
    for (let i = 0; i < sql.length; i++) {
      const code = sql.charCodeAt(i);
      if (code === 0x0d) {
        if (sql.charCodeAt(i + 1) === 0x0a) i++;
        this.lineStarts.push(i + 1);
      } else if (code === 0x0a) {
        this.lineStarts.push(i + 1);
      }
    }
  }

  at(offset: number): SqlPosition {
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.lineStarts[mid] <= offset) low = mid;
      else high = mid - 1;
    }
    return { offset, line: low + 1, column: offset - this.lineStarts[low] + 1 };
  }
}

class Failure {
  constructor(
    readonly message: string,
    readonly offset: number,
    readonly unterminatedString = false,
  ) {}
}

function decodeUnicodeEscapes(
  body: string,
  escape: string,
  offset: number,
): string {
  let out = '';
  for (let i = 0; i < body.length; i++) {
    if (body[i] !== escape) {
      out += body[i];
      continue;
    }
    if (body[i + 1] === escape) {
      out += escape;
      i++;
      continue;
    }
    const long = body[i + 1] === '+';
    const digits = body.slice(long ? i + 2 : i + 1, long ? i + 8 : i + 5);
    const wanted = long ? 6 : 4;
    let valid = digits.length === wanted;
    for (let k = 0; valid && k < digits.length; k++) {
      valid = isHexDigit(digits.charCodeAt(k));
    }
    const codePoint = valid ? parseInt(digits, 16) : -1;
    if (!valid || codePoint > 0x10ffff) {
      throw new Failure(
        `Invalid Unicode escape "${body.slice(
          i,
          i + wanted + (long ? 2 : 1),
        )}"`,
        offset,
      );
    }
    out += String.fromCodePoint(codePoint);
    i += wanted + (long ? 1 : 0);
  }
  return out;
}

/** The content of a quoted run, with the escapes of a `U&` one resolved. */
function decoded(
  content: string,
  variant: SqlTokenVariant,
  offset: number,
): string {
  return variant === 'unicode'
    ? decodeUnicodeEscapes(content, '\\', offset)
    : content;
}

/** Reads a quoted run whose quote is escaped by doubling it. */
function readQuoted(
  sql: string,
  contentStart: number,
  quote: string,
  doubling: boolean,
): { value: string; end: number } | undefined {
  let value = '';
  let i = contentStart;
  for (;;) {
    const close = sql.indexOf(quote, i);
    if (close < 0) return undefined;
    value += sql.slice(i, close);
    if (doubling && sql[close + 1] === quote) {
      value += quote;
      i = close + 2;
      continue;
    }
    return { value, end: close + 1 };
  }
}

/** Reads an `E'…'` string the way DuckDB does: backslash escapes and `''`. */
function readEscapeString(
  sql: string,
  contentStart: number,
): { value: string; end: number } | undefined {
  const simple: Record<string, string> = {
    b: '\b',
    f: '\f',
    n: '\n',
    r: '\r',
    t: '\t',
  };
  let value = '';
  for (let i = contentStart; i < sql.length; i++) {
    const c = sql[i];
    if (c === '\\') {
      if (i + 1 >= sql.length) return undefined;
      const next = sql[i + 1];
      value += simple[next] ?? next;
      i++;
    } else if (c === "'") {
      if (sql[i + 1] === "'") {
        value += "'";
        i++;
      } else {
        return { value, end: i + 1 };
      }
    } else {
      value += c;
    }
  }
  return undefined;
}

/**
 * Tokenizes as far as possible; on an error, returns the tokens before it and
 * the error instead of throwing.
 */
export function scanSql(sql: string, options: SqlScanOptions = {}): SqlScan {
  const lookup = new SqlPositionLookup(sql);
  const tokens: SqlToken[] = [];
  const push = (
    kind: SqlTokenKind,
    start: number,
    end: number,
    value?: string,
    variant?: SqlTokenVariant,
  ) => {
    const text = sql.slice(start, end);
    const token: SqlToken = {
      kind,
      text,
      value: value ?? text,
      position: lookup.at(start),
      end,
    };
    if (variant) token.variant = variant;
    tokens.push(token);
  };

  const quotedString = (
    start: number,
    contentStart: number,
    variant: SqlTokenVariant,
  ) => {
    const doubling = variant !== 'binary' && variant !== 'bit';
    const read =
      variant === 'escape'
        ? readEscapeString(sql, contentStart)
        : readQuoted(sql, contentStart, "'", doubling);
    if (!read) {
      throw new Failure('Unterminated string literal', start, true);
    }
    push(
      'string',
      start,
      read.end,
      decoded(read.value, variant, start),
      variant,
    );
    return read.end;
  };

  const quotedIdentifier = (
    start: number,
    contentStart: number,
    quote: string,
    variant: SqlTokenVariant,
  ) => {
    const read = readQuoted(sql, contentStart, quote, true);
    if (!read) throw new Failure('Unterminated quoted identifier', start);
    push(
      'quotedIdentifier',
      start,
      read.end,
      decoded(read.value, variant, start),
      variant,
    );
    return read.end;
  };

  /** The offset just after a `$tag$` opening at `start`, if there is one. */
  const dollarTagEnd = (start: number): number | undefined => {
    let i = start + 1;
    if (sql[i] === '$') return i + 1;
    const first = sql.charCodeAt(i);
    if (!(isAsciiLetter(first) || first === 0x5f || first > 0x7f)) {
      return undefined;
    }
    while (i < sql.length) {
      const code = sql.charCodeAt(i);
      if (code === 0x24) return i + 1;
      if (
        !(
          isAsciiLetter(code) ||
          isDigit(code) ||
          code === 0x5f ||
          code > 0x7f
        ) ||
        isSqlWhitespace(code)
      ) {
        return undefined;
      }
      i++;
    }
    return undefined;
  };

  let i = 0;
  try {
    while (i < sql.length) {
      const code = sql.charCodeAt(i);
      const c = sql[i];
      const next = sql[i + 1];

      if (isSqlWhitespace(code)) {
        i++;
        continue;
      }

      if (
        options.jinja &&
        c === '{' &&
        (next === '{' || next === '%' || next === '#')
      ) {
        const end = scanJinjaBlock(sql, i);
        if (end < 0) throw new Failure('Unterminated Jinja block', i);
        push('jinja', i, end);
        i = end;
        continue;
      }

      // Comments come before operators: `--` and `/*` always start one.
      if (c === '-' && next === '-') {
        let end = i + 2;
        while (end < sql.length && sql[end] !== '\n' && sql[end] !== '\r') {
          end++;
        }
        push('comment', i, end, undefined, 'line');
        i = end;
        continue;
      }
      if (c === '/' && next === '*') {
        const close = sql.indexOf('*/', i + 2);
        if (close < 0) throw new Failure('Unterminated block comment', i);
        push('comment', i, close + 2, undefined, 'block');
        i = close + 2;
        continue;
      }

      if (c === "'") {
        i = quotedString(i, i + 1, 'standard');
        continue;
      }
      if (c === '"') {
        i = quotedIdentifier(i, i + 1, '"', 'double');
        continue;
      }
      if (c === '`') {
        i = quotedIdentifier(i, i + 1, '`', 'backquote');
        continue;
      }

      if (isWordStart(code)) {
        const upper = code < 0x80 ? c.toUpperCase() : '';
        if (next === "'") {
          const variant = STRING_PREFIXES[upper];
          if (variant) {
            i = quotedString(i, i + 2, variant);
            continue;
          }
        }
        if (upper === 'U' && next === '&') {
          if (sql[i + 2] === "'") {
            i = quotedString(i, i + 3, 'unicode');
            continue;
          }
          if (sql[i + 2] === '"') {
            i = quotedIdentifier(i, i + 3, '"', 'unicode');
            continue;
          }
        }
        let end = i + 1;
        while (end < sql.length && isWordPart(sql.charCodeAt(end))) end++;
        const text = sql.slice(i, end);
        push('word', i, end, upperAscii(text));
        i = end;
        continue;
      }

      if (isDigit(code) || (c === '.' && isDigit(sql.charCodeAt(i + 1)))) {
        let end = i;
        const radix = next ? next.toLowerCase() : '';
        if (
          c === '0' &&
          (radix === 'x' || radix === 'b' || radix === 'o') &&
          isHexDigit(sql.charCodeAt(i + 2))
        ) {
          end = i + 2;
          while (
            end < sql.length &&
            (isHexDigit(sql.charCodeAt(end)) || sql[end] === '_')
          ) {
            end++;
          }
        } else {
          while (
            end < sql.length &&
            (isDigit(sql.charCodeAt(end)) || sql[end] === '_')
          ) {
            end++;
          }
          if (sql[end] === '.') {
            end++;
            while (
              end < sql.length &&
              (isDigit(sql.charCodeAt(end)) || sql[end] === '_')
            ) {
              end++;
            }
          }
          if (sql[end] === 'e' || sql[end] === 'E') {
            const sign = sql[end + 1] === '+' || sql[end + 1] === '-' ? 1 : 0;
            if (isDigit(sql.charCodeAt(end + 1 + sign))) {
              end += 1 + sign;
              while (end < sql.length && isDigit(sql.charCodeAt(end))) end++;
            }
          }
        }
        push('number', i, end);
        i = end;
        continue;
      }

      if (c === ';') {
        push('semicolon', i, i + 1);
        i++;
        continue;
      }
      if (PUNCTUATION.has(c)) {
        push('punctuation', i, i + 1);
        i++;
        continue;
      }

      if (c === '$') {
        const tagEnd = dollarTagEnd(i);
        if (tagEnd !== undefined) {
          const tag = sql.slice(i, tagEnd);
          const close = sql.indexOf(tag, tagEnd);
          if (close < 0) {
            throw new Failure('Unterminated dollar-quoted string', i, true);
          }
          push(
            'string',
            i,
            close + tag.length,
            sql.slice(tagEnd, close),
            'dollar',
          );
          i = close + tag.length;
          continue;
        }
        let end = i + 1;
        while (end < sql.length && isDigit(sql.charCodeAt(end))) end++;
        push('operator', i, end);
        i = end;
        continue;
      }

      if (OPERATOR_CHARS.has(c)) {
        // An operator never swallows the start of a comment (`//*` is `/`
        // followed by a comment), as in both engines.
        const startsComment = (k: number) =>
          (sql[k] === '-' && sql[k + 1] === '-') ||
          (sql[k] === '/' && sql[k + 1] === '*');
        let length = 1;
        for (const op of MULTI_CHAR_OPERATORS) {
          if (!sql.startsWith(op, i)) continue;
          let clean = true;
          for (let k = i + 1; k < i + op.length; k++) {
            if (startsComment(k)) clean = false;
          }
          if (clean) {
            length = op.length;
            break;
          }
        }
        push('operator', i, i + length);
        i += length;
        continue;
      }

      // Any other ASCII character (a control character, for one).
      push('operator', i, i + 1);
      i++;
    }
  } catch (e) {
    if (e instanceof Failure) {
      return {
        tokens,
        error: new SqlTokenizeError(e.message, lookup.at(e.offset)),
        unterminatedStringAt: e.unterminatedString ? e.offset : undefined,
      };
    }
    throw e;
  }

  // U&'…' UESCAPE '!' uses another escape character.
  try {
    applyUescape(tokens);
  } catch (e) {
    if (e instanceof Failure) {
      return {
        tokens,
        error: new SqlTokenizeError(e.message, lookup.at(e.offset)),
      };
    }
    throw e;
  }
  return { tokens };
}

function applyUescape(tokens: SqlToken[]) {
  const significant = significantTokens(tokens);
  for (let k = 0; k + 2 < significant.length; k++) {
    const literal = significant[k];
    const keyword = significant[k + 1];
    const escape = significant[k + 2];
    if (
      literal.variant === 'unicode' &&
      keyword.kind === 'word' &&
      keyword.value === 'UESCAPE' &&
      escape.kind === 'string'
    ) {
      const ch = escape.value;
      if (
        ch.length !== 1 ||
        isHexDigit(ch.charCodeAt(0)) ||
        isSqlWhitespace(ch.charCodeAt(0)) ||
        ch === '+' ||
        ch === "'" ||
        ch === '"'
      ) {
        throw new Failure(
          `Invalid UESCAPE character "${ch}"`,
          escape.position.offset,
        );
      }
      const prefix = 3; // U&' or U&"
      const body = literal.text.slice(prefix, -1);
      const quote = literal.text[prefix - 1];
      literal.value = decodeUnicodeEscapes(
        body.split(quote + quote).join(quote),
        ch,
        literal.position.offset,
      );
    }
  }
}

/**
 * Splits SQL text into tokens. Throws a {@link SqlTokenizeError}, whose
 * message gives the line and column, for an unterminated string literal,
 * quoted identifier, block comment or Jinja block, or an invalid Unicode
 * escape.
 */
export function tokenizeSql(
  sql: string,
  options: SqlScanOptions = {},
): SqlToken[] {
  const scan = scanSql(sql, options);
  if (scan.error) throw scan.error;
  return scan.tokens;
}

/** The tokens that carry meaning: all but comments. */
export function significantTokens(tokens: SqlToken[]): SqlToken[] {
  return tokens.filter(t => t.kind !== 'comment');
}

/** A quoted identifier, e.g. `"order total"`, as Trino and DuckDB read it. */
export function quoteSqlIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** A string literal, as Trino and DuckDB read it. */
export function quoteSqlString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}
