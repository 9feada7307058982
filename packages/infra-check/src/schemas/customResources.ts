import fs from 'node:fs';
import zlib from 'node:zlib';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import type { JsonObject, ManifestObject } from '../load/model';
import { isObject } from '../load/model';
import { describeAjvErrors } from './ajvErrors';
import { dataFile } from './dataFiles';

/** The CustomResourceDefinitions infra/ may use, copied into data/ (see data/README.md). */
const CRD_FILES = ['kserve-v0.20.0-inferenceservices.crd.yaml.gz'];

/** InferenceService names become DNS labels (RFC 1035), as KServe's webhook requires. */
const NAME_PATTERNS: Record<string, RegExp> = {
  'serving.kserve.io InferenceService': /^[a-z]([-a-z0-9]*[a-z0-9])?$/,
};

interface CrdVersion {
  group: string;
  kind: string;
  version: string;
  validate: ValidateFunction;
}

let compiled: Map<string, CrdVersion> | undefined;

function load(): Map<string, CrdVersion> {
  if (compiled) return compiled;
  const ajv = new Ajv({ allErrors: true, strict: false, logger: false });
  addFormats(ajv);
  // OpenAPI formats Kubernetes uses that ajv-formats leaves out.
  for (const format of ['int32', 'int64', 'float', 'double', 'byte'])
    if (!ajv.formats[format]) ajv.addFormat(format, true);
  compiled = new Map();
  for (const file of CRD_FILES) {
    const text = zlib
      .gunzipSync(fs.readFileSync(dataFile(file)))
      .toString('utf8');
    const crd = parse(text) as JsonObject;
    const spec = crd.spec as JsonObject;
    const group = spec.group as string;
    const kind = (spec.names as JsonObject).kind as string;
    for (const version of spec.versions as JsonObject[]) {
      const schema = (version.schema as JsonObject).openAPIV3Schema;
      compiled.set(`${group}/${version.name} ${kind}`, {
        group,
        kind,
        version: version.name as string,
        validate: ajv.compile(structural(schema as JsonObject)),
      });
    }
  }
  return compiled;
}

/**
 * The CRD's schema as the API server applies it with strict field
 * validation (kubectl's default): objects that list their properties accept
 * no others, unless marked x-kubernetes-preserve-unknown-fields; int-or-string
 * fields accept both. metadata is checked by the API server itself.
 */
function structural(schema: JsonObject): JsonObject {
  const visit = (node: JsonObject, isRoot: boolean): JsonObject => {
    const out: JsonObject = {};
    for (const [key, value] of Object.entries(node)) {
      if (key.startsWith('x-kubernetes-')) continue;
      if (key === 'properties' && isObject(value)) {
        out.properties = Object.fromEntries(
          Object.entries(value).map(([name, child]) => [
            name,
            isRoot && name === 'metadata'
              ? { type: 'object' }
              : visit(child as JsonObject, false),
          ]),
        );
      } else if (
        (key === 'items' || key === 'additionalProperties') &&
        isObject(value)
      ) {
        out[key] = visit(value, false);
      } else if (
        (key === 'allOf' || key === 'anyOf' || key === 'oneOf') &&
        Array.isArray(value)
      ) {
        out[key] = value.map(child => visit(child as JsonObject, false));
      } else {
        out[key] = value;
      }
    }
    if (node['x-kubernetes-int-or-string'] === true) {
      delete out.type;
      out.anyOf ??= [{ type: 'integer' }, { type: 'string' }];
    }
    if (
      isObject(node.properties) &&
      node.additionalProperties === undefined &&
      node['x-kubernetes-preserve-unknown-fields'] !== true
    ) {
      out.additionalProperties = false;
    }
    return out;
  };
  return visit(schema, true);
}

/** Whether infra-check has the CRD of this apiVersion and kind. */
export function isCustomKind(apiVersion: string, kind: string): boolean {
  return load().has(`${apiVersion} ${kind}`);
}

/** Schema errors of a custom resource against its CRD, one sentence each. */
export function validateCustomResource(object: ManifestObject): string[] {
  const crd = load().get(`${object.apiVersion} ${object.kind}`);
  if (!crd) return [];
  const errors = crd.validate(object.body)
    ? []
    : describeAjvErrors(crd.validate.errors);
  const pattern = NAME_PATTERNS[`${crd.group} ${crd.kind}`];
  if (pattern && !pattern.test(object.name)) {
    errors.push(`metadata.name must match ${pattern.source}`);
  }
  return errors;
}
