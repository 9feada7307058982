/*
 * What went wrong in a call of @kubernetes/client-node 1.x, in words an operator can act on. A refusal is an
 * ApiException whose body is the API server's `Status` (k8s.io/apimachinery pkg/apis/meta/v1: message,
 * reason, details.causes) as raw JSON text, or an object, or nothing at all: the generated APIs drop the body
 * of a 401. A failure to reach the server is a fetch error whose Node.js code (ECONNREFUSED, ENOTFOUND, ...)
 * sits on the error or on one of its causes.
 */
import { STATUS_CODES } from 'node:http';
import { ApiException } from '@kubernetes/client-node';
import type { KubernetesClusterDetails } from './clusters';

/**
 * One entry of a Status's `details.causes`.
 *
 * @public
 */
export interface KubernetesStatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

/**
 * A failed Kubernetes API call, taken apart.
 *
 * @public
 */
export interface KubernetesFailure {
  /** HTTP status code, when the API server (or a gateway in front of it) answered. */
  code?: number;
  /** `reason` of the Status body (`Forbidden`, `NotFound`, `Invalid`, ...). */
  reason?: string;
  /** `message` of the Status body, the body text when it was not a Status, or the network error's message. */
  message?: string;
  /** `details.causes` of the Status body. */
  causes: KubernetesStatusCause[];
  /** Node.js code of a network failure (`ECONNREFUSED`, `ENOTFOUND`, `ETIMEDOUT`, ...). */
  networkCode?: string;
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'EPIPE',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_SOCKET',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'CERT_HAS_EXPIRED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

interface StatusBody {
  kind?: string;
  message?: unknown;
  reason?: unknown;
  details?: { causes?: unknown };
}

function statusOf(body: unknown): StatusBody | undefined {
  if (typeof body === 'string') {
    const text = body.trim();
    if (!text) {
      return undefined;
    }
    try {
      return statusOf(JSON.parse(text));
    } catch {
      // A gateway's HTML or plain-text page: keep its beginning.
      return { message: text.length > 300 ? `${text.slice(0, 300)}…` : text };
    }
  }
  return typeof body === 'object' && body !== null
    ? (body as StatusBody)
    : undefined;
}

function networkCodeOf(error: unknown): string | undefined {
  let current: any = error;
  for (let depth = 0; current && depth < 5; depth++) {
    for (const candidate of [current.code, current.errno]) {
      if (typeof candidate === 'string' && NETWORK_CODES.has(candidate)) {
        return candidate;
      }
    }
    current = current.cause;
  }
  return undefined;
}

/**
 * Takes a failure of @kubernetes/client-node apart: the HTTP code and the Status of a refusal, or the
 * network code of a server that could not be reached.
 *
 * @public
 */
export function parseKubernetesFailure(error: unknown): KubernetesFailure {
  if (error instanceof ApiException) {
    const status = statusOf(error.body);
    const causes = Array.isArray(status?.details?.causes)
      ? (status!.details!.causes as KubernetesStatusCause[])
      : [];
    return {
      code: error.code,
      ...(typeof status?.reason === 'string' && status.reason
        ? { reason: status.reason }
        : {}),
      ...(typeof status?.message === 'string' && status.message
        ? { message: status.message }
        : {}),
      causes,
    };
  }
  const networkCode = networkCodeOf(error);
  return {
    message: error instanceof Error ? error.message : String(error),
    causes: [],
    ...(networkCode ? { networkCode } : {}),
  };
}

/**
 * A one-line account of a failed call to `cluster`, naming the cluster and its URL, and for a refusal the
 * HTTP code, the reason and the API server's message (with the invalid fields of a 422), for a network
 * failure its code. Meant to be reported as the cause of whatever the caller was doing.
 *
 * @public
 */
export function describeKubernetesError(
  error: unknown,
  cluster: KubernetesClusterDetails,
): string {
  const failure = parseKubernetesFailure(error);
  const where = `Kubernetes cluster "${cluster.name}" (${cluster.url})`;
  if (failure.code !== undefined) {
    const reason = failure.reason ?? STATUS_CODES[failure.code] ?? 'Error';
    const message = failure.message ?? reason;
    const fields = failure.causes.filter(c => c.field);
    let text = `${where} answered HTTP ${failure.code} ${reason}: ${message}`;
    if (fields.length) {
      text += ` (fields: ${fields
        .map(c => `${c.field}: ${c.message ?? c.reason ?? 'invalid'}`)
        .join('; ')})`;
    }
    if (failure.code === 401) {
      text += `. The cluster did not accept the credentials: check serviceAccountToken${
        cluster.configPath ? ` at ${cluster.configPath}` : ''
      }`;
    } else if (failure.code === 403) {
      text +=
        '. The service account lacks the RBAC permission for this request';
    }
    return text;
  }
  if (failure.networkCode) {
    return `Could not reach Kubernetes cluster "${cluster.name}" at ${cluster.url} (${failure.networkCode}): ${failure.message}`;
  }
  return `Request to ${where} failed: ${failure.message}`;
}
