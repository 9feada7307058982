import { AccessRequest } from '@internal/plugin-lakehouse-common';
import {
  classificationsByColumn,
  columnName,
  describeClassification,
  entityName,
  formatDays,
  scorecardTodo,
  sortAccessRequests,
} from './governance';

describe('describeClassification', () => {
  it('names a declared classification by itself', () => {
    expect(
      describeClassification({
        column: 'email',
        classification: 'pii',
        origin: 'declared',
      }),
    ).toBe('pii');
  });

  it('says where an inherited classification comes from', () => {
    expect(
      describeClassification({
        column: 'email_domain',
        classification: 'pii',
        origin: 'inherited',
        from: [
          {
            entityRef: 'resource:default/lakehouse.raw.customers',
            column: 'email',
          },
          { entityRef: 'resource:default/lakehouse.raw.leads', column: 'mail' },
        ],
      }),
    ).toBe(
      'pii · inherited from lakehouse.raw.customers.email, lakehouse.raw.leads.mail',
    );
    expect(
      describeClassification({
        classification: 'pii',
        origin: 'inherited',
      }),
    ).toBe('pii · inherited');
  });
});

describe('names', () => {
  it('takes the name out of an entity ref, and leaves anything else alone', () => {
    expect(entityName('resource:default/lakehouse.raw.customers')).toBe(
      'lakehouse.raw.customers',
    );
    expect(entityName('')).toBe('');
    expect(
      columnName({ entityRef: 'resource:default/a.b.c', column: 'x' }),
    ).toBe('a.b.c.x');
    expect(columnName({ entityRef: 'resource:default/a.b.c' })).toBe('a.b.c');
    expect(formatDays(1)).toBe('1 day');
    expect(formatDays(30)).toBe('30 days');
  });
});

describe('classificationsByColumn', () => {
  it('groups classifications by column, the whole dataset under undefined', () => {
    const byColumn = classificationsByColumn([
      { column: 'email', classification: 'pii', origin: 'declared' },
      { column: 'email', classification: 'gdpr', origin: 'inherited' },
      { classification: 'confidential', origin: 'declared' },
    ]);
    expect(byColumn.get('email')?.map(c => c.classification)).toEqual([
      'pii',
      'gdpr',
    ]);
    expect(byColumn.get(undefined)?.map(c => c.classification)).toEqual([
      'confidential',
    ]);
  });
});

describe('sortAccessRequests', () => {
  const at = (id: string, state: AccessRequest['state'], createdAt: string) =>
    ({ id, state, createdAt } as AccessRequest);

  it('puts pending requests first, newest first within a state', () => {
    const sorted = sortAccessRequests([
      at('old-approved', 'approved', '2025-09-01T00:00:00Z'),
      at('old-pending', 'pending', '2025-09-01T00:00:00Z'),
      at('expired', 'expired', '2025-09-03T00:00:00Z'),
      at('new-pending', 'pending', '2025-09-02T00:00:00Z'),
    ]);
    expect(sorted.map(r => r.id)).toEqual([
      'new-pending',
      'old-pending',
      'old-approved',
      'expired',
    ]);
  });
});

describe('scorecardTodo', () => {
  it('says what a group has to do, in one sentence', () => {
    expect(
      scorecardTodo({
        entities: 8,
        documented: 0.75,
        staleDatasets: 2,
        pendingAccessRequests: 0,
      }),
    ).toBe('Describe 2 entities and refresh 2 stale datasets.');
    expect(
      scorecardTodo({
        entities: 1,
        documented: 1,
        staleDatasets: 0,
        pendingAccessRequests: 1,
      }),
    ).toBe('Decide 1 access request.');
    expect(
      scorecardTodo({
        entities: 3,
        documented: 1,
        staleDatasets: 0,
        pendingAccessRequests: 0,
      }),
    ).toBe('Nothing to do.');
  });
});
