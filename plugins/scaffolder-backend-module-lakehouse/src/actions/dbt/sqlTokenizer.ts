import { scanJinjaBlock } from './jinja';

/** The kind of a token of a dbt model's SQL. */
export type SqlTokenKind =
  | 'word'
  | 'quotedIdentifier'
  | 'string'
  | 'number'
  | 'symbol'
  | 'jinja'
  | 'comment'
  | 'whitespace';

/** A token of a dbt model's SQL; Jinja blocks are single opaque tokens. */
export interface SqlToken {
  kind: SqlTokenKind;
  text: string;
  /** 1-based line where the token starts. */
  line: number;
}

const MULTI_CHAR_SYMBOLS = ['<>', '!=', '>=', '<=', '||', '::', '->', '=>'];

/** Offset after a quoted run closed by `quote`, where a doubled quote escapes it. */
function skipQuoted(text: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < text.length) {
    if (text[i] === quote) {
      if (text[i + 1] === quote) {
        i += 2;
        continue;
      }
      return i + 1;
    }
    i++;
  }
  return text.length;
}

/** The length of the token starting at `i`, and its kind. */
function next(text: string, i: number): { kind: SqlTokenKind; end: number } {
  const c = text[i];
  const two = text.slice(i, i + 2);
  if (/\s/.test(c)) {
    const match = /^\s+/.exec(text.slice(i))!;
    return { kind: 'whitespace', end: i + match[0].length };
  }
  if (two === '{{' || two === '{%' || two === '{#') {
    const end = scanJinjaBlock(text, i);
    return { kind: 'jinja', end: end < 0 ? text.length : end };
  }
  if (two === '--') {
    const newline = text.indexOf('\n', i);
    return { kind: 'comment', end: newline < 0 ? text.length : newline };
  }
  if (two === '/*') {
    const close = text.indexOf('*/', i + 2);
    return { kind: 'comment', end: close < 0 ? text.length : close + 2 };
  }
  if (c === "'") return { kind: 'string', end: skipQuoted(text, i, "'") };
  if (c === '"') {
    return { kind: 'quotedIdentifier', end: skipQuoted(text, i, '"') };
  }
  if (c === '`') {
    return { kind: 'quotedIdentifier', end: skipQuoted(text, i, '`') };
  }
  if (c === '$') {
    // PostgreSQL dollar quoting: $tag$ ... $tag$
    const tag = /^\$[A-Za-z_]?[A-Za-z0-9_]*\$/.exec(text.slice(i));
    if (tag) {
      const close = text.indexOf(tag[0], i + tag[0].length);
      return {
        kind: 'string',
        end: close < 0 ? text.length : close + tag[0].length,
      };
    }
  }
  const number = /^(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?/.exec(text.slice(i));
  if (number) return { kind: 'number', end: i + number[0].length };
  const word = /^[\p{L}_][\p{L}\p{N}_$]*/u.exec(text.slice(i));
  if (word) return { kind: 'word', end: i + word[0].length };
  const symbol = MULTI_CHAR_SYMBOLS.find(s => text.startsWith(s, i));
  return { kind: 'symbol', end: i + (symbol?.length ?? 1) };
}

/**
 * Splits the SQL of a dbt model into tokens. Comments, string literals,
 * quoted identifiers and Jinja blocks each become one token, so that what
 * they contain is never mistaken for SQL.
 */
export function tokenizeSql(text: string): SqlToken[] {
  const tokens: SqlToken[] = [];
  let line = 1;
  let i = 0;
  while (i < text.length) {
    const { kind, end } = next(text, i);
    const tokenText = text.slice(i, end);
    tokens.push({ kind, text: tokenText, line });
    line += (tokenText.match(/\n/g) ?? []).length;
    i = end;
  }
  return tokens;
}
