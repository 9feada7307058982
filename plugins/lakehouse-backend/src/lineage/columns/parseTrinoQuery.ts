import { Parser as TrinoGrammar } from 'node-sql-parser/build/trino';
import { Parser as PostgresGrammar } from 'node-sql-parser/build/postgresql';
import { AstNode } from './sqlAst';

const trino = new TrinoGrammar();
const postgres = new PostgresGrammar();
const OPTIONS = { parseOptions: { includeLocations: true } };

/** A parsed query, or why the SQL is not one. */
export type ParsedQuery = { query: AstNode } | { problem: string };

interface PegSyntaxError {
  location?: { start: { offset: number; line: number; column: number } };
}

function describeSyntaxError(sql: string, error: unknown): string {
  const start = (error as PegSyntaxError)?.location?.start;
  if (!start) {
    return `its SQL does not parse: ${(error as Error)?.message ?? error}`;
  }
  const near = sql.slice(start.offset).split('\n')[0].slice(0, 30).trim();
  return `its SQL does not parse at line ${start.line}, column ${
    start.column
  } (${near ? `near "${near}"` : 'at the end'})`;
}

/**
 * Parses one query of Trino SQL with node-sql-parser. Its Trino grammar
 * lacks scalar subqueries, EXISTS, EXCEPT/INTERSECT and AT TIME ZONE, which
 * its PostgreSQL grammar reads with the meaning they have in Trino, so a
 * query the Trino grammar refuses is read with that one; when both refuse,
 * the Trino grammar's position is the one reported.
 */
export function parseTrinoQuery(sql: string): ParsedQuery {
  if (!sql.trim()) return { problem: 'it has no SQL' };
  let parsed: unknown;
  try {
    parsed = trino.astify(sql, { database: 'trino', ...OPTIONS });
  } catch (trinoError) {
    try {
      parsed = postgres.astify(sql, { database: 'postgresql', ...OPTIONS });
    } catch {
      return { problem: describeSyntaxError(sql, trinoError) };
    }
  }
  const statements = (Array.isArray(parsed) ? parsed : [parsed]) as AstNode[];
  if (statements.length !== 1) {
    return {
      problem: `its SQL holds ${statements.length} statements, not one query`,
    };
  }
  const [statement] = statements;
  if (statement?.type !== 'select') {
    return {
      problem: `its SQL is not a query but ${String(
        statement?.type,
      ).toUpperCase()}`,
    };
  }
  return { query: statement };
}
