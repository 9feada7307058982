import {
  quoteSqlIdentifier,
  type JinjaPart,
} from '@internal/plugin-lakehouse-node';
import { readRelationExpression, splitJinjaOrThrow } from '../../demo/jinja';

/** Block tags whose body is not part of the model's SQL. */
const DROPPED_BLOCKS = new Set([
  'macro',
  'call',
  'test',
  'materialization',
  'docs',
]);
/** Block tags whose body is rendered once, as far as SQL analysis is concerned. */
const KEPT_BLOCKS = new Set(['for', 'snapshot', 'filter', 'raw']);

/** A Jinja `if` condition's value on a full refresh, where it can be known. */
function conditionOnFullRefresh(condition: string): boolean | undefined {
  const compact = condition.replace(/\s+/g, ' ').trim();
  if (/^is_incremental\s*\(\s*\)$/.test(compact)) return false;
  if (/^not is_incremental\s*\(\s*\)$/.test(compact)) return true;
  return undefined;
}

interface Block {
  tag: string;
  /** Whether the current branch of the block is rendered. */
  rendering: boolean;
  /** Whether an earlier branch of an `if` was rendered. */
  branchTaken: boolean;
}

function quoteRelation(relation: string): string {
  return relation.split('.').map(quoteSqlIdentifier).join('.');
}

/**
 * dbt raw SQL with `{{ ref(...) }}` / `{{ source(...) }}` replaced by relation names and other Jinja removed.
 *
 * The SQL is what a full refresh compiles to, as far as that can be told
 * without running Jinja: `{% if is_incremental() %}` blocks are left out
 * (their `else` kept), of other `if` blocks the first branch is kept, a
 * `for` loop's body appears once, macro definitions and comments go, and
 * every other `{{ … }}` expression and `{% … %}` tag is removed. Relations
 * are written as quoted identifiers (`"lakehouse"."gold"."orders"`).
 *
 * @throws Error naming the call when a `ref()` or `source()` resolves to no relation or takes other than quoted names, or a Jinja block is never closed.
 */
export function resolveDbtJinja(
  rawSql: string,
  resolve: {
    ref(name: string, packageName?: string): string | undefined; // returns catalog.schema.table
    source(sourceName: string, tableName: string): string | undefined;
  },
): string {
  const where = 'dbt SQL';
  const parts = splitJinjaOrThrow(rawSql, where);
  const blocks: Block[] = [];
  const rendering = () => blocks.every(block => block.rendering);
  let sql = '';
  let trimNext = false;

  parts.forEach((part: JinjaPart, index) => {
    if (part.kind === 'text') {
      let text = part.body;
      if (trimNext) text = text.replace(/^\s+/, '');
      if (parts[index + 1]?.trimBefore) text = text.replace(/\s+$/, '');
      if (rendering()) sql += text;
      trimNext = false;
      return;
    }
    trimNext = part.trimAfter;
    if (part.kind === 'comment') return;
    if (part.kind === 'expression') {
      if (!rendering()) return;
      const call = readRelationExpression(part, where);
      if (!call) return;
      const relation =
        call.fn === 'source'
          ? resolve.source(call.sourceName, call.tableName)
          : resolve.ref(call.name, call.packageName);
      if (!relation) {
        throw new Error(
          `${where}: {{ ${part.body.trim()} }} resolves to no relation`,
        );
      }
      sql += quoteRelation(relation);
      return;
    }
    const [tag, ...rest] = part.body.trim().split(/\s+/);
    const argument = rest.join(' ');
    const block = blocks[blocks.length - 1];
    if (tag === 'if') {
      const value = conditionOnFullRefresh(argument);
      blocks.push({
        tag,
        rendering: value !== false,
        branchTaken: value !== false,
      });
    } else if ((tag === 'elif' || tag === 'else') && block?.tag === 'if') {
      const value = tag === 'else' ? true : conditionOnFullRefresh(argument);
      block.rendering = !block.branchTaken && value !== false;
      block.branchTaken ||= block.rendering;
    } else if (tag === 'else' && block) {
      // The `else` of a `for` loop renders only when the loop is empty.
      block.rendering = false;
    } else if (tag === 'set' && !argument.includes('=')) {
      blocks.push({ tag, rendering: false, branchTaken: false });
    } else if (DROPPED_BLOCKS.has(tag)) {
      blocks.push({ tag, rendering: false, branchTaken: false });
    } else if (KEPT_BLOCKS.has(tag)) {
      blocks.push({ tag, rendering: true, branchTaken: true });
    } else if (tag.startsWith('end') && block?.tag === tag.slice(3)) {
      blocks.pop();
    }
  });
  return sql;
}
