/*
 * A CustomResourceDefinition's `openAPIV3Schema` applied the way the Kubernetes API server applies it
 * (k8s.io/apiextensions-apiserver pkg/apiserver/validation: kube-openapi's validator, then
 * kubeOpenAPIResultToFieldErrors), so that code can refuse a custom resource with the same 422 causes a cluster
 * would answer: `spec.canary[0].predictor.model.name: Required value`, `spec.x: Invalid value: "string":
 * spec.x in body must be of type integer: "string"`, `Unsupported value: "a": supported values: "b", "c"`.
 * The schema is compiled once with ajv. Schema defaults are applied (to a copy) before validating, as the API
 * server defaults before it validates. Fields the schema does not declare are not a 422: the API server drops
 * them (and refuses them only with `fieldValidation=Strict`), so they are reported apart.
 */
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * One field the API server refuses, as a cause of its 422 `Invalid` Status (`details.causes[]`).
 *
 * @public
 */
export interface CustomResourceFieldError {
  /** The field, as the API server names it: `spec.canary[0].trafficPercent`. */
  field: string;
  /** `FieldValueRequired`, `FieldValueInvalid`, `FieldValueTypeInvalid`, `FieldValueNotSupported`, ... */
  reason: string;
  /** The cause's message without the field: `Required value`, `Invalid value: 120: ...`. */
  message: string;
}

/** RFC 3339 date-time, which kube-openapi's strfmt checks; int32, int64 and the like it does not check. */
const DATE_TIME =
  /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/**
 * The schema as ajv must read it to behave like kube-openapi: `x-kubernetes-int-or-string` is the type
 * `integer,string` (what the API server converts it to, and the type its messages name), and OpenAPI 3.0's
 * boolean `exclusiveMinimum`/`exclusiveMaximum` become JSON Schema's numbers. Other `x-kubernetes-*`
 * keywords only steer pruning, merging and CEL, and are left for ajv to ignore.
 */
function forAjv(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(forAjv);
  if (!isObject(node)) return node;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'properties' && isObject(value)) {
      out.properties = Object.fromEntries(
        Object.entries(value).map(([name, child]) => [name, forAjv(child)]),
      );
    } else if (key === 'default' || key === 'enum' || key === 'example') {
      out[key] = value;
    } else {
      out[key] = forAjv(value);
    }
  }
  if (node['x-kubernetes-int-or-string'] === true) {
    out.type = ['integer', 'string'];
    // controller-gen also writes the choice as anyOf, for which kube-openapi adds a field-less `must validate
    // at least one schema (anyOf)` and a branch's type error; the one cause naming the field is kept.
    const anyOf = out.anyOf;
    if (
      Array.isArray(anyOf) &&
      anyOf.every(b => isObject(b) && Object.keys(b).join() === 'type')
    ) {
      delete out.anyOf;
    }
  }
  for (const [exclusive, limit] of [
    ['exclusiveMinimum', 'minimum'],
    ['exclusiveMaximum', 'maximum'],
  ] as const) {
    if (typeof node[exclusive] === 'boolean') {
      if (node[exclusive] && typeof node[limit] === 'number') {
        out[exclusive] = node[limit];
        delete out[limit];
      } else {
        delete out[exclusive];
      }
    }
  }
  return out;
}

/** The subschemas directly inside a schema node, with a function that puts a replacement in its place. */
function childSchemas(
  node: JsonObject,
): Array<[unknown, (replacement: unknown) => void]> {
  const children: Array<[unknown, (replacement: unknown) => void]> = [];
  if (isObject(node.properties)) {
    const properties = node.properties;
    for (const name of Object.keys(properties)) {
      children.push([properties[name], r => (properties[name] = r)]);
    }
  }
  for (const key of ['items', 'additionalProperties', 'not']) {
    if (isObject(node[key])) children.push([node[key], r => (node[key] = r)]);
  }
  for (const key of ['anyOf', 'allOf', 'oneOf']) {
    const list = node[key];
    if (Array.isArray(list)) {
      list.forEach((child, i) => children.push([child, r => (list[i] = r)]));
    }
  }
  return children;
}

