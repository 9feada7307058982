/*
 * KServe v0.20's InferenceService CRD (crd/, see its README), read and compiled on first use: a 2 MB schema
 * takes a couple of seconds to compile, which a process should pay once, and only if it checks an
 * InferenceService.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { parse } from 'yaml';
import {
  type CustomResourceFieldError,
  CustomResourceSchema,
} from './customResourceSchema';

const CRD_FILE = 'serving.kserve.io_inferenceservices.yaml.gz';

let compiled: CustomResourceSchema | undefined;

/** The copied CRD file, found from the package root: src/ in tests, next to dist/ in a built backend. */
function crdFile(): string {
  const root = path.dirname(
    require.resolve('@internal/plugin-lakehouse-node/package.json'),
  );
  return path.join(root, 'src', 'kserve', 'crd', CRD_FILE);
}

/**
 * The `serving.kserve.io/v1beta1` schema of KServe v0.20's InferenceService CRD, compiled once.
 *
 * @public
 */
export function inferenceServiceSchema(): CustomResourceSchema {
  if (!compiled) {
    const text = zlib.gunzipSync(fs.readFileSync(crdFile())).toString('utf8');
    compiled = CustomResourceSchema.fromDefinition(parse(text), 'v1beta1');
  }
  return compiled;
}

/**
 * Checks an InferenceService against KServe v0.20's CRD schema as the Kubernetes API server does: the causes
 * of the 422 it would answer (`spec.predictor.canaryTrafficPercent: Invalid value: 120: ... should be less
 * than or equal to 100`), none when the schema accepts it. `metadata` is not checked here (the API server
 * checks it as ObjectMeta), nor KServe's webhook rules.
 *
 * @public
 */
export function validateInferenceService(
  object: unknown,
): CustomResourceFieldError[] {
  return inferenceServiceSchema().validate(object);
}

/**
 * The fields of an InferenceService that KServe v0.20's CRD does not declare (a misspelt
 * `spec.predictor.model.storageURI`): the API server drops them, so what they say never takes effect.
 *
 * @public
 */
export function findUnknownInferenceServiceFields(object: unknown): string[] {
  return inferenceServiceSchema().unknownFields(object);
}
