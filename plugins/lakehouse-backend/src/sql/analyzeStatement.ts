import {
  isSqlWhitespace,
  lowerAscii,
  scanSql,
  SET_OPERATORS,
  significantTokens,
  SqlPositionLookup,
  SqlToken,
} from '@internal/plugin-lakehouse-node';
import {
  ALLOWED_TABLE_FUNCTIONS,
  BARE_FORBIDDEN,
  CLAUSES_AFTER_FROM,
  CREATE_MODIFIERS,
  EXPRESSION_KEYWORDS,
  FORBIDDEN_FUNCTION_AFFIXES,
  FORBIDDEN_FUNCTIONS,
  FUNCTION_NAMED_STATEMENTS,
  NESTED_STATEMENT_STRONG,
  NESTED_STATEMENT_WEAK,
  NOT_A_RELATION,
  OBJECT_KINDS,
  QUERY_STARTERS,
  REFUSED_STATEMENTS,
} from './keywords';
import { redactScan } from './redact';

/** What the read-only SQL console may reach. */
export interface ReadOnlyPolicy {
  /**
   * Catalogs that may never be referenced, e.g. `['system']`. Compared
   * without regard to case.
   */
  forbiddenCatalogs?: string[];
  /**
   * When given, the only catalogs that catalog-qualified names
   * (`catalog.schema.table`) may reference.
   */
  allowedCatalogs?: string[];
}

/** The kinds of statement that may run. */
export type AllowedStatementType =
  | 'SELECT'
  | 'WITH'
  | 'VALUES'
  | 'SHOW'
  | 'DESCRIBE'
  | 'EXPLAIN'
  | 'TABLE';

/** A 1-based line and column. */
export interface SqlLineColumn {
  line: number;
  column: number;
}

/** The verdict on one statement. */
export type SqlAnalysis =
  | {
      allowed: true;
      statementType: AllowedStatementType;
      /**
       * The relations the statement reads, as written (without resolving the
       * session's catalog and schema), lower-cased, in order of first
       * appearance, e.g. `lakehouse.gold.fct_orders`. Names of common table
       * expressions are not relations.
       */
      tables: string[];
      /** The statement with every string literal replaced by `'?'`. */
      redacted: string;
    }
  | {
      allowed: false;
      /** Why the statement may not run, in a sentence for the user. */
      reason: string;
      /** Where the problem is, when it is in one place. */
      position?: SqlLineColumn;
      /** The kind of statement, when it could be told, e.g. `DROP TABLE`. */
      statementType?: string;
      /** The statement with every string literal replaced by `'?'`. */
      redacted: string;
    };

const MAX_NESTING = 100;

const ALLOWED_LIST = 'SELECT, WITH, VALUES, TABLE, SHOW, DESCRIBE and EXPLAIN';

const OPENERS: Record<string, string> = { '(': ')', '[': ']', '{': '}' };
const CLOSERS = new Set([')', ']', '}']);

class Refusal {
  constructor(
    readonly reason: string,
    readonly position?: SqlLineColumn,
    readonly statementType?: string,
  ) {}
}

function at(token: SqlToken | undefined): SqlLineColumn | undefined {
  return token
    ? { line: token.position.line, column: token.position.column }
    : undefined;
}

function refuse(
  reason: string,
  token?: SqlToken,
  statementType?: string,
): Refusal {
  return new Refusal(reason, at(token), statementType);
}

function isName(token: SqlToken | undefined): token is SqlToken {
  return (
    token !== undefined &&
    (token.kind === 'word' || token.kind === 'quotedIdentifier')
  );
}

/** A name part as the engines compare it: without regard to case. */
function partName(token: SqlToken): string {
  return token.kind === 'word'
    ? lowerAscii(token.text)
    : token.value.toLowerCase();
}

function isPlainName(name: string): boolean {
  if (name.length === 0) return false;
  for (let i = 0; i < name.length; i++) {
    const c = name[i];
    const letter = (c >= 'a' && c <= 'z') || c === '_';
    if (!letter && !(i > 0 && c >= '0' && c <= '9')) return false;
  }
  return true;
}

function renderPart(name: string): string {
  return isPlainName(name) ? name : `"${name.split('"').join('""')}"`;
}

/** Characters that make a quoted table name look like a path or URL. */
const PATH_CHARACTERS = new Set(['/', '\\', ':', '.', '*', '?', '~']);

function looksLikePath(name: string): boolean {
  for (const c of name) if (PATH_CHARACTERS.has(c)) return true;
  return false;
}

function forbiddenFunctionReason(name: string): string | undefined {
  const why = FORBIDDEN_FUNCTIONS.get(name);
  if (why) return why;
  for (const affix of FORBIDDEN_FUNCTION_AFFIXES) {
    if (affix.prefix && name.startsWith(affix.prefix)) return affix.why;
    if (affix.suffix && name.endsWith(affix.suffix)) return affix.why;
  }
  return undefined;
}

/**
 * The name of a refused statement that starts at `i`, with the words that
 * tell its kind: `DROP TABLE`, `SET SESSION`, `REFRESH MATERIALIZED VIEW`.
 */
