/*
 * Reads and checks management API request bodies and path names the way Polaris does, against the schemas of
 * its OpenAPI spec (schema/polaris-management-service.schemas.json). Polaris deserializes bodies with Jackson into
 * classes generated from the spec (jaxrs-resteasy generator, useBeanValidation) and then runs Bean Validation on
 * the method's arguments, so a request is refused in two stages (apache/polaris at 4b4218638308):
 * - Jackson, first problem only: bad JSON (JsonParseException, "Invalid JSON: " prefix), a value of the wrong
 *   JSON kind (MismatchedInputException), a string outside an enum (InvalidFormatException), a grant whose
 *   `type` is missing or unknown (InvalidTypeIdException: GrantResource is polymorphic on `type`). Unknown
 *   properties are ignored (FAIL_ON_UNKNOWN_PROPERTIES is off) and scalars are coerced to the declared type.
 * - Bean Validation, every violation: required properties (@NotNull "must not be null"), name lengths (@Size
 *   "size must be between 1 and 256") and the name pattern (@Pattern `must match "<regexp>"`), reported as
 *   ResteasyReactiveViolationException "Invalid value: <operationId>.arg<N>.<property path>: <message>", N
 *   being the parameter's position in the Java method (path parameters, then query, then the body).
 * Both answer 400 (IcebergJsonProcessingExceptionMapper, IcebergConstraintViolationExceptionMapper). An absent
 * body is no error here: the service then dereferences null (see the operations).
 */
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import document from './schema/polaris-management-service.schemas.json';
import { PolarisError } from './errors';

/** The request body schemas of the operations the double serves. */
export type RequestBodySchema =
  | 'CreatePrincipalRequest'
  | 'CreatePrincipalRoleRequest'
  | 'CreateCatalogRoleRequest'
  | 'GrantPrincipalRoleRequest'
  | 'GrantCatalogRoleRequest'
  | 'AddGrantRequest'
  | 'RevokeGrantRequest';

/** Where an argument sits in the Java method, for violation paths. */
export interface ArgumentPosition {
  /** The spec's operationId (the Java method name). */
  operation: string;
  /** Position of the argument among the method's parameters. */
  index: number;
}

type SchemaObject = Record<string, unknown>;

const SCHEMAS = document.components.schemas as Record<string, SchemaObject>;
const DOCUMENT_ID = 'polaris-management-service';
const MODEL_PACKAGE = 'org.apache.polaris.core.admin.model';

/** The subtype of each grant `type` (GrantResource's discriminator mapping). */
const GRANT_SUBTYPES: Record<string, string> = {
  catalog: 'CatalogGrant',
  namespace: 'NamespaceGrant',
  table: 'TableGrant',
  view: 'ViewGrant',
  policy: 'PolicyGrant',
};

/** Names of entities in paths follow the same rules as the `name` of entities in bodies. */
const NAME_SCHEMA_REF = `${DOCUMENT_ID}#/components/schemas/CatalogRole/properties/name`;

const schemaNames = new Map<unknown, string>(
  Object.entries(SCHEMAS).map(([name, schema]) => [schema, name]),
);

let ajv: Ajv | undefined;

function validator(ref: string): ValidateFunction {
  if (!ajv) {
    ajv = new Ajv({
      allErrors: true,
      // Jackson turns 5 into "5" and "true" into true; only other kinds are refused.
      coerceTypes: true,
      // parentSchema tells which generated class a refused value was meant for.
      verbose: true,
      // int64 and password are OpenAPI formats Jackson does not check.
      validateFormats: false,
      // The spec's allOf branches leave out `type`, as OpenAPI allows.
      strictTypes: false,
    });
    // OpenAPI words that are not JSON Schema: the schemas' container and annotations.
    for (const keyword of [
      'components',
      'discriminator',
      'example',
      'x-polaris-skip-valid-annotation',
    ]) {
      ajv.addKeyword(keyword);
    }
    ajv.addSchema(document, DOCUMENT_ID);
  }
  return ajv.getSchema(ref)!;
}

