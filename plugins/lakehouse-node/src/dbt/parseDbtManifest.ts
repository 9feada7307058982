import { CustomErrorBase } from '@backstage/errors';
import type { DbtManifest } from './types';

/** The manifest schema version {@link parseDbtManifest} reads. */
export const SUPPORTED_DBT_MANIFEST_VERSION = 12;

/**
 * A manifest that cannot be used: not JSON, truncated, not a manifest, or
 * of another schema version. The message names the manifest and the cause.
 */
export class DbtManifestError extends CustomErrorBase {
  name = 'DbtManifestError';

  /** The manifest location given to {@link parseDbtManifest}. */
  readonly where: string;

  constructor(where: string, problem: string) {
    super(`dbt manifest at ${where} ${problem}`);
    this.where = where;
  }
}

const REQUIRED_MAPS = ['nodes', 'sources', 'parent_map'] as const;

/**
 * Parses and validates the text of a dbt `manifest.json` (schema v12, written
 * by dbt 1.8 or later).
 *
 * @param text - the file's content
 * @param where - where it was read from (a path or URL), named in errors
 * @throws DbtManifestError when the text is not a usable v12 manifest
 */
export function parseDbtManifest(text: string, where: string): DbtManifest {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trim().length === 0) {
    throw new DbtManifestError(where, 'is empty.');
  }

  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (error) {
    if (looksTruncated(body, error)) {
      throw new DbtManifestError(
        where,
        `looks truncated: its JSON ends early, after ${body.length} characters, as if the file was cut off or still being written.`,
      );
    }
    const cause = (error instanceof Error ? error.message : String(error))
      .trim()
      .replace(/\.$/, '');
    const what = body.trimStart().startsWith('<')
      ? 'is not JSON but looks like an HTML or XML page'
      : 'is not valid JSON';
    throw new DbtManifestError(where, `${what} (${cause}).`);
  }

  if (!isObject(value)) {
    throw new DbtManifestError(
      where,
      `is not a JSON object but ${describe(value)}.`,
    );
  }

  const metadata = value.metadata;
  const schemaVersion = isObject(metadata)
    ? metadata.dbt_schema_version
    : undefined;
  if (typeof schemaVersion !== 'string' || schemaVersion.trim() === '') {
    throw new DbtManifestError(
      where,
      'has no metadata.dbt_schema_version, so it is not a dbt manifest.json.',
    );
  }

  const dbtVersion =
    isObject(metadata) && typeof metadata.dbt_version === 'string'
      ? metadata.dbt_version
      : undefined;
  const match = /\/manifest\/v(\d+)(?:\.json)?\/?$/i.exec(schemaVersion.trim());
  if (!match) {
    throw new DbtManifestError(
      where,
      `has schema ${schemaVersion}, which is not a manifest schema; a dbt manifest.json of schema v${SUPPORTED_DBT_MANIFEST_VERSION} is required, i.e. dbt 1.8 or later.`,
    );
  }
  const version = Number(match[1]);
  if (version !== SUPPORTED_DBT_MANIFEST_VERSION) {
    const writtenBy = dbtVersion ? ` (written by dbt ${dbtVersion})` : '';
    throw new DbtManifestError(
      where,
      `has manifest schema version v${version}${writtenBy}, but v${SUPPORTED_DBT_MANIFEST_VERSION} is required, i.e. dbt 1.8 or later.`,
    );
  }

  const missing = REQUIRED_MAPS.filter(key => !isObject(value[key]));
  if (missing.length > 0) {
    throw new DbtManifestError(
      where,
      `is incomplete: it has no ${listOr(missing)} object.`,
    );
  }

  const manifest = value as unknown as DbtManifest;
  if (!isObject(manifest.exposures)) {
    manifest.exposures = {};
  }
  if (!isObject(manifest.disabled)) {
    manifest.disabled = {};
  }
  return manifest;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) {
    return 'null';
  }
  if (Array.isArray(value)) {
    return 'an array';
  }
  return `a ${typeof value}`;
}

function listOr(items: readonly string[]): string {
  if (items.length <= 1) {
    return items.join('');
  }
  return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

/**
 * Whether JSON that failed to parse stops before its end: a string or an
 * object/array is still open after the last character.
 */
function looksTruncated(text: string, error: unknown): boolean {
  if (error instanceof Error && /end of (JSON )?input/i.test(error.message)) {
    return true;
  }
  let depth = 0;
  let inString = false;
  let escaped = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (escaped) {
        escaped = false;
      } else if (c === 0x5c /* \ */) {
        escaped = true;
      } else if (c === 0x22 /* " */) {
        inString = false;
      }
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      depth++;
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      depth--;
    }
  }
  return inString || depth > 0;
}