function statementLabel(t: SqlToken[], i: number, end: number): string {
  const w = (k: number) =>
    k < end && t[k] && t[k].kind === 'word' ? t[k].value : '';
  const first = w(i);
  if (!first) {
    const text = t[i]?.text ?? '';
    return text.length > 30 ? `${text.slice(0, 30)}…` : text;
  }
  switch (first) {
    case 'CREATE':
    case 'DROP':
    case 'ALTER': {
      let k = i + 1;
      while (CREATE_MODIFIERS.has(w(k))) k++;
      if (w(k) === 'MATERIALIZED' && w(k + 1) === 'VIEW') {
        return `${first} MATERIALIZED VIEW`;
      }
      if (w(k) === 'UNIQUE' && w(k + 1) === 'INDEX') return `${first} INDEX`;
      return OBJECT_KINDS.has(w(k)) ? `${first} ${w(k)}` : first;
    }
    case 'SET':
      if (w(i + 1) === 'SESSION' && w(i + 2) === 'AUTHORIZATION') {
        return 'SET SESSION AUTHORIZATION';
      }
      if (w(i + 1) === 'TIME' && w(i + 2) === 'ZONE') return 'SET TIME ZONE';
      if (['SESSION', 'ROLE', 'PATH'].includes(w(i + 1))) {
        return `SET ${w(i + 1)}`;
      }
      return 'SET';
    case 'RESET':
      if (w(i + 1) === 'SESSION' && w(i + 2) === 'AUTHORIZATION') {
        return 'RESET SESSION AUTHORIZATION';
      }
      return w(i + 1) === 'SESSION' ? 'RESET SESSION' : 'RESET';
    case 'START':
    case 'BEGIN':
      return w(i + 1) === 'TRANSACTION' ? `${first} TRANSACTION` : first;
    case 'REFRESH':
      return w(i + 1) === 'MATERIALIZED' && w(i + 2) === 'VIEW'
        ? 'REFRESH MATERIALIZED VIEW'
        : first;
    case 'EXPORT':
    case 'IMPORT':
      return w(i + 1) === 'DATABASE' ? `${first} DATABASE` : first;
    case 'FORCE':
      return ['INSTALL', 'CHECKPOINT'].includes(w(i + 1))
        ? `FORCE ${w(i + 1)}`
        : first;
    case 'EXECUTE':
      return w(i + 1) === 'IMMEDIATE' ? 'EXECUTE IMMEDIATE' : first;
    case 'UPDATE':
      return w(i + 1) === 'EXTENSIONS' ? 'UPDATE EXTENSIONS' : first;
    case 'DESC':
      return 'DESCRIBE';
    default:
      return first.length > 30 ? `${first.slice(0, 30)}…` : first;
  }
}

/** The label of the statement in `tokens`, after any opening parentheses. */
function leadingLabel(tokens: SqlToken[]): string | undefined {
  let first = 0;
  while (
    first < tokens.length - 1 &&
    tokens[first].kind === 'punctuation' &&
    tokens[first].text === '('
  ) {
    first++;
  }
  return tokens.length > 0
    ? statementLabel(tokens, first, tokens.length)
    : undefined;
}

interface Classification {
  /** Where the statement's first keyword is (after opening parentheses). */
  index: number;
  label: string;
  allowed?: AllowedStatementType;
  /** A statement refused by name (as opposed to an unknown one). */
  known: boolean;
  parenthesized: boolean;
}

interface QualifiedName {
  parts: SqlToken[];
  next: number;
}

/** Walks the tokens of one statement, without comments or semicolons. */
class StatementAnalyzer {
  readonly tables: string[] = [];
  topLabel?: string;
  private readonly cteNames = new Set<string>();
  private readonly match: number[];
  private readonly forbidden: Set<string>;
  private readonly allowed?: Set<string>;

  constructor(private readonly t: SqlToken[], policy: ReadOnlyPolicy) {
    this.forbidden = new Set(
      (policy.forbiddenCatalogs ?? []).map(c => c.toLowerCase()),
    );
    this.allowed = policy.allowedCatalogs
      ? new Set(policy.allowedCatalogs.map(c => c.toLowerCase()))
      : undefined;
    this.match = this.matchBrackets();
  }

  run(): AllowedStatementType {
    const type = this.statement(0, this.t.length, 0);
    this.checkEverywhere();
    return type;
  }

  // ---------------------------------------------------------------- helpers

  private tokenAt(i: number, end: number): SqlToken | undefined {
    return i >= 0 && i < end ? this.t[i] : undefined;
  }

  private wordAt(i: number, end: number): string {
    const token = this.tokenAt(i, end);
    return token && token.kind === 'word' ? token.value : '';
  }

  private isWordAt(i: number, end: number, ...words: string[]): boolean {
    return words.includes(this.wordAt(i, end));
  }

  private isPunctAt(i: number, end: number, text: string): boolean {
    const token = this.tokenAt(i, end);
    return (
      token !== undefined && token.kind === 'punctuation' && token.text === text
    );
  }