function schemaRef(name: string): string {
  return `${DOCUMENT_ID}#/components/schemas/${name}`;
}

/**
 * Parses and checks a request body. Answers null for an empty body. Throws the PolarisError of the first
 * Jackson problem, else one listing every Bean Validation violation (with `pathViolations` in front).
 */
export function readRequestBody(
  text: string | undefined,
  schema: RequestBodySchema,
  at: ArgumentPosition,
  pathViolations: string[] = [],
): SchemaObject | null {
  let body: unknown = null;
  if (text !== undefined && text.trim() !== '') {
    try {
      body = JSON.parse(text);
    } catch (e) {
      throw new PolarisError(
        400,
        'JsonParseException',
        `Invalid JSON: ${(e as Error).message}`,
      );
    }
  }
  if (body === null) {
    throwViolations(pathViolations);
    return null;
  }
  const violations = [...pathViolations];
  if (schema === 'AddGrantRequest' || schema === 'RevokeGrantRequest') {
    checkGrantRequest(body, schema, at, violations);
  } else {
    check(schemaRef(schema), body, '', at, violations);
  }
  throwViolations(violations);
  return body as SchemaObject;
}

/** The violations of the entity names in a request's path, each with its argument position. */
export function pathNameViolations(
  operation: string,
  names: string[],
): string[] {
  const validate = validator(NAME_SCHEMA_REF);
  const violations: string[] = [];
  names.forEach((name, index) => {
    if (!validate(name)) {
      for (const error of validate.errors ?? []) {
        const message = violationMessage(error);
        if (message) {
          violations.push(`${operation}.arg${index}: ${message}`);
        }
      }
    }
  });
  return violations;
}

function throwViolations(violations: string[]): void {
  if (violations.length) {
    throw new PolarisError(
      400,
      'ResteasyReactiveViolationException',
      `Invalid value: ${violations.join(', ')}`,
    );
  }
}

/** Add/RevokeGrantRequest: `grant` is read as the subtype its `type` names. */
function checkGrantRequest(
  body: unknown,
  schema: RequestBodySchema,
  at: ArgumentPosition,
  violations: string[],
): void {
  if (!isObject(body)) {
    throw mismatchedInput(`${MODEL_PACKAGE}.${schema}`, body);
  }
  const grant = body.grant;
  if (grant === undefined || grant === null) {
    return;
  }
  if (!isObject(grant)) {
    throw mismatchedInput(`${MODEL_PACKAGE}.GrantResource`, grant);
  }
  const type = grant.type;
  if (type === undefined || type === null) {
    throw new PolarisError(
      400,
      'InvalidTypeIdException',
      `Could not resolve subtype of [simple type, class ${MODEL_PACKAGE}.GrantResource]: missing type id property 'type' (for POJO property 'grant')`,
    );
  }
  const subtype = GRANT_SUBTYPES[String(type)];
  if (!subtype) {
    throw new PolarisError(
      400,
      'InvalidTypeIdException',
      `Could not resolve type id '${String(
        type,
      )}' as a subtype of \`${MODEL_PACKAGE}.GrantResource\`: known type ids = [${Object.keys(
        GRANT_SUBTYPES,
      )
        .sort()
        .join(', ')}] (for POJO property 'grant')`,
    );
  }
  check(schemaRef(subtype), grant, '/grant', at, violations);
}

/**
 * Validates `value` against the schema at `ref`; throws on the first Jackson problem and adds the Bean
 * Validation violations to `violations`.
 */
function check(
  ref: string,
  value: unknown,
  prefix: string,
  at: ArgumentPosition,
  violations: string[],
): void {
  dropNulls(value);
  const validate = validator(ref);
  if (validate(value)) {
    return;
  }
  const errors = validate.errors ?? [];
  const jackson = errors.find(
    e => e.keyword === 'type' || e.keyword === 'enum',
  );
  if (jackson) {
    throw jacksonError(jackson);
  }
  for (const error of errors) {
    const message = violationMessage(error);
    if (message) {
      const path = propertyPath(`${prefix}${error.instancePath}`, error);
      violations.push(
        `${at.operation}.arg${at.index}${path ? `.${path}` : ''}: ${message}`,
      );
    }
  }
}