/** Subschemas smaller than this stay inline: a reference costs more than it saves. */
const SHARED_MIN_LENGTH = 300;

/**
 * ajv compiles every occurrence of a subschema anew, and a CRD repeats large ones (KServe's has a pod spec
 * for the predictor, each canary, the transformer and the explainer). Each repeated subschema becomes one
 * entry of `$defs` that its occurrences reference, which takes KServe's CRD from seconds to compile to a
 * fraction of one. Changes `schema` in place.
 */
function shareRepeatedSubschemas(schema: JsonObject): JsonObject {
  const counts = new Map<string, number>();
  const count = (node: unknown) => {
    if (!isObject(node)) return;
    const text = JSON.stringify(node);
    counts.set(text, (counts.get(text) ?? 0) + 1);
    for (const [child] of childSchemas(node)) count(child);
  };
  count(schema);
  const defs: JsonObject = {};
  const names = new Map<string, string>();
  const share = (node: JsonObject) => {
    for (const [child, replace] of childSchemas(node)) {
      if (!isObject(child)) continue;
      const text = JSON.stringify(child);
      if ((counts.get(text) ?? 0) < 2 || text.length < SHARED_MIN_LENGTH) {
        share(child);
        continue;
      }
      let name = names.get(text);
      if (!name) {
        name = `shared${names.size}`;
        names.set(text, name);
        share(child);
        defs[name] = child;
      }
      replace({ $ref: `#/$defs/${name}` });
    }
  };
  share(schema);
  return names.size ? { ...schema, $defs: defs } : schema;
}

/** JSON pointer segments of ajv's `instancePath`. */
function pointerSegments(pointer: string): string[] {
  return pointer
    .split('/')
    .slice(1)
    .map(s => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** kube-openapi's field path: `spec.canary[0].predictor`; map keys are joined with dots, unescaped. */
function fieldPath(segments: string[], data: unknown): string {
  let path = '';
  let current: unknown = data;
  for (const segment of segments) {
    if (Array.isArray(current)) {
      path += `[${segment}]`;
      current = current[Number(segment)];
    } else {
      path += path ? `.${segment}` : segment;
      current = isObject(current) ? current[segment] : undefined;
    }
  }
  return path;
}

function valueAt(segments: string[], data: unknown): unknown {
  let current: unknown = data;
  for (const segment of segments) {
    if (Array.isArray(current)) current = current[Number(segment)];
    else if (isObject(current)) current = current[segment];
    else return undefined;
  }
  return current;
}

/** The JSON type name kube-openapi reports for a value (`integer` for whole numbers). */
function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') {
    return Number.isInteger(value) ? 'integer' : 'number';
  }
  return typeof value;
}

/** A bad value as field.Error prints it (Go's %q for strings, %v for numbers and booleans). */
function badValue(value: unknown): string {
  if (value === null || value === undefined) return '"null"';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') {
    return String(value);
  }
  return JSON.stringify(value);
}

function invalid(
  field: string,
  value: unknown,
  detail: string,
): CustomResourceFieldError {
  return {
    field,
    reason: 'FieldValueInvalid',
    message: `Invalid value: ${badValue(value)}: ${detail}`,
  };
}