  /** The last token of the statement, for problems at its end. */
  private last(): SqlToken | undefined {
    return this.t[this.t.length - 1];
  }

  private matchBrackets(): number[] {
    const match = new Array<number>(this.t.length).fill(-1);
    const open: number[] = [];
    this.t.forEach((token, i) => {
      if (token.kind !== 'punctuation') return;
      if (OPENERS[token.text]) {
        open.push(i);
      } else if (CLOSERS.has(token.text)) {
        const o = open.pop();
        if (o === undefined) {
          throw refuse(
            `Unbalanced parentheses: "${token.text}" has no matching opening bracket`,
            token,
          );
        }
        if (OPENERS[this.t[o].text] !== token.text) {
          const p = this.t[o].position;
          throw refuse(
            `Mismatched brackets: "${this.t[o].text}" at line ${p.line}, column ${p.column} is closed by "${token.text}"`,
            token,
          );
        }
        match[o] = i;
        match[i] = o;
      }
    });
    if (open.length > 0) {
      const token = this.t[open[open.length - 1]];
      throw refuse(
        `Unbalanced parentheses: "${token.text}" is never closed`,
        token,
      );
    }
    return match;
  }

  private qualifiedName(i: number, end: number): QualifiedName | undefined {
    const first = this.tokenAt(i, end);
    if (!isName(first)) return undefined;
    const parts = [first];
    let next = i + 1;
    while (
      this.isPunctAt(next, end, '.') &&
      isName(this.tokenAt(next + 1, end))
    ) {
      parts.push(this.t[next + 1]);
      next += 2;
    }
    return { parts, next };
  }

  private isQueryStart(i: number, end: number): boolean {
    const word = this.wordAt(i, end);
    if (word === 'TABLE') return !this.isPunctAt(i + 1, end, '(');
    return (
      word === 'SELECT' ||
      word === 'VALUES' ||
      word === 'WITH' ||
      word === 'FROM'
    );
  }

  // ------------------------------------------------------------- statements

  private classify(start: number, end: number): Classification {
    let k = start;
    while (this.isPunctAt(k, end, '(')) k++;
    const parenthesized = k > start;
    const token = this.tokenAt(k, end);
    const word = this.wordAt(k, end);
    const base = { index: k, parenthesized, known: false };
    if (!token) return { ...base, label: 'nothing' };
    if (QUERY_STARTERS.has(word)) {
      return { ...base, label: word, allowed: word as AllowedStatementType };
    }
    if (!parenthesized) {
      if (word === 'SHOW') return { ...base, label: word, allowed: 'SHOW' };
      if (word === 'EXPLAIN')
        return { ...base, label: word, allowed: 'EXPLAIN' };
      if (word === 'DESCRIBE' || word === 'DESC') {
        return { ...base, label: 'DESCRIBE', allowed: 'DESCRIBE' };
      }
    }
    return {
      ...base,
      label: statementLabel(this.t, k, end),
      known: REFUSED_STATEMENTS.has(word),
    };
  }

  private statement(
    start: number,
    end: number,
    depth: number,
  ): AllowedStatementType {
    if (depth > MAX_NESTING) {
      throw refuse(
        `The statement is nested too deeply (more than ${MAX_NESTING} levels)`,
        this.t[start],
      );
    }
    const c = this.classify(start, end);
    this.topLabel ??= c.allowed ?? c.label;
    const token = this.t[c.index];
    if (!c.allowed) {
      if (c.known) {
        throw refuse(
          `${c.label} statements are not allowed in the read-only SQL console`,
          token,
        );
      }
      if (c.parenthesized) {
        throw refuse(
          `A parenthesized statement must be a query, found ${c.label}`,
          token,
        );
      }
      throw refuse(
        `Unknown statement ${c.label}: only ${ALLOWED_LIST} statements are allowed`,
        token,
      );
    }
    switch (c.allowed) {
      case 'SHOW':
        this.show(start, end, depth);
        break;
      case 'DESCRIBE':
        this.describe(start, end, depth);
        break;
      case 'EXPLAIN':
        this.explain(start, end, depth);
        break;
      default:
        this.walk(start, end, 'query', depth);
    }
    return c.allowed;
  }

  private explain(start: number, end: number, depth: number) {
    let j = start + 1;
    let analyze = false;
    for (;;) {
      if (this.isWordAt(j, end, 'ANALYZE', 'ANALYSE')) {
        analyze = true;
        j++;
      } else if (this.isWordAt(j, end, 'VERBOSE')) {
        j++;
      } else if (this.isPunctAt(j, end, '(')) {
        let k = j + 1;
        while (this.isPunctAt(k, end, '(')) k++;
        if (this.isQueryStart(k, end)) break;
        // Options such as (FORMAT JSON, TYPE DISTRIBUTED).
        const close = this.match[j];
        for (let o = j + 1; o < close; o++) {
          if (this.isWordAt(o, close, 'ANALYZE', 'ANALYSE')) analyze = true;
        }
        j = close + 1;
      } else {
        break;
      }
    }
    if (j >= end) {
      throw refuse('EXPLAIN needs a statement to explain', this.last());
    }
    const inner = this.classify(j, end);
    if (!inner.allowed) {
      throw refuse(
        analyze
          ? `EXPLAIN ANALYZE of ${inner.label} statements is not allowed: EXPLAIN ANALYZE runs the statement`
          : `EXPLAIN of ${inner.label} statements is not allowed in the read-only SQL console`,
        this.t[inner.index],
      );
    }
    this.statement(j, end, depth + 1);
  }