/** Jackson reads an explicit null as an absent value: only Bean Validation may refuse it. */
function dropNulls(value: unknown): void {
  if (Array.isArray(value)) {
    value.forEach(dropNulls);
  } else if (isObject(value)) {
    for (const [key, item] of Object.entries(value)) {
      if (item === null) {
        delete value[key];
      } else {
        dropNulls(item);
      }
    }
  }
}

/** `grant.namespace[0]` from `/grant/namespace/0`, with the missing property of a `required` error. */
function propertyPath(instancePath: string, error: ErrorObject): string {
  const parts = instancePath.split('/').filter(Boolean);
  if (error.keyword === 'required') {
    parts.push(String(error.params.missingProperty));
  }
  return parts
    .map(part => (/^\d+$/.test(part) ? `[${part}]` : `.${part}`))
    .join('')
    .replace(/^\./, '');
}

/** Hibernate Validator's default message for the constraint the generator put on the property. */
function violationMessage(error: ErrorObject): string | undefined {
  const schema = (error.parentSchema ?? {}) as SchemaObject;
  switch (error.keyword) {
    case 'required':
      return 'must not be null';
    case 'minLength':
    case 'maxLength':
      return `size must be between ${schema.minLength ?? 0} and ${
        schema.maxLength ?? 2147483647
      }`;
    case 'pattern':
      return `must match "${String(error.params.pattern)}"`;
    default:
      return undefined;
  }
}

function jacksonError(error: ErrorObject): PolarisError {
  const schema = (error.parentSchema ?? {}) as SchemaObject;
  if (error.keyword === 'enum') {
    const values = (error.params.allowedValues as unknown[]).join(', ');
    return new PolarisError(
      400,
      'InvalidFormatException',
      `Cannot deserialize value of type \`${javaType(
        schema,
      )}\` from String ${JSON.stringify(
        String(error.data),
      )}: not one of the values accepted for Enum class: [${values}]`,
    );
  }
  return mismatchedInput(javaType(schema), error.data);
}

function mismatchedInput(type: string, value: unknown): PolarisError {
  const [kind, token] = jsonKind(value);
  return new PolarisError(
    400,
    'MismatchedInputException',
    `Cannot deserialize value of type \`${type}\` from ${kind} value (token \`JsonToken.${token}\`)`,
  );
}

/** The Java type the generator made for a schema. */
function javaType(schema: SchemaObject): string {
  const name = schemaNames.get(schema);
  if (name) {
    return `${MODEL_PACKAGE}.${name}`;
  }
  switch (schema.type) {
    case 'string':
      return 'java.lang.String';
    case 'boolean':
      return 'java.lang.Boolean';
    case 'integer':
      return schema.format === 'int64' ? 'java.lang.Long' : 'java.lang.Integer';
    case 'array':
      return `java.util.ArrayList<${javaType(
        (schema.items ?? {}) as SchemaObject,
      )}>`;
    case 'object':
      return 'java.util.LinkedHashMap<java.lang.String,java.lang.String>';
    default:
      return 'java.lang.Object';
  }
}

/** How Jackson names the JSON value it could not read, and its token. */
function jsonKind(value: unknown): [string, string] {
  if (Array.isArray(value)) {
    return ['Array', 'START_ARRAY'];
  }
  switch (typeof value) {
    case 'object':
      return ['Object', 'START_OBJECT'];
    case 'string':
      return ['String', 'VALUE_STRING'];
    case 'number':
      return Number.isInteger(value)
        ? ['Integer', 'VALUE_NUMBER_INT']
        : ['Floating-point', 'VALUE_NUMBER_FLOAT'];
    case 'boolean':
      return ['Boolean', value ? 'VALUE_TRUE' : 'VALUE_FALSE'];
    default:
      return ['Null', 'VALUE_NULL'];
  }
}

function isObject(value: unknown): value is SchemaObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
