import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDbEngine } from '../query/engines/DuckDbEngine';
import { analyzeStatement } from '../sql';
import { buildDemoWarehouse } from './buildDemoWarehouse';

// Every SQL console link of the learning path opens the console with a query
// on the demo lakehouse; each must pass the console's read-only check and run
// on its embedded DuckDB, as the console would run it.

const repoRoot = path.resolve(__dirname, '../../../..');
const guidesDir = path.join(repoRoot, 'learning', 'docs');
const demoDir = path.join(repoRoot, 'examples', 'lakehouse');
const CONSOLE_PATH = '/lakehouse/sql?';

interface ConsoleLink {
  guide: string;
  line: number;
  engine: string | null;
  sql: string;
}

/**
 * The link target starting at `start`, as markdown reads it: up to white
 * space, a quote or angle bracket, or the `)` that closes an inline link.
 * encodeURIComponent leaves `(`, `)` and `'` as they are, so parentheses
 * inside the SQL are balanced ones.
 */
function linkTarget(text: string, start: number) {
  let depth = 0;
  let end = start;
  for (; end < text.length; end++) {
    const c = text[end];
    if (/[\s"<>]/.test(c)) break;
    if (c === '(') depth++;
    if (c === ')') {
      if (depth === 0) break;
      depth--;
    }
  }
  return text.slice(start, end);
}

function consoleLinks(): ConsoleLink[] {
  if (!fs.existsSync(guidesDir)) return [];
  const guides = fs
    .readdirSync(guidesDir, { recursive: true })
    .map(String)
    .filter(file => file.endsWith('.md'))
    .sort();
  return guides.flatMap(guide => {
    const text = fs.readFileSync(path.join(guidesDir, guide), 'utf8');
    const links: ConsoleLink[] = [];
    for (
      let at = text.indexOf(CONSOLE_PATH);
      at >= 0;
      at = text.indexOf(CONSOLE_PATH, at + 1)
    ) {
      const target = linkTarget(text, at);
      // The console reads its parameters with URLSearchParams.
      const params = new URLSearchParams(target.slice(CONSOLE_PATH.length));
      links.push({
        guide: `learning/docs/${guide.split(path.sep).join('/')}`,
        line: text.slice(0, at).split('\n').length,
        engine: params.get('engine'),
        sql: params.get('sql') ?? '',
      });
    }
    return links;
  });
}

const links = consoleLinks();
const cases = links.map(link => ({
  ...link,
  title: `${link.guide}:${link.line} ${link.sql
    .replace(/\s+/g, ' ')
    .slice(0, 80)}`,
}));

describe('SQL console links of the learning path', () => {
  let workDir: string;
  let engine: DuckDbEngine;

  beforeAll(async () => {
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'learning-queries-'));
    const warehouseDir = path.join(workDir, 'warehouse');
    const { index } = await buildDemoWarehouse({
      projectDir: demoDir,
      warehouseDir,
    });
    engine = await DuckDbEngine.create({ warehouseDir, tables: index.tables });
  }, 120_000);

  afterAll(async () => {
    await engine?.close();
    fs.rmSync(workDir, { recursive: true, force: true });
  });

  it('exist in the guides', () => {
    expect(links.length).toBeGreaterThan(0);
  });

  it.each(cases)('$title', async ({ guide, line, engine: engineId, sql }) => {
    const where = `${guide}:${line}`;
    expect({ where, engine: engineId }).toEqual({ where, engine: 'duckdb' });

    // The console's read-only check, with its default policy.
    const analysis = analyzeStatement(sql, { forbiddenCatalogs: ['system'] });
    if (!analysis.allowed) {
      throw new Error(
        `${where}: the console refuses this statement (${analysis.reason}):\n${sql}`,
      );
    }

    let rows = 0;
    try {
      for await (const event of engine.execute({
        sql,
        user: 'guest',
        signal: new AbortController().signal,
      })) {
        if (event.type === 'rows') rows += event.rows.length;
      }
    } catch (error) {
      throw new Error(
        `${where}: the statement fails on the demo lakehouse: ${
          (error as Error).message
        }\n${sql}`,
      );
    }
    expect(rows).toBeGreaterThanOrEqual(0);
  });
});