  private describe(start: number, end: number, depth: number) {
    let j = start + 1;
    if (j >= end) {
      throw refuse('DESCRIBE needs a table name or a query', this.t[start]);
    }
    if (this.isQueryStart(j, end) || this.isPunctAt(j, end, '(')) {
      this.requireQuery(j, end, 'DESCRIBE needs a table name or a query');
      this.walk(j, end, 'query', depth + 1);
      return;
    }
    if (this.isWordAt(j, end, 'INPUT', 'OUTPUT') && j + 1 < end) {
      // DESCRIBE INPUT/OUTPUT of a prepared statement, named by an identifier.
      const name = this.qualifiedName(j + 1, end);
      if (!name) {
        throw refuse(
          'Expected the name of a prepared statement',
          this.t[j + 1],
        );
      }
      j = name.next;
    } else {
      j = this.requireRelation(j, end, depth);
    }
    this.expectEnd(j, end, 'DESCRIBE');
  }

  private show(start: number, end: number, depth: number) {
    let j = start + 1;
    const fromIn = (kind: 'catalog' | 'schema') => {
      if (!this.isWordAt(j, end, 'FROM', 'IN')) return;
      const name = this.qualifiedName(j + 1, end);
      if (!name) {
        throw refuse(
          `Expected a ${kind} name after ${this.t[j].value}`,
          this.t[j + 1] ?? this.t[j],
        );
      }
      this.checkNamespace(name.parts, kind);
      j = name.next;
    };
    const word = this.wordAt(j, end);
    switch (word) {
      case 'CATALOGS':
      case 'SESSION':
        j++;
        break;
      case 'SCHEMAS':
      case 'DATABASES':
        j++;
        fromIn('catalog');
        break;
      case 'TABLES':
      case 'FUNCTIONS':
        j++;
        fromIn('schema');
        break;
      case 'ALL':
        j++;
        if (this.isWordAt(j, end, 'TABLES')) j++;
        break;
      case 'CURRENT':
      case 'ROLES':
      case 'ROLE':
        j++;
        if (this.isWordAt(j, end, 'ROLES', 'GRANTS')) j++;
        fromIn('catalog');
        break;
      case 'COLUMNS':
        j++;
        if (!this.isWordAt(j, end, 'FROM', 'IN')) {
          throw refuse(
            'Expected FROM after SHOW COLUMNS',
            this.tokenAt(j, end) ?? this.last(),
          );
        }
        j = this.requireRelation(j + 1, end, depth);
        break;
      case 'CREATE':
        j++;
        if (
          this.isWordAt(j, end, 'MATERIALIZED') &&
          this.isWordAt(j + 1, end, 'VIEW')
        ) {
          j = this.requireRelation(j + 2, end, depth);
        } else if (this.isWordAt(j, end, 'TABLE', 'VIEW')) {
          j = this.requireRelation(j + 1, end, depth);
        } else if (this.isWordAt(j, end, 'SCHEMA', 'FUNCTION')) {
          const kind = this.wordAt(j, end);
          const name = this.qualifiedName(j + 1, end);
          if (!name) {
            throw refuse(
              `Expected a name after SHOW CREATE ${kind}`,
              this.tokenAt(j + 1, end) ?? this.last(),
            );
          }
          if (kind === 'SCHEMA') this.checkNamespace(name.parts, 'schema');
          else if (name.parts.length >= 3)
            this.checkQualified(name.parts, true);
          j = name.next;
        } else {
          throw refuse(
            'Unrecognised SHOW CREATE statement',
            this.tokenAt(j, end) ?? this.last(),
          );
        }
        break;
      case 'STATS':
        j++;
        if (!this.isWordAt(j, end, 'FOR')) {
          throw refuse(
            'Expected FOR after SHOW STATS',
            this.tokenAt(j, end) ?? this.last(),
          );
        }
        j++;
        if (this.isPunctAt(j, end, '(')) {
          const close = this.match[j];
          this.requireQuery(j + 1, close, 'SHOW STATS FOR (…) needs a query');
          this.walk(j + 1, close, 'query', depth + 1);
          j = close + 1;
        } else {
          j = this.requireRelation(j, end, depth);
        }
        break;
      case 'GRANTS':
        j++;
        if (this.isWordAt(j, end, 'ON')) {
          j++;
          if (this.isWordAt(j, end, 'TABLE')) j++;
          j = this.requireRelation(j, end, depth);
        }
        break;
      case 'BRANCHES':
        j++;
        if (this.isWordAt(j, end, 'FROM', 'IN')) j++;
        if (this.isWordAt(j, end, 'TABLE')) j++;
        j = this.requireRelation(j, end, depth);
        break;
      default:
        // DuckDB: SHOW table_name describes the table.
        j = this.requireRelation(j, end, depth);
    }
    if (this.isWordAt(j, end, 'LIKE')) {
      j++;
      if (this.tokenAt(j, end)?.kind !== 'string') {
        throw refuse(
          'Expected a pattern after LIKE',
          this.tokenAt(j, end) ?? this.last(),
        );
      }
      j++;
      if (
        this.isWordAt(j, end, 'ESCAPE') &&
        this.tokenAt(j + 1, end)?.kind === 'string'
      ) {
        j += 2;
      }
    }
    this.expectEnd(j, end, 'SHOW');
  }