/** One ajv error as the API server's field error. */
function toFieldError(
  error: ErrorObject,
  object: unknown,
): CustomResourceFieldError {
  const segments = pointerSegments(error.instancePath);
  const field = fieldPath(segments, object);
  const value = valueAt(segments, object);
  const params = error.params as Record<string, any>;
  const inBody = `${field} in body`;
  switch (error.keyword) {
    case 'required': {
      const missing = String(params.missingProperty);
      return {
        field: field ? `${field}.${missing}` : missing,
        reason: 'FieldValueRequired',
        message: 'Required value',
      };
    }
    case 'type': {
      const expected = Array.isArray(params.type)
        ? params.type.join(',')
        : String(params.type);
      const actual = typeName(value);
      return {
        field,
        reason: 'FieldValueTypeInvalid',
        message: `Invalid value: "${actual}": ${inBody} must be of type ${expected}: "${actual}"`,
      };
    }
    case 'enum': {
      // Allowed values print quoted, whatever their type (field.NotSupported quotes each).
      const allowed = (params.allowedValues as unknown[])
        .map(v => JSON.stringify(typeof v === 'string' ? v : JSON.stringify(v)))
        .join(', ');
      return {
        field,
        reason: 'FieldValueNotSupported',
        message: `Unsupported value: ${badValue(
          value,
        )}: supported values: ${allowed}`,
      };
    }
    case 'maxLength':
      return {
        field,
        reason: 'FieldValueTooLong',
        message: `Too long: may not be more than ${params.limit} bytes`,
      };
    case 'maxItems':
    case 'maxProperties': {
      const count = Array.isArray(value)
        ? value.length
        : Object.keys(value as JsonObject).length;
      return {
        field,
        reason: 'FieldValueTooMany',
        message: `Too many: ${count}: must have at most ${params.limit} items`,
      };
    }
    case 'minItems':
      return invalid(
        field,
        (value as unknown[]).length,
        `${inBody} should have at least ${params.limit} items`,
      );
    case 'minProperties':
      // kube-openapi reports the limit as the bad value here, the length for minItems.
      return invalid(
        field,
        params.limit,
        `${inBody} should have at least ${params.limit} properties`,
      );
    case 'minLength':
      return invalid(
        field,
        value,
        `${inBody} should be at least ${params.limit} chars long`,
      );
    case 'pattern':
      return invalid(
        field,
        value,
        `${inBody} should match '${params.pattern}'`,
      );
    case 'maximum':
      return invalid(
        field,
        value,
        `${inBody} should be less than or equal to ${params.limit}`,
      );
    case 'exclusiveMaximum':
      return invalid(
        field,
        value,
        `${inBody} should be less than ${params.limit}`,
      );
    case 'minimum':
      return invalid(
        field,
        value,
        `${inBody} should be greater than or equal to ${params.limit}`,
      );
    case 'exclusiveMinimum':
      return invalid(
        field,
        value,
        `${inBody} should be greater than ${params.limit}`,
      );
    case 'multipleOf':
      return invalid(
        field,
        value,
        `${inBody} should be a multiple of ${params.multipleOf}`,
      );
    case 'format':
      return {
        field,
        reason: 'FieldValueTypeInvalid',
        message: `Invalid value: ${badValue(
          value,
        )}: ${inBody} must be of type ${params.format}: ${JSON.stringify(
          String(value),
        )}`,
      };
    // kube-openapi names no field for these (`<nil>`); the field is named here. The int-or-string anyOf
    // of controller-gen, the only one in the CRDs used here, never gets this far (see forAjv).
    case 'anyOf':
      return invalid(
        field,
        '',
        `"${field}" must validate at least one schema (anyOf)`,
      );
    case 'oneOf':
      return invalid(
        field,
        '',
        `"${field}" must validate one and only one schema (oneOf)`,
      );
    case 'not':
      return invalid(
        field,
        '',
        `"${field}" must not validate the schema (not)`,
      );
    default:
      return invalid(
        field,
        value,
        `${inBody} ${error.message ?? 'is invalid'}`,
      );
  }
}

/**
 * The schema of one version of a CustomResourceDefinition, compiled once, to check custom resources as the
 * API server does before it stores them.
 *
 * @public
 */
export class CustomResourceSchema {
  private constructor(
    /** `group/version`, e.g. `serving.kserve.io/v1beta1`. */
    readonly apiVersion: string,
    readonly kind: string,
    private readonly schema: JsonObject,
    private readonly check: ValidateFunction,
  ) {}

