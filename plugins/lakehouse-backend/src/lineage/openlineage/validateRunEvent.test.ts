import { InputError } from '@backstage/errors';
import exampleFullEvent from './__fixtures__/example_full_event.json';
import dbtEvents from './__fixtures__/dbt_postgres_events.json';
import columnLineageFacet from './__fixtures__/ColumnLineageDatasetFacet_1.json';
import { validateRunEvent } from './validateRunEvent';

const copy = <T>(value: T): T => structuredClone(value);

/** Why validateRunEvent refuses a body, or '' when it accepts it. */
function refusal(body: unknown): string {
  try {
    validateRunEvent(body);
    return '';
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as Error).message;
  }
}

describe('validateRunEvent', () => {
  it('accepts the OpenLineage client example and every dbt-ol event', () => {
    expect(validateRunEvent(copy(exampleFullEvent)).run.runId).toBe(
      'ea041791-68bc-4ae1-bd89-4c8106a157e4',
    );
    for (const event of dbtEvents) {
      expect(refusal(copy(event))).toBe('');
    }
  });

  it('accepts the spec example of a columnLineage facet on an output', () => {
    const event = copy(exampleFullEvent) as any;
    event.outputs[0].facets = columnLineageFacet;
    expect(refusal(event)).toBe('');
  });

  it('names a missing eventTime and a runId that is not a UUID', () => {
    const event = copy(exampleFullEvent) as any;
    delete event.eventTime;
    event.run.runId = '{{ any(result) }}';
    const message = refusal(event);
    expect(message).toContain("must have required property 'eventTime'");
    expect(message).toContain('/run/runId must match format "uuid"');
  });

  it('names wrong types and unknown event types by their path', () => {
    const event = copy(exampleFullEvent) as any;
    event.job.name = 42;
    event.inputs = { name: 'x' };
    event.eventType = 'DONE';
    const message = refusal(event);
    expect(message).toContain('/job/name must be string');
    expect(message).toContain('/inputs must be array');
    expect(message).toContain(
      '/eventType must be equal to one of the allowed values: START, RUNNING, COMPLETE, ABORT, FAIL, OTHER',
    );
    expect(message).not.toContain('anyOf');
  });

  it('refuses an event time without a time zone, as RFC 3339 does', () => {
    const event = copy(exampleFullEvent) as any;
    event.eventTime = '2020-12-28T19:51:01';
    expect(refusal(event)).toContain(
      '/eventTime must match format "date-time"',
    );
  });

  it('refuses a columnLineage facet that breaks the facet schema', () => {
    const event = copy(exampleFullEvent) as any;
    const facet = copy(columnLineageFacet) as any;
    delete facet.columnLineage.fields.NAME.inputFields[1].field;
    facet.columnLineage.fields.AMOUNT_OFF.inputFields = 'CUSTOMERS.ID';
    event.outputs[0].facets = facet;
    const message = refusal(event);
    expect(message).toContain(
      "/outputs/0/facets/columnLineage/fields/NAME/inputFields/1 must have required property 'field'",
    );
    expect(message).toContain(
      '/outputs/0/facets/columnLineage/fields/AMOUNT_OFF/inputFields must be array',
    );
  });

  it('refuses a facet without the producer every facet names', () => {
    const event = copy(exampleFullEvent) as any;
    delete event.outputs[0].facets.schema._producer;
    expect(refusal(event)).toContain(
      "/outputs/0/facets/schema must have required property '_producer'",
    );
  });

  it('refuses bodies that are not an object', () => {
    expect(refusal([copy(exampleFullEvent)])).toBe(
      'Invalid OpenLineage RunEvent: the body must be a JSON object, not an array',
    );
    expect(refusal('COMPLETE')).toContain('not string');
    expect(refusal(null)).toContain('not null');
  });

  it('refuses a job event, which has no run', () => {
    const event = copy(exampleFullEvent) as any;
    delete event.run;
    expect(refusal(event)).toContain("must have required property 'run'");
  });
});
