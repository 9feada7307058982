import fs from 'node:fs';
import path from 'node:path';
import { DbtManifestError, parseDbtManifest } from './parseDbtManifest';

// The demo dbt project's manifest, which the portal's demo lakehouse reads.
const fixturePath = path.resolve(
  __dirname,
  '../../../../examples/lakehouse/dbt/target/manifest.json',
);
const where = 's3://dbt-artifacts/commerce/manifest.json';

const fixtureText = fs.readFileSync(fixturePath, 'utf8');

function fixtureWith(change: (manifest: any) => void): string {
  const manifest = JSON.parse(fixtureText);
  change(manifest);
  return JSON.stringify(manifest);
}

function errorOf(text: string): DbtManifestError {
  try {
    parseDbtManifest(text, where);
  } catch (error) {
    return error as DbtManifestError;
  }
  throw new Error('parseDbtManifest did not throw');
}

describe('parseDbtManifest', () => {
  it('reads a v12 manifest', () => {
    const manifest = parseDbtManifest(fixtureText, where);
    expect(manifest.metadata.dbt_schema_version).toBe(
      'https://schemas.getdbt.com/dbt/manifest/v12.json',
    );
    expect(manifest.metadata.project_name).toBe('commerce');
    expect(Object.keys(manifest.nodes)).toContain('model.commerce.fct_orders');
    expect(Object.keys(manifest.sources)).toContain(
      'source.commerce.raw.customers',
    );
    expect(manifest.parent_map['model.commerce.stg_orders']).toEqual([
      'source.commerce.raw.orders',
    ]);
  });

  it('accepts a byte order mark and fills in absent exposures and disabled', () => {
    const text = fixtureWith(m => {
      delete m.exposures;
      m.disabled = null;
    });
    const manifest = parseDbtManifest(`\uFEFF${text}`, where);
    expect(manifest.exposures).toEqual({});
    expect(manifest.disabled).toEqual({});
  });

  it('names the source and the cause of an empty file', () => {
    expect(() => parseDbtManifest('  \n', where)).toThrow(
      `dbt manifest at ${where} is empty.`,
    );
  });

  it('says a manifest cut off in the middle looks truncated', () => {
    const text = fixtureText.slice(0, Math.floor(fixtureText.length / 2));
    expect(() => parseDbtManifest(text, where)).toThrow(
      `dbt manifest at ${where} looks truncated: its JSON ends early, after ${text.length} characters, as if the file was cut off or still being written.`,
    );
  });

  it('says a manifest cut off inside a string or after a comma looks truncated', () => {
    const insideString = fixtureText.slice(
      0,
      fixtureText.indexOf('schemas.getdbt.com'),
    );
    expect(errorOf(insideString).message).toMatch(/looks truncated/);
    const afterComma = fixtureText.slice(0, fixtureText.indexOf(',', 1000) + 1);
    expect(errorOf(afterComma).message).toMatch(/looks truncated/);
  });

  it('says text that is not JSON is not valid JSON', () => {
    const error = errorOf('manifest: yes');
    expect(error).toBeInstanceOf(DbtManifestError);
    expect(error.name).toBe('DbtManifestError');
    expect(error.where).toBe(where);
    expect(error.message).toMatch(
      new RegExp(
        `^dbt manifest at ${escape(where)} is not valid JSON \\(.+\\)\\.$`,
      ),
    );
    expect(error.message).not.toMatch(/truncated/);
  });

  it('recognises an HTML page served instead of the manifest', () => {
    expect(
      errorOf('<!DOCTYPE html><html><body>Sign in</body></html>').message,
    ).toMatch(
      new RegExp(
        `^dbt manifest at ${escape(
          where,
        )} is not JSON but looks like an HTML or XML page \\(.+\\)\\.$`,
      ),
    );
  });

  it.each([
    ['[]', 'an array'],
    ['"manifest"', 'a string'],
    ['12', 'a number'],
    ['null', 'null'],
  ])('rejects JSON that is not an object: %s', (text, kind) => {
    expect(() => parseDbtManifest(text, where)).toThrow(
      `dbt manifest at ${where} is not a JSON object but ${kind}.`,
    );
  });

  it('rejects a manifest without metadata.dbt_schema_version', () => {
    const message = `dbt manifest at ${where} has no metadata.dbt_schema_version, so it is not a dbt manifest.json.`;
    expect(() =>
      parseDbtManifest(
        fixtureWith(m => delete m.metadata.dbt_schema_version),
        where,
      ),
    ).toThrow(message);
    expect(() =>
      parseDbtManifest(
        fixtureWith(m => delete m.metadata),
        where,
      ),
    ).toThrow(message);
  });

  it('rejects a v11 manifest, saying which version it is and that v12 is required', () => {
    const text = fixtureWith(m => {
      m.metadata.dbt_schema_version =
        'https://schemas.getdbt.com/dbt/manifest/v11.json';
      m.metadata.dbt_version = '1.7.4';
    });
    expect(() => parseDbtManifest(text, where)).toThrow(
      `dbt manifest at ${where} has manifest schema version v11 (written by dbt 1.7.4), but v12 is required, i.e. dbt 1.8 or later.`,
    );
  });

  it('rejects a newer schema version too', () => {
    const text = fixtureWith(m => {
      m.metadata.dbt_schema_version =
        'https://schemas.getdbt.com/dbt/manifest/v13.json';
      delete m.metadata.dbt_version;
    });
    expect(() => parseDbtManifest(text, where)).toThrow(
      `dbt manifest at ${where} has manifest schema version v13, but v12 is required, i.e. dbt 1.8 or later.`,
    );
  });

  it('rejects another dbt artifact such as run_results.json', () => {
    const text = JSON.stringify({
      metadata: {
        dbt_schema_version:
          'https://schemas.getdbt.com/dbt/run-results/v6.json',
      },
      results: [],
    });
    expect(() => parseDbtManifest(text, where)).toThrow(
      `dbt manifest at ${where} has schema https://schemas.getdbt.com/dbt/run-results/v6.json, which is not a manifest schema; a dbt manifest.json of schema v12 is required, i.e. dbt 1.8 or later.`,
    );
  });

  it.each([
    [['nodes'], 'nodes'],
    [['sources'], 'sources'],
    [['parent_map'], 'parent_map'],
    [['sources', 'parent_map'], 'sources or parent_map'],
    [['nodes', 'sources', 'parent_map'], 'nodes, sources or parent_map'],
  ])('rejects a manifest without %j', (keys, listed) => {
    const text = fixtureWith(m => keys.forEach(k => delete m[k]));
    expect(() => parseDbtManifest(text, where)).toThrow(
      `dbt manifest at ${where} is incomplete: it has no ${listed} object.`,
    );
  });

  it('treats a null or non-object parent_map as missing', () => {
    expect(errorOf(fixtureWith(m => (m.parent_map = null))).message).toBe(
      `dbt manifest at ${where} is incomplete: it has no parent_map object.`,
    );
    expect(errorOf(fixtureWith(m => (m.nodes = []))).message).toBe(
      `dbt manifest at ${where} is incomplete: it has no nodes object.`,
    );
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