  private expectEnd(j: number, end: number, what: string) {
    if (j < end) {
      throw refuse(
        `Unexpected "${this.t[j].text}" in ${what} statement`,
        this.t[j],
      );
    }
  }

  private requireRelation(j: number, end: number, depth: number): number {
    const token = this.tokenAt(j, end);
    if (!token) throw refuse('Expected a table name', this.last());
    const after = this.relation(j, end, depth);
    if (after === j) {
      throw refuse(`Expected a table name, found "${token.text}"`, token);
    }
    return after;
  }

  /** Refuses unless a query (possibly parenthesized) starts at `i`. */
  private requireQuery(i: number, end: number, prefix: string) {
    let k = i;
    while (this.isPunctAt(k, end, '(')) k++;
    const token = this.tokenAt(k, end);
    if (!token) {
      throw refuse(
        `${prefix}, found the end of the statement`,
        this.t[Math.min(k, this.t.length - 1)],
      );
    }
    if (this.isQueryStart(k, end)) return;
    throw refuse(`${prefix}, found ${statementLabel(this.t, k, end)}`, token);
  }

  // ---------------------------------------------------------------- queries

  /**
   * Walks the tokens between `start` and `end` at one parenthesis depth,
   * recursing into brackets. `mode` tells what the tokens are expected to be:
   * a query, any parenthesized part of a query (an expression, argument list
   * or subquery), or a parenthesized FROM item.
   */
  private walk(
    start: number,
    end: number,
    mode: 'query' | 'expression' | 'relation',
    depth: number,
  ) {
    if (start >= end) return;
    if (depth > MAX_NESTING) {
      throw refuse(
        `The statement is nested too deeply (more than ${MAX_NESTING} levels)`,
        this.t[start],
      );
    }
    let isQuery = this.isQueryStart(start, end);
    let clause: 'none' | 'select' | 'from' | 'other' = 'none';
    let expectRelation = false;
    let queryStart = start;
    if (!isQuery && mode !== 'query') {
      this.checkNestedStatement(start, end);
      if (mode === 'relation') {
        // A parenthesized join: (a JOIN b ON …).
        isQuery = true;
        clause = 'from';
        expectRelation = true;
      }
    }

    let i = start;
    while (i < end) {
      const token = this.t[i];

      if (i === queryStart && this.isWordAt(i, end, 'WITH')) {
        i = this.withClause(i, end, depth);
        queryStart = i;
        isQuery = true;
        continue;
      }

      if (token.kind === 'punctuation' && OPENERS[token.text]) {
        const close = this.match[i];
        const relation = token.text === '(' && expectRelation;
        this.walk(
          i + 1,
          close,
          relation ? 'relation' : 'expression',
          depth + 1,
        );
        expectRelation = false;
        i = close + 1;
        continue;
      }

      if (expectRelation) {
        if (this.isWordAt(i, end, 'LATERAL')) {
          i++;
          continue;
        }
        expectRelation = false;
        const after = this.relation(i, end, depth);
        if (after > i) {
          i = after;
          continue;
        }
      }

      if (token.kind === 'word') {
        const v = token.value;
        if (v === 'SELECT') {
          isQuery = true;
          clause = 'select';
        } else if (
          v === 'FROM' &&
          isQuery &&
          !(i > start && this.isWordAt(i - 1, end, 'DISTINCT'))
        ) {
          clause = 'from';
          expectRelation = true;
        } else if (
          v === 'FOR' &&
          isQuery &&
          this.isWordAt(i + 1, end, 'UPDATE', 'SHARE', 'NO', 'KEY')
        ) {
          throw refuse(
            'SELECT … FOR UPDATE/SHARE (row locking) is not allowed in the read-only SQL console',
            token,
          );
        } else if (v === 'JOIN' && clause === 'from') {
          expectRelation = true;
        } else if (isQuery && CLAUSES_AFTER_FROM.has(v)) {
          clause = 'other';
        } else if (SET_OPERATORS.has(v)) {
          isQuery = true;
          clause = 'none';
          let j = i + 1;
          while (this.isWordAt(j, end, 'ALL', 'DISTINCT')) j++;
          if (
            this.isWordAt(j, end, 'BY') &&
            this.isWordAt(j + 1, end, 'NAME')
          ) {
            j += 2;
          }
          this.requireQuery(j, end, `Expected a query after ${v}`);
          queryStart = j;
          i = j;
          continue;
        } else if (v === 'TABLE' && i === queryStart) {
          isQuery = true;
          expectRelation = true;
          // TABLE(function(…)) is read as a FROM item, from this token.
          if (this.isPunctAt(i + 1, end, '(')) continue;
        }
      }

      if (
        clause === 'from' &&
        token.kind === 'punctuation' &&
        token.text === ','
      ) {
        expectRelation = true;
      }
      i++;
    }
  }

