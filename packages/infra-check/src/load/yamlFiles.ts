import { parseAllDocuments } from 'yaml';
import type { Json } from './model';

/** The documents of a YAML file, or why it does not parse. */
export type ParsedYaml =
  | { ok: true; documents: Json[] }
  | { ok: false; errors: string[] };

/**
 * Parses every document of a multi-document YAML file. Empty documents
 * (a leading `---`, a file of comments) are left out. Errors name the line.
 */
export function parseYamlDocuments(text: string): ParsedYaml {
  const errors: string[] = [];
  const documents: Json[] = [];
  for (const document of parseAllDocuments(text, { prettyErrors: true })) {
    for (const error of document.errors) {
      const line = error.linePos?.[0].line;
      errors.push(
        `${line ? `line ${line}: ` : ''}${error.message.split('\n')[0]}`,
      );
    }
    if (document.errors.length > 0) continue;
    const value = document.toJS({ maxAliasCount: 100 }) as Json;
    if (value !== null && value !== undefined) documents.push(value);
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, documents };
}

/** Parses a JSON file; the error names the position. */
export function parseJsonFile(
  text: string,
): { ok: true; value: Json } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(text) as Json };
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
}
