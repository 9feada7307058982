import type { NotificationSendOptions } from '@backstage/plugin-notifications-node';
import { AccessRequest } from '@internal/plugin-lakehouse-common';

/** The page of an access request in the portal. */
export function accessRequestLink(id: string): string {
  return `/lakehouse/access-requests?id=${encodeURIComponent(id)}`;
}

const days = (n: number) => `${n} ${n === 1 ? 'day' : 'days'}`;

/** Tells a dataset's owners that someone asks to read it. */
export function requestedNotification(
  request: AccessRequest,
  ownerRef: string,
  datasetTitle: string,
): NotificationSendOptions {
  return {
    recipients: {
      type: 'entity',
      entityRef: ownerRef,
      excludeEntityRef: request.requestedBy,
    },
    payload: {
      title: `Access request for ${datasetTitle}`,
      description: `${request.requestedBy} asks to read ${
        request.table
      } for ${days(request.durationDays)}: ${request.reason}`,
      link: accessRequestLink(request.id),
      severity: 'normal',
      topic: 'lakehouse-access-request',
      scope: `access-request:${request.id}`,
    },
  };
}

/** Tells the requester how their request was decided, or that access ran out. */
export function requesterNotification(
  request: AccessRequest,
): NotificationSendOptions {
  const comment = request.comment ? ` (${request.comment})` : '';
  const says: Record<string, { title: string; description: string }> = {
    approved: {
      title: `Read access to ${request.table} approved`,
      description: `${request.decidedBy} approved your request${comment}; it runs until ${request.expiresAt}.`,
    },
    rejected: {
      title: `Read access to ${request.table} rejected`,
      description: `${request.decidedBy} rejected your request${comment}.`,
    },
    expired: {
      title: `Read access to ${request.table} expired`,
      description: `Your access ran out at ${request.expiresAt} and was revoked in Polaris.`,
    },
  };
  const { title, description } = says[request.state] ?? says.expired;
  return {
    recipients: { type: 'entity', entityRef: request.requestedBy },
    payload: {
      title,
      description,
      link: accessRequestLink(request.id),
      severity: request.state === 'rejected' ? 'normal' : 'low',
      topic: 'lakehouse-access-request',
      scope: `access-request:${request.id}:${request.state}`,
    },
  };
}
