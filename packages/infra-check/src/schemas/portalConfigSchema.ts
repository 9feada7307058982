import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import type { JsonObject } from '../load/model';
import { isObject } from '../load/model';
import { packageDir } from './dataFiles';

const cache = new Map<string, ValidateFunction>();

/**
 * The portal's configuration schema, as Backstage validates configuration
 * at start-up: the schemas of every package the backend depends on
 * (including the app and this repository's plugins' config.d.ts), merged by
 * `backstage-cli config:schema --merge --package backend`.
 */
export function portalConfigSchema(repoRoot: string): JsonObject {
  const cli = path.join(
    path.dirname(
      require.resolve('@backstage/cli/package.json', {
        paths: [repoRoot, packageDir()],
      }),
    ),
    'bin',
    'backstage-cli',
  );
  // The CLI exits before a pipe is drained, which cuts long output short;
  // writes to a file are not cut.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'infra-check-'));
  const output = path.join(dir, 'schema.json');
  const fd = fs.openSync(output, 'w');
  try {
    const result = spawnSync(
      process.execPath,
      [
        cli,
        'config:schema',
        '--format',
        'json',
        '--merge',
        '--package',
        'backend',
      ],
      { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', fd, 'pipe'] },
    );
    if (result.status !== 0) {
      throw new Error(
        `backstage-cli config:schema failed in ${repoRoot}: ${
          result.stderr || result.error
        }`,
      );
    }
    return JSON.parse(fs.readFileSync(output, 'utf8')) as JsonObject;
  } finally {
    fs.closeSync(fd);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * A validator of the schema in strict mode, as `backstage-cli config:check
 * --strict` runs it: an object that lists its keys accepts no others, so a
 * misspelt or invented key is an error instead of being ignored.
 */
export function portalConfigValidator(repoRoot: string): ValidateFunction {
  const cached = cache.get(repoRoot);
  if (cached) return cached;
  const schema = strict(portalConfigSchema(repoRoot));
  delete schema.$schema;
  const ajv = new Ajv({
    allErrors: true,
    allowUnionTypes: true,
    strict: false,
    logger: false,
  });
  const validate = ajv.compile(schema);
  cache.set(repoRoot, validate);
  return validate;
}

function strict(schema: JsonObject): JsonObject {
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(visit);
      return;
    }
    if (!isObject(node)) return;
    // An empty additionalProperties schema means "anything", as in Backstage.
    if (
      isObject(node.additionalProperties) &&
      Object.keys(node.additionalProperties).length === 0
    ) {
      node.additionalProperties = true;
    }
    const lists =
      (isObject(node.properties) && Object.keys(node.properties).length > 0) ||
      (isObject(node.patternProperties) &&
        Object.keys(node.patternProperties).length > 0);
    if (node.type === 'object' && lists && !node.additionalProperties) {
      node.additionalProperties = false;
    }
    for (const [key, child] of Object.entries(node)) {
      if (
        [
          'properties',
          'patternProperties',
          'definitions',
          '$defs',
          'dependencies',
        ].includes(key) &&
        isObject(child)
      ) {
        Object.values(child).forEach(visit);
      } else if (
        [
          'items',
          'additionalProperties',
          'allOf',
          'anyOf',
          'oneOf',
          'not',
          'if',
          'then',
          'else',
        ].includes(key)
      ) {
        visit(child);
      }
    }
  };
  const copy = JSON.parse(JSON.stringify(schema)) as JsonObject;
  visit(copy);
  return copy;
}
