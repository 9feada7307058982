/**
 * The rules that tie ML entities to their owners and to each other when the
 * owning systems only name them in text: owners written as e-mails or team
 * names, model locations written as URIs, tables named in SQL.
 */

/**
 * The owner entity ref for an owner as a source writes it: the source's
 * mapping first (`owners`), an entity ref as it stands, a team e-mail or a
 * bare name as the group of that name; the source's default owner when the
 * source names none.
 */
export function resolveOwner(
  raw: string | undefined,
  defaults: { defaultOwner: string; owners?: Record<string, string> },
): string {
  const value = raw?.trim();
  if (!value) return defaults.defaultOwner;
  const mapped =
    defaults.owners?.[value] ??
    defaults.owners?.[value.toLocaleLowerCase('en-US')];
  if (mapped) return mapped;
  if (/^(group|user):/i.test(value)) return value;
  // Feast owners are usually team mailboxes such as ml-engineering@corp.com.
  const name = (value.includes('@') ? value.split('@')[0] : value)
    .toLocaleLowerCase('en-US')
    .replace(/[^a-z0-9_.-]+/g, '-')
    .replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '');
  return name ? `group:default/${name}` : defaults.defaultOwner;
}

/**
 * A model location in one comparable form: `s3a://` and `s3n://` are S3,
 * the scheme is lower-cased and trailing slashes dropped, so MLflow's
 * version source and KServe's storageUri meet.
 */
export function normaliseStorageUri(
  uri: string | undefined,
): string | undefined {
  const trimmed = uri?.trim();
  if (!trimmed) return undefined;
  const match = /^([a-z][a-z0-9+.-]*):\/\/(.*)$/i.exec(trimmed);
  if (!match) return trimmed.replace(/\/+$/, '');
  let scheme = match[1].toLocaleLowerCase('en-US');
  if (scheme === 's3a' || scheme === 's3n') scheme = 's3';
  return `${scheme}://${match[2].replace(/\/+$/, '')}`;
}

const IDENTIFIER_PART = String.raw`(?:"[^"]+"|\`[^\`]+\`|[A-Za-z_][\w$]*)`;
const TABLE_AFTER_KEYWORD = new RegExp(
  String.raw`\b(?:from|join)\s+(${IDENTIFIER_PART}(?:\s*\.\s*${IDENTIFIER_PART}){0,2})`,
  'gi',
);

/**
 * Lower-case `catalog.schema.table` identifiers of a table name or of the
 * tables a query reads after FROM and JOIN. Two-part names take `catalog`
 * as their first part; names that cannot be made whole are left out.
 */
export function tableIdentifiers(
  text: string | undefined,
  options: { isQuery: boolean; catalog?: string },
): string[] {
  if (!text) return [];
  const names = options.isQuery
    ? [...stripSqlComments(text).matchAll(TABLE_AFTER_KEYWORD)].map(m => m[1])
    : [text];
  const result = new Set<string>();
  for (const name of names) {
    const parts = name.split('.').map(p =>
      p
        .trim()
        .replace(/^["`]|["`]$/g, '')
        .toLocaleLowerCase('en-US'),
    );
    if (parts.some(p => !p)) continue;
    if (parts.length === 3) result.add(parts.join('.'));
    else if (parts.length === 2 && options.catalog) {
      result.add(
        [options.catalog.toLocaleLowerCase('en-US'), ...parts].join('.'),
      );
    }
  }
  return [...result].sort();
}

function stripSqlComments(sql: string): string {
  return sql.replace(/--[^\n]*/g, ' ').replace(/\/\*[\s\S]*?\*\//g, ' ');
}