  /**
   * At the start of a parenthesized part of a query, refuses keywords that
   * start a statement: `(DELETE FROM t …)`, `(UPDATE t SET …)`.
   */
  private checkNestedStatement(i: number, end: number) {
    const token = this.t[i];
    if (token.kind !== 'word') return;
    const v = token.value;
    const next = this.tokenAt(i + 1, end);
    const call = next?.kind === 'punctuation' && next.text === '(';
    if (call && FUNCTION_NAMED_STATEMENTS.has(v)) return;
    let statement = NESTED_STATEMENT_STRONG.has(v);
    if (!statement && NESTED_STATEMENT_WEAK.has(v) && next) {
      statement =
        next.kind === 'quotedIdentifier' ||
        next.kind === 'string' ||
        (next.kind === 'word' && !EXPRESSION_KEYWORDS.has(next.value));
    }
    if (statement) {
      throw refuse(
        `${statementLabel(
          this.t,
          i,
          end,
        )} is not allowed inside a query: the SQL console is read-only`,
        token,
      );
    }
  }

  /** Reads `WITH [RECURSIVE] name [(cols)] AS (query), …`; returns where the main statement starts. */
  private withClause(i: number, end: number, depth: number): number {
    let j = i + 1;
    if (this.isWordAt(j, end, 'RECURSIVE')) j++;
    if (this.isWordAt(j, end, 'FUNCTION')) {
      throw refuse('WITH FUNCTION (inline routines) is not allowed', this.t[j]);
    }
    if (this.isWordAt(j, end, 'SESSION')) {
      throw refuse(
        'WITH SESSION (session properties) is not allowed',
        this.t[j],
      );
    }
    for (;;) {
      const nameToken = this.tokenAt(j, end);
      if (!isName(nameToken)) {
        throw refuse(
          'Cannot read the WITH clause: expected the name of a common table expression',
          nameToken ?? this.last(),
        );
      }
      const name = partName(nameToken);
      this.cteNames.add(name);
      j++;
      if (this.isPunctAt(j, end, '(')) {
        this.walk(j + 1, this.match[j], 'expression', depth + 1);
        j = this.match[j] + 1;
      }
      if (
        this.isWordAt(j, end, 'USING') &&
        this.isWordAt(j + 1, end, 'KEY') &&
        this.isPunctAt(j + 2, end, '(')
      ) {
        this.walk(j + 3, this.match[j + 2], 'expression', depth + 1);
        j = this.match[j + 2] + 1;
      }
      if (!this.isWordAt(j, end, 'AS')) {
        throw refuse(
          `Cannot read the WITH clause: expected AS after "${name}"`,
          this.tokenAt(j, end) ?? this.last(),
        );
      }
      j++;
      if (this.isWordAt(j, end, 'NOT')) j++;
      if (this.isWordAt(j, end, 'MATERIALIZED')) j++;
      if (!this.isPunctAt(j, end, '(')) {
        throw refuse(
          `Cannot read the WITH clause: expected "(" after AS in "${name}"`,
          this.tokenAt(j, end) ?? this.last(),
        );
      }
      const close = this.match[j];
      this.requireQuery(
        j + 1,
        close,
        `The body of CTE "${name}" must be a query`,
      );
      this.walk(j + 1, close, 'query', depth + 1);
      j = close + 1;
      if (this.isPunctAt(j, end, ',')) {
        j++;
        continue;
      }
      break;
    }
    this.requireQuery(j, end, 'The main statement of WITH must be a query');
    return j;
  }

  /**
   * Reads one FROM item at `i` (a table, a table function call or a string);
   * returns the index after it, or `i` when there is none.
   */
  private relation(i: number, end: number, depth: number): number {
    const token = this.t[i];
    if (token.kind === 'string') {
      throw refuse(
        'Reading a file or URL named by a string in FROM is not allowed',
        token,
      );
    }
    if (this.isWordAt(i, end, 'TABLE') && this.isPunctAt(i + 1, end, '(')) {
      // Trino: TABLE(function(…)).
      const close = this.match[i + 1];
      const name = this.qualifiedName(i + 2, close);
      if (!name || !this.isPunctAt(name.next, close, '(')) {
        throw refuse(
          'Expected a table function call inside TABLE(…)',
          this.tokenAt(i + 2, close) ?? token,
        );
      }
      const argsClose = this.match[name.next];
      this.tableFunction(name.parts);
      this.walk(name.next + 1, argsClose, 'expression', depth + 1);
      if (argsClose + 1 < close) {
        throw refuse(
          `Unexpected "${this.t[argsClose + 1].text}" inside TABLE(…)`,
          this.t[argsClose + 1],
        );
      }
      return close + 1;
    }
    if (token.kind === 'word' && NOT_A_RELATION.has(token.value)) return i;
    const name = this.qualifiedName(i, end);
    if (!name) return i;
    if (this.isPunctAt(name.next, end, '(')) {
      const close = this.match[name.next];
      this.tableFunction(name.parts);
      this.walk(name.next + 1, close, 'expression', depth + 1);
      return close + 1;
    }
    this.addRelation(name.parts);
    return name.next;
  }

