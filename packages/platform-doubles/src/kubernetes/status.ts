/*
 * `Status` error bodies as the Kubernetes API server writes them (k8s.io/apimachinery/pkg/api/errors and
 * pkg/apis/meta/v1 types.go): `{kind:"Status", apiVersion:"v1", metadata:{}, status:"Failure", message,
 * reason, details{name, group, kind, causes[{reason, message, field}]}, code}`. Empty fields are omitted as
 * Go's `omitempty` does (no `group` for the core API group, no `details` when there is nothing to say).
 */

/** One cause of a Status (wire name of Go's `StatusCause.Type` is `reason`). */
export interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

/** Details of a Status. */
export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  causes?: StatusCause[];
}

/** A Kubernetes `Status` object. */
export interface KubernetesStatus {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure';
  message?: string;
  reason?: string;
  details?: StatusDetails;
  code: number;
}

function compactDetails(details?: StatusDetails): StatusDetails | undefined {
  if (!details) {
    return undefined;
  }
  const out: StatusDetails = {};
  if (details.name) out.name = details.name;
  if (details.group) out.group = details.group;
  if (details.kind) out.kind = details.kind;
  if (details.causes?.length) out.causes = details.causes;
  return Object.keys(out).length ? out : undefined;
}

/** Builds a failure Status. */
export function failureStatus(
  code: number,
  reason: string,
  message: string,
  details?: StatusDetails,
): KubernetesStatus {
  const compact = compactDetails(details);
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    ...(compact ? { details: compact } : {}),
    code,
  };
}

/** An error the handler turns into a Status response. */
export class StatusError extends Error {
  constructor(readonly status: KubernetesStatus) {
    super(status.message);
  }

  get code(): number {
    return this.status.code;
  }
}

/** Throws a failure Status. */
export function fail(
  code: number,
  reason: string,
  message: string,
  details?: StatusDetails,
): never {
  throw new StatusError(failureStatus(code, reason, message, details));
}

const DEFAULT_REASONS: Record<number, [string, string]> = {
  400: ['BadRequest', 'the server rejected our request for an unknown reason'],
  401: ['Unauthorized', 'Unauthorized'],
  403: ['Forbidden', 'forbidden'],
  404: ['NotFound', 'the server could not find the requested resource'],
  405: [
    'MethodNotAllowed',
    'the server does not allow this method on the requested resource',
  ],
  409: ['Conflict', 'the server reported a conflict'],
  410: ['Expired', 'the resource version is too old'],
  415: ['UnsupportedMediaType', 'the server does not support the media type'],
  422: [
    'Invalid',
    'the server rejected our request due to an error in our request',
  ],
  429: [
    'TooManyRequests',
    'the server has received too many requests and has asked us to try again later',
  ],
  500: [
    'InternalError',
    'an error on the server ("") has prevented the request from succeeding',
  ],
  503: [
    'ServiceUnavailable',
    'the server is currently unable to handle the request',
  ],
  504: [
    'Timeout',
    'the server was unable to return a response in the time allotted, but may still be processing the request',
  ],
};

/** The Status body a real API server (or the gateway in front of it) sends for `code`. */
export function defaultStatusBody(code: number): string {
  const [reason, message] = DEFAULT_REASONS[code] ?? [
    code >= 500 ? 'InternalError' : 'BadRequest',
    `the server responded with the status code ${code} but did not return more information`,
  ];
  return JSON.stringify(failureStatus(code, reason, message));
}

/** `field.ErrorList` rendering of an Invalid error: `Kind.group "name" is invalid: [a, b]`. */
export function invalid(
  qualifiedKind: { kind: string; group: string },
  name: string,
  causes: StatusCause[],
): never {
  const kindText = qualifiedKind.group
    ? `${qualifiedKind.kind}.${qualifiedKind.group}`
    : qualifiedKind.kind;
  const rendered = causes.map(c => `${c.field}: ${c.message}`);
  const list = rendered.length === 1 ? rendered[0] : `[${rendered.join(', ')}]`;
  return fail(422, 'Invalid', `${kindText} "${name}" is invalid: ${list}`, {
    name,
    group: qualifiedKind.group,
    kind: qualifiedKind.kind,
    causes,
  });
}