  /**
   * Compiles the `openAPIV3Schema` of `version` (by default the storage version) of a
   * CustomResourceDefinition object (`apiextensions.k8s.io/v1`).
   */
  static fromDefinition(
    definition: unknown,
    version?: string,
  ): CustomResourceSchema {
    const spec = isObject(definition) ? definition.spec : undefined;
    if (!isObject(spec) || !Array.isArray(spec.versions)) {
      throw new TypeError(
        'Not a CustomResourceDefinition: it has no spec.versions',
      );
    }
    const versions = spec.versions.filter(isObject);
    const chosen = versions.find(v =>
      version === undefined ? v.storage === true : v.name === version,
    );
    const schema =
      isObject(chosen?.schema) && isObject(chosen.schema.openAPIV3Schema)
        ? chosen.schema.openAPIV3Schema
        : undefined;
    if (!chosen || !schema) {
      throw new TypeError(
        `The CustomResourceDefinition has no schema for version ${
          version ?? '(storage)'
        }`,
      );
    }
    const kind = isObject(spec.names) ? String(spec.names.kind) : '';
    const ajv = new Ajv({
      allErrors: true,
      // CRDs carry x-kubernetes-* and OpenAPI keywords ajv does not know; they do not validate anything.
      strict: false,
      useDefaults: true,
      logger: false,
      // Generated code compiles in half the time unoptimised, and runs fast enough.
      code: { optimize: false },
      formats: {
        'date-time': DATE_TIME,
        int32: true,
        int64: true,
        float: true,
        double: true,
        byte: true,
      },
    });
    return new CustomResourceSchema(
      `${String(spec.group)}/${String(chosen.name)}`,
      kind,
      schema,
      ajv.compile(shareRepeatedSubschemas(forAjv(schema) as JsonObject)),
    );
  }

  /**
   * The causes of the 422 the API server answers for `object`, in its words; none when the schema accepts it.
   * `metadata` is left to the caller: the API server checks it as ObjectMeta, not with this schema.
   */
  validate(object: unknown): CustomResourceFieldError[] {
    // Defaults fill a copy: the API server defaults, then validates, and the caller's object stays as written.
    const copy = structuredClone(object);
    if (this.check(copy)) return [];
    const errors: CustomResourceFieldError[] = [];
    const seen = new Set<string>();
    for (const error of this.check.errors ?? []) {
      const fieldError = toFieldError(error, copy);
      const key = `${fieldError.field}\u0000${fieldError.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      errors.push(fieldError);
    }
    return errors;
  }

  /**
   * The fields of `object` the schema does not declare (`spec.predictor.model.storageURI`), which the API
   * server drops with a warning, or refuses with `fieldValidation=Strict` as kubectl sends it.
   */
  unknownFields(object: unknown): string[] {
    const unknown: string[] = [];
    const walk = (value: unknown, schema: unknown, path: string) => {
      if (!isObject(schema)) return;
      // A value of the wrong type is validate()'s to report; its insides are not looked at.
      if (Array.isArray(value)) {
        if (schema.type !== 'array') return;
        value.forEach((item, i) => walk(item, schema.items, `${path}[${i}]`));
        return;
      }
      if (!isObject(value) || schema.type !== 'object') return;
      // An embedded object (a Pod template) keeps its apiVersion, kind and metadata whatever its schema lists.
      const embedded = schema['x-kubernetes-embedded-resource'] === true;
      const properties = isObject(schema.properties)
        ? schema.properties
        : undefined;
      const additional = schema.additionalProperties;
      const preserve = schema['x-kubernetes-preserve-unknown-fields'] === true;
      for (const [key, child] of Object.entries(value)) {
        const at = path ? `${path}.${key}` : key;
        if (embedded && ['apiVersion', 'kind', 'metadata'].includes(key)) {
          continue;
        }
        if (properties && key in properties) {
          walk(child, properties[key], at);
        } else if (isObject(additional)) {
          walk(child, additional, at);
        } else if (!preserve && additional !== true) {
          unknown.push(at);
        }
      }
    };
    if (!isObject(object)) return unknown;
    const rootProperties = isObject(this.schema.properties)
      ? this.schema.properties
      : {};
    for (const [key, value] of Object.entries(object)) {
      // apiVersion, kind and metadata are the API server's own (ObjectMeta), whatever the schema says.
      if (key === 'apiVersion' || key === 'kind' || key === 'metadata') {
        continue;
      }
      if (key in rootProperties) walk(value, rootProperties[key], key);
      else if (this.schema['x-kubernetes-preserve-unknown-fields'] !== true) {
        unknown.push(key);
      }
    }
    return unknown;
  }
}