  private tableFunction(parts: SqlToken[]) {
    const token = parts[parts.length - 1];
    const name = partName(token);
    this.checkFunction(name, token);
    if (!ALLOWED_TABLE_FUNCTIONS.has(name)) {
      throw refuse(
        `Table function ${name}() is not allowed in FROM: only ${[
          ...ALLOWED_TABLE_FUNCTIONS,
        ].join(', ')} may be used`,
        token,
      );
    }
    if (parts.length >= 3) this.checkQualified(parts, true);
  }

  private checkFunction(name: string, token: SqlToken) {
    const why = forbiddenFunctionReason(name);
    if (why) throw refuse(`Function ${name}() is not allowed: ${why}`, token);
  }

  private addRelation(parts: SqlToken[]) {
    for (const part of parts) {
      if (part.kind === 'quotedIdentifier' && looksLikePath(part.value)) {
        throw refuse(
          `Table name ${part.text} looks like a file path or URL: reading files is not allowed`,
          part,
        );
      }
    }
    const names = parts.map(partName);
    if (names.length >= 2) this.checkQualified(parts, names.length >= 3);
    if (names.length === 1 && this.cteNames.has(names[0])) return;
    const rendered = names.map(renderPart).join('.');
    if (!this.tables.includes(rendered)) this.tables.push(rendered);
  }

  /** SHOW … FROM catalog, SHOW … FROM [catalog.]schema. */
  private checkNamespace(parts: SqlToken[], kind: 'catalog' | 'schema') {
    if (kind === 'catalog' || parts.length >= 2) {
      this.checkCatalog(parts[0], true, parts);
    } else {
      this.checkCatalog(parts[0], false, parts);
    }
  }

  private checkQualified(parts: SqlToken[], definite: boolean) {
    this.checkCatalog(parts[0], definite, parts);
  }

  /**
   * `definite`: the name surely is a catalog (first of three parts); else it
   * may be one (first of two parts, which DuckDB may read as catalog.table),
   * and only the forbidden catalogs are refused.
   */
  private checkCatalog(token: SqlToken, definite: boolean, parts: SqlToken[]) {
    const catalog = partName(token);
    const what = parts.map(p => renderPart(partName(p))).join('.');
    if (this.forbidden.has(catalog)) {
      throw refuse(`Catalog "${catalog}" is forbidden (${what})`, token);
    }
    if (definite && this.allowed && !this.allowed.has(catalog)) {
      throw refuse(
        `Catalog "${catalog}" is not allowed (${what}): only ${[...this.allowed]
          .map(c => `"${c}"`)
          .join(', ')} may be queried`,
        token,
      );
    }
  }

  /** Checks that do not depend on where in the statement a token is. */
  private checkEverywhere() {
    const end = this.t.length;
    for (let i = 0; i < end; i++) {
      const token = this.t[i];
      if (
        token.kind === 'word' &&
        BARE_FORBIDDEN.has(token.value) &&
        !(token.value === 'CREATE' && this.isWordAt(i - 1, end, 'SHOW'))
      ) {
        throw refuse(
          `${
            token.value
          } is not allowed in a read-only query: it belongs to data-changing statements (write "${lowerAscii(
            token.text,
          )}" in double quotes if it is a name)`,
          token,
        );
      }
      if (!isName(token)) continue;
      // A name right after AS is an alias (with a column list) or a type,
      // as in `t AS query (a)` or `CAST(x AS decimal(10, 2))`: not a call.
      const call =
        this.isPunctAt(i + 1, end, '(') && !this.isWordAt(i - 1, end, 'AS');
      if (call) this.checkFunction(partName(token), token);
      if (!this.isPunctAt(i - 1, end, '.')) {
        const name = this.qualifiedName(i, end);
        if (name && name.parts.length >= 3) {
          const isCall = this.isPunctAt(name.next, end, '(');
          this.checkQualified(name.parts, isCall);
        }
      }
    }
  }
}

function describeCharacter(code: number): string {
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  const ch = String.fromCodePoint(code);
  const visible = /[\p{L}\p{N}\p{P}\p{S}]/u.test(ch);
  return visible ? `${hex} "${ch}"` : hex;
}

