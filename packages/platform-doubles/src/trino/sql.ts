/*
 * Minimal lexer for the Trino SQL dialect (https://trino.io/docs/current/language/reserved.html and the
 * lexical rules of Trino's SqlBase.g4: 'single-quoted strings' with '' escapes, "quoted identifiers" with ""
 * escapes, -- line and block comments). The Trino double only needs it to find statement separators, to
 * recognise the statements Trino answers from metadata (SHOW ..., DESCRIBE, USE, SET SESSION) and to
 * redirect `information_schema` references to the tables the double maintains.
 */

/** Kind of a lexical token. */
export type TokenKind =
  | 'word'
  | 'quoted'
  | 'string'
  | 'number'
  | 'punct'
  | 'ws'
  | 'comment';

/** A lexical token with its offset in the statement text. */
export interface Token {
  kind: TokenKind;
  text: string;
  start: number;
}

const WORD_START = /[A-Za-z_]/;
const WORD_CHAR = /[A-Za-z0-9_@$]/;

/** Splits SQL into tokens; unterminated strings or comments extend to the end. */
export function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const n = sql.length;
  while (i < n) {
    const c = sql[i];
    const start = i;
    if (/\s/.test(c)) {
      while (i < n && /\s/.test(sql[i])) i++;
      tokens.push({ kind: 'ws', text: sql.slice(start, i), start });
    } else if (c === '-' && sql[i + 1] === '-') {
      while (i < n && sql[i] !== '\n') i++;
      tokens.push({ kind: 'comment', text: sql.slice(start, i), start });
    } else if (c === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      i = end < 0 ? n : end + 2;
      tokens.push({ kind: 'comment', text: sql.slice(start, i), start });
    } else if (c === "'" || c === '"') {
      i++;
      while (i < n) {
        if (sql[i] === c) {
          if (sql[i + 1] === c) {
            i += 2;
            continue;
          }
          i++;
          break;
        }
        i++;
      }
      tokens.push({
        kind: c === "'" ? 'string' : 'quoted',
        text: sql.slice(start, i),
        start,
      });
    } else if (WORD_START.test(c)) {
      while (i < n && WORD_CHAR.test(sql[i])) i++;
      tokens.push({ kind: 'word', text: sql.slice(start, i), start });
    } else if (
      /[0-9]/.test(c) ||
      (c === '.' && /[0-9]/.test(sql[i + 1] ?? ''))
    ) {
      while (i < n && /[0-9.eE]/.test(sql[i])) i++;
      tokens.push({ kind: 'number', text: sql.slice(start, i), start });
    } else {
      i++;
      tokens.push({ kind: 'punct', text: c, start });
    }
  }
  return tokens;
}

/** Tokens that carry meaning (no whitespace, no comments). */
export function significant(tokens: Token[]): Token[] {
  return tokens.filter(t => t.kind !== 'ws' && t.kind !== 'comment');
}

/** Canonical value of an identifier token, as Trino resolves names (lower case). */
export function identifierValue(token: Token): string {
  if (token.kind === 'quoted') {
    return token.text.slice(1, -1).replace(/""/g, '"').toLowerCase();
  }
  return token.text.toLowerCase();
}

/** Value of a string literal token. */
export function stringValue(token: Token): string {
  return token.text.slice(1, -1).replace(/''/g, "'");
}

/** Whether the token is an identifier (plain word or quoted). */
export function isIdentifier(token: Token | undefined): token is Token {
  return !!token && (token.kind === 'word' || token.kind === 'quoted');
}

/** Whether the token is the keyword `kw` (case-insensitive). */
export function isKeyword(token: Token | undefined, kw: string): boolean {
  return !!token && token.kind === 'word' && token.text.toUpperCase() === kw;
}

/** 1-based line and column of `offset` in `text`. */
export function lineColumn(
  text: string,
  offset: number,
): { lineNumber: number; columnNumber: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  return { lineNumber: line, columnNumber: offset - lineStart + 1 };
}

/** Offset of a 1-based line and 0-based column in `text`. */
export function offsetOf(text: string, line: number, column0: number): number {
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const nl = text.indexOf('\n', offset);
    if (nl < 0) {
      break;
    }
    offset = nl + 1;
  }
  return offset + column0;
}

/** A parsed dotted name (`a`, `a.b`, `a.b.c`) with the offset of its first part. */
export interface QualifiedName {
  parts: string[];
  start: number;
  /** Index in the significant-token list after the name. */
  next: number;
}

/** Parses a dotted name starting at significant token `index`. */
export function parseQualifiedName(
  tokens: Token[],
  index: number,
): QualifiedName | undefined {
  const first = tokens[index];
  if (!isIdentifier(first)) {
    return undefined;
  }
  const parts = [identifierValue(first)];
  let i = index + 1;
  while (tokens[i]?.text === '.' && isIdentifier(tokens[i + 1])) {
    parts.push(identifierValue(tokens[i + 1]));
    i += 2;
  }
  return { parts, start: first.start, next: i };
}

/** A text replacement applied to the statement (for mapping error positions back). */
export interface Replacement {
  /** Offset in the original text. */
  start: number;
  /** Length in the original text. */
  oldLength: number;
  /** Length in the rewritten text. */
  newLength: number;
}

/** Maps an offset in rewritten text back to the original text. */
export function mapOffsetBack(
  offset: number,
  replacements: Replacement[],
): number {
  let delta = 0;
  for (const r of replacements) {
    const rewrittenStart = r.start + delta;
    if (offset < rewrittenStart) {
      break;
    }
    if (offset < rewrittenStart + r.newLength) {
      return r.start;
    }
    delta += r.newLength - r.oldLength;
  }
  return offset - delta;
}

/** Applies replacements (sorted by start, non-overlapping) to `text`. */
export function applyReplacements(
  text: string,
  edits: Array<{ start: number; end: number; text: string }>,
): { text: string; replacements: Replacement[] } {
  let out = '';
  let last = 0;
  const replacements: Replacement[] = [];
  for (const e of edits) {
    out += text.slice(last, e.start) + e.text;
    replacements.push({
      start: e.start,
      oldLength: e.end - e.start,
      newLength: e.text.length,
    });
    last = e.end;
  }
  out += text.slice(last);
  return { text: out, replacements };
}

/** Quotes an identifier for DuckDB/Trino. */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Quotes a string literal. */
export function quoteString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** Completes a 1-, 2- or 3-part table name with the session catalog and schema. */
export function qualify(
  parts: string[],
  catalog: string | undefined,
  schema: string | undefined,
): string[] {
  if (parts.length >= 3) {
    return parts;
  }
  if (parts.length === 2) {
    return [catalog ?? '', ...parts];
  }
  return [catalog ?? '', schema ?? '', ...parts];
}
