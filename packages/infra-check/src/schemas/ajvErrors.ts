import type { ErrorObject } from 'ajv';

/** `/spec/template/spec/containers/0/ports/0` → `spec.template.spec.containers[0].ports[0]`. */
export function dottedPath(instancePath: string): string {
  return instancePath
    .split('/')
    .slice(1)
    .map(part => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce(
      (path, part) =>
        /^\d+$/.test(part)
          ? `${path}[${part}]`
          : `${path}${path ? '.' : ''}${part}`,
      '',
    );
}

/**
 * One sentence per ajv error, naming the field: `spec.replicas must be
 * integer`, `spec.predictor has unknown field storageURI`. Errors of
 * alternatives (anyOf, oneOf) that repeat a more precise one are left out.
 */
export function describeAjvErrors(
  errors: ErrorObject[] | null | undefined,
): string[] {
  const sentences: string[] = [];
  for (const error of errors ?? []) {
    const at = dottedPath(error.instancePath) || 'the document';
    let sentence: string;
    if (error.keyword === 'additionalProperties') {
      sentence = `${at} has unknown field ${
        (error.params as { additionalProperty: string }).additionalProperty
      }`;
    } else if (error.keyword === 'required') {
      sentence = `${at} lacks required field ${
        (error.params as { missingProperty: string }).missingProperty
      }`;
    } else if (error.keyword === 'enum') {
      sentence = `${at} must be one of ${(
        error.params as { allowedValues: unknown[] }
      ).allowedValues
        .map(value => JSON.stringify(value))
        .join(', ')}`;
    } else {
      sentence = `${at} ${error.message ?? 'is invalid'}`;
    }
    if (!sentences.includes(sentence)) sentences.push(sentence);
  }
  return sentences;
}