/**
 * Refuses characters outside plain printable ASCII (plus tab, line feed and
 * carriage return) anywhere but in string literals, quoted identifiers and
 * comments; and the lexical forms that Trino and DuckDB read differently.
 */
function checkCharacters(sql: string, tokens: SqlToken[]) {
  const lookup = new SqlPositionLookup(sql);
  const check = (from: number, to: number) => {
    for (let k = from; k < to; k++) {
      const code = sql.codePointAt(k)!;
      const control =
        code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d;
      if (!control && code < 0x7f) continue;
      const where = lookup.at(k);
      const position = { line: where.line, column: where.column };
      if (control || code === 0x7f) {
        throw new Refusal(
          `Control character ${describeCharacter(
            code,
          )} is not allowed outside string literals, quoted identifiers and comments`,
          position,
        );
      }
      const kind = isSqlWhitespace(code) ? 'whitespace' : 'character';
      throw new Refusal(
        `Non-ASCII ${kind} ${describeCharacter(
          code,
        )}: only plain ASCII is allowed outside string literals, quoted identifiers and comments`,
        position,
      );
    }
  };
  let cursor = 0;
  for (const token of tokens) {
    check(cursor, token.position.offset);
    cursor = token.end;
    switch (token.kind) {
      case 'string':
        if (token.variant === 'escape') {
          throw refuse(
            "Escape string literals (E'…') are not allowed: Trino and DuckDB read their backslashes differently",
            token,
          );
        }
        if (token.variant === 'dollar') {
          throw refuse(
            'Dollar-quoted strings ($$…$$) are not allowed: Trino does not read them',
            token,
          );
        }
        break;
      case 'comment':
        if (token.text.startsWith('/*!')) {
          throw refuse('Executable comments (/*! … */) are not allowed', token);
        }
        if (token.variant === 'block' && token.text.slice(2).includes('/*')) {
          throw refuse(
            'Nested block comments are not allowed: Trino and DuckDB read a "/*" inside a comment differently',
            token,
          );
        }
        break;
      case 'quotedIdentifier':
        break;
      default:
        check(token.position.offset, token.end);
        if (token.text.includes('$')) {
          throw refuse(
            '"$" is not allowed outside string literals and quoted identifiers (no $ parameters or dollar-quoting)',
            token,
          );
        }
    }
  }
  check(cursor, sql.length);
}

/**
 * Decides whether one SQL statement may run in the read-only SQL console,
 * before it reaches Trino or DuckDB, and says why not.
 *
 * It works on the tokens of the statement (see `tokenizeSql` of
 * `@internal/plugin-lakehouse-node`), never on the raw text: only one statement (a trailing `;` and comments are fine)
 * that is a query — SELECT, WITH … SELECT, VALUES, TABLE, SHOW, DESCRIBE or
 * EXPLAIN [ANALYZE] of such a statement — with no data-changing keyword at
 * the start of any part of it, no function that reads files, URLs or runs
 * SQL text, no table function outside an allow-list, no string or path in
 * FROM and no catalog the policy forbids; and plain ASCII outside literals,
 * quoted identifiers and comments.
 */
export function analyzeStatement(
  sql: string,
  policy: ReadOnlyPolicy = {},
): SqlAnalysis {
  const scan = scanSql(sql);
  const redacted = redactScan(sql, scan);
  const refused = (refusal: Refusal): SqlAnalysis => ({
    allowed: false,
    reason: refusal.reason,
    ...(refusal.position ? { position: refusal.position } : {}),
    ...(refusal.statementType ? { statementType: refusal.statementType } : {}),
    redacted,
  });
  if (scan.error) {
    const { line, column } = scan.error.position;
    return refused(new Refusal(scan.error.message, { line, column }));
  }

  let analyzer: StatementAnalyzer | undefined;
  let firstLabel: string | undefined;
  try {
    checkCharacters(sql, scan.tokens);
    const significant = significantTokens(scan.tokens);
    const semicolon = significant.findIndex(t => t.kind === 'semicolon');
    const statement =
      semicolon < 0 ? significant : significant.slice(0, semicolon);
    firstLabel = leadingLabel(statement);
    if (semicolon >= 0 && semicolon + 1 < significant.length) {
      const rest = significant.slice(semicolon + 1);
      const second =
        rest[0].kind === 'semicolon'
          ? 'an empty statement'
          : leadingLabel(rest);
      throw refuse(
        `Stacked statements are not allowed: a second statement (${second}) follows the ";"; run one statement at a time`,
        rest[0],
        firstLabel,
      );
    }
    if (statement.length === 0) {
      throw refuse(
        'Empty statement: there is no SQL to run',
        semicolon >= 0 ? significant[semicolon] : undefined,
      );
    }
    analyzer = new StatementAnalyzer(statement, policy);
    const statementType = analyzer.run();
    return { allowed: true, statementType, tables: analyzer.tables, redacted };
  } catch (e) {
    if (e instanceof Refusal) {
      const statementType = e.statementType ?? analyzer?.topLabel ?? firstLabel;
      return refused(new Refusal(e.reason, e.position, statementType));
    }
    throw e;
  }
}
