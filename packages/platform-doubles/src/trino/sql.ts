/*
 * What the Trino double reads of the SQL it is sent: statement separators, the statements Trino answers from
 * metadata (SHOW ..., DESCRIBE, USE, SET SESSION), and `information_schema` references to redirect to the
 * tables the double maintains. Tokens come from the lakehouse's shared SQL tokenizer, which follows the lexical
 * rules of Trino's SqlBase.g4 ('single-quoted strings' with '' escapes, "quoted identifiers" with "" escapes,
 * -- line and block comments).
 */
import {
  scanSql,
  significantTokens,
  type SqlToken,
} from '@internal/plugin-lakehouse-node';

/**
 * The tokens that carry meaning (no comments), each with its offset in the statement text. Text that cannot be
 * tokenized to its end (an unterminated string, say) is `incomplete`, with the tokens before that point: DuckDB,
 * which runs the statement, reports the error.
 */
export function tokenize(sql: string): {
  tokens: SqlToken[];
  incomplete: boolean;
} {
  const scan = scanSql(sql);
  return { tokens: significantTokens(scan.tokens), incomplete: !!scan.error };
}

/** Canonical value of an identifier token, as Trino resolves names (lower case). */
export function identifierValue(token: SqlToken): string {
  return token.kind === 'quotedIdentifier'
    ? token.value.toLowerCase()
    : token.text.toLowerCase();
}

/** Whether the token is an identifier (plain word or quoted). */
export function isIdentifier(token: SqlToken | undefined): token is SqlToken {
  return (
    !!token && (token.kind === 'word' || token.kind === 'quotedIdentifier')
  );
}

/** Whether the token is the keyword `kw` (upper case; the SQL's case does not matter). */
export function isKeyword(token: SqlToken | undefined, kw: string): boolean {
  return !!token && token.kind === 'word' && token.value === kw;
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
  tokens: SqlToken[],
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
  return { parts, start: first.position.offset, next: i };
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
