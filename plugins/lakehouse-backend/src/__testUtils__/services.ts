import { mockServices } from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  EvaluatePermissionRequest,
} from '@backstage/plugin-permission-common';

/** A permission service that denies what `deny` names (by permission name or resource ref). */
export function permissionsDenying(deny: string[] = []) {
  return mockServices.permissions.mock({
    authorize: async (requests: EvaluatePermissionRequest[]) =>
      requests.map(r => ({
        result:
          deny.includes(r.permission.name) ||
          deny.includes((r as { resourceRef?: string }).resourceRef ?? '')
            ? AuthorizeResult.DENY
            : AuthorizeResult.ALLOW,
      })) as any,
  });
}

/** An audit event as a test sees it: what was created, and how it ended. */
export interface RecordedAuditEvent {
  eventId: string;
  meta?: Record<string, unknown>;
  outcome?: 'success' | 'fail';
  /** The meta given on success or failure. */
  result?: Record<string, unknown>;
  error?: string;
  [key: string]: unknown;
}

/** An auditor that keeps every event it is given, with its outcome. */
export function recordingAuditor() {
  const auditor = mockServices.auditor.mock();
  const events: RecordedAuditEvent[] = [];
  auditor.createEvent.mockImplementation(async (event: any) => {
    const record: RecordedAuditEvent = { ...event, request: undefined };
    events.push(record);
    return {
      success: async (o?: any) => {
        record.outcome = 'success';
        record.result = o?.meta;
      },
      fail: async (o: any) => {
        record.outcome = 'fail';
        record.result = o.meta;
        record.error = o.error.message;
      },
    };
  });
  // Loosely typed: tests read whatever their events carry.
  return { auditor, events: events as any[] };
}
