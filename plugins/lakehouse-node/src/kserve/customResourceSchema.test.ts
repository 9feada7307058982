/*
 * CustomResourceSchema answers what the Kubernetes API server answers for a custom resource. The expected
 * messages are those of apiextensions-apiserver's own tests of ValidateCustomResource
 * (pkg/apiserver/validation/validation_test.go) and of API server 422s seen for CRDs.
 */
import { CustomResourceSchema } from './customResourceSchema';

/** A CustomResourceDefinition whose `spec` has the given properties. */
function definition(spec: Record<string, unknown>, required: string[] = []) {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    spec: {
      group: 'example.dev',
      names: { kind: 'Widget' },
      versions: [
        { name: 'v1alpha1', served: true, storage: false },
        {
          name: 'v1',
          served: true,
          storage: true,
          schema: {
            openAPIV3Schema: {
              type: 'object',
              properties: {
                apiVersion: { type: 'string' },
                kind: { type: 'string' },
                metadata: { type: 'object' },
                spec: {
                  type: 'object',
                  required,
                  properties: spec,
                },
              },
            },
          },
        },
      ],
    },
  };
}

const schema = CustomResourceSchema.fromDefinition(
  definition(
    {
      replicas: { type: 'integer', format: 'int32', minimum: 0, maximum: 10 },
      mode: { type: 'string', enum: ['Standard', 'Knative'] },
      size: { type: 'integer', enum: [1, 2] },
      name: { type: 'string', minLength: 1, maxLength: 5 },
      memory: {
        anyOf: [{ type: 'integer' }, { type: 'string' }],
        pattern: '^[0-9]+(Mi|Gi)?$',
        'x-kubernetes-int-or-string': true,
      },
      ports: {
        type: 'array',
        minItems: 1,
        maxItems: 2,
        'x-kubernetes-list-type': 'atomic',
        items: {
          type: 'object',
          // A required field with a default: the API server defaults it before it validates.
          required: ['port', 'protocol'],
          properties: {
            port: { type: 'integer' },
            protocol: { type: 'string', default: 'TCP' },
          },
        },
      },
      labels: { type: 'object', additionalProperties: { type: 'string' } },
      config: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
      since: { type: 'string', format: 'date-time' },
    },
    ['mode'],
  ),
);

const widget = (spec: Record<string, unknown>) => ({
  apiVersion: 'example.dev/v1',
  kind: 'Widget',
  metadata: { name: 'w', anything: 'the API server checks metadata itself' },
  spec,
});

describe('CustomResourceSchema', () => {
  it('compiles the storage version and names it', () => {
    expect(schema.apiVersion).toBe('example.dev/v1');
    expect(schema.kind).toBe('Widget');
    expect(() =>
      CustomResourceSchema.fromDefinition(definition({}), 'v1alpha1'),
    ).toThrow(
      'The CustomResourceDefinition has no schema for version v1alpha1',
    );
  });

  it('accepts what the schema allows, int-or-string either way', () => {
    expect(
      schema.validate(
        widget({
          mode: 'Standard',
          replicas: 3,
          memory: '512Mi',
          ports: [{ port: 8080 }],
          labels: { team: 'ml' },
          config: { free: { form: true } },
          since: '2025-06-01T10:00:00Z',
        }),
      ),
    ).toEqual([]);
    expect(schema.validate(widget({ mode: 'Knative', memory: 1024 }))).toEqual(
      [],
    );
  });

  it('names a missing field "Required value", nested in lists too', () => {
    expect(schema.validate(widget({ ports: [{ protocol: 'UDP' }] }))).toEqual([
      {
        field: 'spec.mode',
        reason: 'FieldValueRequired',
        message: 'Required value',
      },
      {
        field: 'spec.ports[0].port',
        reason: 'FieldValueRequired',
        message: 'Required value',
      },
    ]);
  });

  it('reports a wrong type with the type found, and an unsupported value with the supported ones', () => {
    expect(
      schema.validate(widget({ mode: 'Serverless', size: 'x', replicas: '3' })),
    ).toEqual([
      {
        field: 'spec.replicas',
        reason: 'FieldValueTypeInvalid',
        message:
          'Invalid value: "string": spec.replicas in body must be of type integer: "string"',
      },
      {
        field: 'spec.mode',
        reason: 'FieldValueNotSupported',
        message:
          'Unsupported value: "Serverless": supported values: "Standard", "Knative"',
      },
      {
        field: 'spec.size',
        reason: 'FieldValueTypeInvalid',
        message:
          'Invalid value: "string": spec.size in body must be of type integer: "string"',
      },
      {
        field: 'spec.size',
        reason: 'FieldValueNotSupported',
        message: 'Unsupported value: "x": supported values: "1", "2"',
      },
    ]);
  });

  it('words limits, patterns and formats as kube-openapi does', () => {
    const causes = schema.validate(
      widget({
        mode: 'Standard',
        replicas: 12,
        name: 'far-too-long',
        memory: '1 Gi',
        ports: [],
        since: 'yesterday',
      }),
    );
    expect(causes.map(c => `${c.field}: ${c.message}`)).toEqual([
      'spec.replicas: Invalid value: 12: spec.replicas in body should be less than or equal to 10',
      'spec.name: Too long: may not be more than 5 bytes',
      `spec.memory: Invalid value: "1 Gi": spec.memory in body should match '^[0-9]+(Mi|Gi)?$'`,
      'spec.ports: Invalid value: 0: spec.ports in body should have at least 1 items',
      'spec.since: Invalid value: "yesterday": spec.since in body must be of type date-time: "yesterday"',
    ]);
    expect(
      schema.validate(
        widget({
          mode: 'Standard',
          name: '',
          ports: [{ port: 1 }, { port: 2 }, { port: 3 }],
        }),
      ),
    ).toEqual([
      {
        field: 'spec.name',
        reason: 'FieldValueInvalid',
        message:
          'Invalid value: "": spec.name in body should be at least 1 chars long',
      },
      {
        field: 'spec.ports',
        reason: 'FieldValueTooMany',
        message: 'Too many: 3: must have at most 2 items',
      },
    ]);
  });

  it('takes int-or-string as the type integer,string', () => {
    expect(schema.validate(widget({ mode: 'Standard', memory: true }))).toEqual(
      [
        {
          field: 'spec.memory',
          reason: 'FieldValueTypeInvalid',
          message:
            'Invalid value: "boolean": spec.memory in body must be of type integer,string: "boolean"',
        },
      ],
    );
  });

  it('fills defaults before validating, in a copy: the object stays as written', () => {
    const object = widget({ mode: 'Standard', ports: [{ port: 80 }] });
    expect(schema.validate(object)).toEqual([]);
    expect(object.spec.ports).toEqual([{ port: 80 }]);
  });

  it('lists the fields the schema does not declare, which the API server would drop', () => {
    expect(
      schema.unknownFields(
        widget({
          mode: 'Standard',
          replica: 3,
          ports: [{ port: 80, protocl: 'TCP' }],
          labels: { any: 'key' },
          config: { free: 'form' },
        }),
      ),
    ).toEqual(['spec.replica', 'spec.ports[0].protocl']);
    expect(
      schema.unknownFields({ ...widget({ mode: 'Standard' }), extra: 1 }),
    ).toEqual(['extra']);
  });
});
