/**
 * The dbt references found in a model's Jinja-templated SQL. Only `ref()`
 * and `source()` calls inside `{{ … }}` expressions count, as in dbt; the
 * same words in SQL comments or string literals outside Jinja do not.
 */
export interface DbtReferences {
  /** `ref('model')` or `ref('package', 'model')`, as the argument lists. */
  refs: string[][];
  /** `source('source_name', 'table_name')`. */
  sources: [string, string][];
}

/**
 * One piece of a Jinja template: plain text, an `{{ expression }}`, a
 * `{% statement %}` or a `{# comment #}`. `body` is what stands between the
 * delimiters, trimmed and without Jinja's `-` whitespace markers; `source` is
 * the piece exactly as written, so joining the sources gives the template.
 */
export interface JinjaPart {
  kind: 'text' | 'expression' | 'statement' | 'comment';
  body: string;
  source: string;
  /** Offset of the piece in the template. */
  offset: number;
  /** `{%-`: the whitespace before the piece is to be removed when rendering. */
  trimBefore: boolean;
  /** `-%}`: the whitespace after the piece is to be removed when rendering. */
  trimAfter: boolean;
}

const DELIMITERS = {
  '{{': { kind: 'expression', close: '}}' },
  '{%': { kind: 'statement', close: '%}' },
  '{#': { kind: 'comment', close: '#}' },
} as const;

/**
 * Splits a template into text and Jinja pieces. What stands between
 * `{% raw %}` and `{% endraw %}` is text, Jinja delimiters included.
 */
export function splitJinja(template: string, where: string): JinjaPart[] {
  const parts: JinjaPart[] = [];
  const text = (from: number, to: number) => {
    if (to > from) {
      const source = template.slice(from, to);
      parts.push({
        kind: 'text',
        body: source,
        source,
        offset: from,
        trimBefore: false,
        trimAfter: false,
      });
    }
  };
  const opening = /\{[{%#]/g;
  let cursor = 0;
  for (;;) {
    opening.lastIndex = cursor;
    const found = opening.exec(template);
    if (!found) break;
    const start = found.index;
    const delimiter = DELIMITERS[found[0] as keyof typeof DELIMITERS];
    const close = template.indexOf(delimiter.close, start + 2);
    if (close < 0) {
      throw new Error(
        `${where}: "${found[0]}" at offset ${start} is never closed`,
      );
    }
    text(cursor, start);
    const inner = template.slice(start + 2, close);
    const part: JinjaPart = {
      kind: delimiter.kind,
      body: inner.replace(/^-/, '').replace(/-$/, '').trim(),
      source: template.slice(start, close + 2),
      offset: start,
      trimBefore: inner.startsWith('-'),
      trimAfter: inner.endsWith('-'),
    };
    parts.push(part);
    cursor = close + 2;
    if (part.kind === 'statement' && part.body === 'raw') {
      const endRaw = /\{%-?\s*endraw\s*-?%\}/g;
      endRaw.lastIndex = cursor;
      const end = endRaw.exec(template);
      if (!end) {
        throw new Error(
          `${where}: "{% raw %}" at offset ${start} is never closed`,
        );
      }
      text(cursor, end.index);
      cursor = end.index;
    }
  }
  text(cursor, template.length);
  return parts;
}

const CALL = /\b(ref|source)\s*\(([^)]*)\)/g;
const ONLY_CALL = /^(ref|source)\s*\(([\s\S]*)\)$/;
const STRING_ARG = /^\s*(['"])(.*?)\1\s*$/;

function parseArgs(text: string, call: string, where: string): string[] {
  return text.split(',').map(arg => {
    const match = STRING_ARG.exec(arg);
    if (!match) {
      throw new Error(
        `${where}: ${call}() takes quoted names, got "${text.trim()}"`,
      );
    }
    return match[2];
  });
}

/**
 * The `ref(…)` or `source(…)` call that an expression consists of, with its
 * arguments, or undefined when the expression is anything else.
 */
export function readDbtCall(
  expression: string,
  where: string,
): { call: 'ref' | 'source'; args: string[] } | undefined {
  const match = ONLY_CALL.exec(expression.trim());
  if (!match) return undefined;
  return {
    call: match[1] as 'ref' | 'source',
    args: parseArgs(match[2], match[1], where),
  };
}

/** Lists every `ref()` and `source()` call of a model, in order of appearance. */
export function findDbtReferences(sql: string, where: string): DbtReferences {
  const refs: string[][] = [];
  const sources: [string, string][] = [];
  for (const part of splitJinja(sql, where)) {
    if (part.kind !== 'expression') continue;
    for (const match of part.body.matchAll(CALL)) {
      const args = parseArgs(match[2], match[1], where);
      if (match[1] === 'ref') {
        if (args.length < 1 || args.length > 2) {
          throw new Error(`${where}: ref() takes one or two names`);
        }
        refs.push(args);
      } else {
        if (args.length !== 2) {
          throw new Error(`${where}: source() takes a source and a table name`);
        }
        sources.push([args[0], args[1]]);
      }
    }
  }
  return { refs, sources };
}

/**
 * Replaces every `{{ ref(…) }}` / `{{ source(…) }}` expression with the
 * relation it resolves to, as `dbt compile` does.
 */
export function compileDbtSql(
  sql: string,
  resolve: (call: 'ref' | 'source', args: string[]) => string,
): string {
  return splitJinja(sql, 'compile')
    .map(part => {
      const call =
        part.kind === 'expression'
          ? readDbtCall(part.body, 'compile')
          : undefined;
      return call ? resolve(call.call, call.args) : part.source;
    })
    .join('');
}
