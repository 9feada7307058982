import { once } from 'node:events';
import { Writable } from 'node:stream';
import { QueryEngine } from './engines/types';

/** One CSV field, quoted when it holds a comma, quote or line break (RFC 4180). */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text =
    typeof value === 'object' ? JSON.stringify(value) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const csvLine = (values: unknown[]) => `${values.map(csvField).join(',')}\r\n`;

/**
 * Runs a statement and writes its rows to `out` as CSV while they arrive,
 * waiting for the client to drain the socket before asking the engine for
 * more: the result is never held in memory.
 */
export async function streamCsv(options: {
  engine: QueryEngine;
  sql: string;
  catalog?: string;
  schema?: string;
  engineUser: string;
  maxRows: number;
  out: Writable;
  signal: AbortSignal;
}): Promise<{ rows: number; truncated: boolean }> {
  const { out } = options;
  let rows = 0;
  let truncated = false;
  const controller = new AbortController();
  const abort = () => controller.abort();
  options.signal.addEventListener('abort', abort);
  try {
    for await (const event of options.engine.execute({
      sql: options.sql,
      catalog: options.catalog,
      schema: options.schema,
      user: options.engineUser,
      signal: controller.signal,
    })) {
      if (controller.signal.aborted) break;
      let text = '';
      if (event.type === 'columns')
        text = csvLine(event.columns.map(c => c.name));
      else if (event.type === 'rows') {
        for (const row of event.rows) {
          if (rows >= options.maxRows) {
            truncated = true;
            break;
          }
          text += csvLine(row);
          rows++;
        }
      }
      if (text && !out.write(text)) {
        await once(out, 'drain', { signal: controller.signal }).catch(() => {});
      }
      if (truncated) {
        controller.abort();
        break;
      }
    }
  } finally {
    options.signal.removeEventListener('abort', abort);
  }
  return { rows, truncated };
}
