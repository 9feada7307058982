/*
 * Turns what @kubernetes/client-node throws into errors a template author can act on. A non-2xx answer is an
 * ApiException whose body is the API server's `Status` (raw JSON text from KubernetesObjectApi): its message
 * is quoted as is, with the conflicting fields of `details.causes` listed, or for a 422 each invalid field on
 * a line of its own in the server's words; the error class follows the HTTP code (409 ConflictError, 403
 * NotAllowedError, 401 AuthenticationError, 422/400 InputError, 404 NotFoundError). Network failures name the
 * cluster and its URL. Taking the failure apart is
 * shared with the other lakehouse packages (parseKubernetesFailure of @internal/plugin-lakehouse-node); the
 * wording and error classes here are the scaffolder's.
 */
import {
  AuthenticationError,
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import {
  type KubernetesClusterDetails,
  parseKubernetesFailure,
} from '@internal/plugin-lakehouse-node';

/**
 * Describes a failed apply of `subject` (e.g. `InferenceService ml-serving/customer-churn`). `applied`
 * lists objects already applied for real in this run (they are not rolled back).
 */
export function describeApplyError(
  error: unknown,
  context: {
    subject: string;
    cluster: KubernetesClusterDetails;
    dryRun: boolean;
    applied: string[];
  },
): Error {
  const { subject, cluster, applied } = context;
  const stage = context.dryRun ? 'the server dry run of' : 'the apply of';
  const tail = applied.length
    ? ` Already applied before this failure (not rolled back): ${applied.join(
        ', ',
      )}.`
    : '';

  const failure = parseKubernetesFailure(error);
  if (failure.code !== undefined) {
    const code = failure.code;
    const serverMessage = failure.message ?? `HTTP ${code}`;
    const causes = failure.causes;
    const head = `Kubernetes refused ${stage} ${subject} on cluster "${cluster.name}"`;
    if (code === 409 && causes.some(c => c.reason === 'FieldManagerConflict')) {
      const fields = causes
        .filter(c => c.reason === 'FieldManagerConflict')
        .map(c => `${c.field} (${c.message})`)
        .join(', ');
      return new ConflictError(
        `${head} with a field manager conflict (409): ${serverMessage}. Conflicting fields: ${fields}. Another field manager owns these fields; change them through that manager or leave them out of the manifest.${tail}`,
      );
    }
    if (code === 409) {
      return new ConflictError(
        `${head} (409 Conflict): ${serverMessage}${tail}`,
      );
    }
    if (code === 403) {
      return new NotAllowedError(
        `${head} (403 Forbidden): ${serverMessage}${tail}`,
      );
    }
    if (code === 401) {
      return new AuthenticationError(
        `${head} (401 Unauthorized): the cluster refused the credentials; check serviceAccountToken of cluster "${cluster.name}" in kubernetes.clusterLocatorMethods.${tail}`,
      );
    }
    if (code === 422 || code === 400) {
      const fields = causes.filter(c => c.field);
      const status = `${head} (${code} ${failure.reason ?? 'Invalid'})`;
      if (!fields.length) {
        return new InputError(`${status}: ${serverMessage}.${tail}`);
      }
      // The server's message repeats every cause on one line, bracketed; one field a line reads better.
      const marker = ' is invalid';
      const lead = serverMessage.includes(`${marker}: `)
        ? serverMessage.slice(
            0,
            serverMessage.indexOf(`${marker}: `) + marker.length,
          )
        : serverMessage;
      return new InputError(
        `${status}: ${lead}:\n${fields
          .map(c => `- ${c.field}: ${c.message ?? c.reason ?? 'invalid'}`)
          .join('\n')}${tail ? `\n${tail.trim()}` : ''}`,
      );
    }
    if (code === 404) {
      return new NotFoundError(
        `${head} (404 Not Found): ${serverMessage}${tail}`,
      );
    }
    if (code === 503 || code === 502 || code === 504) {
      return new ServiceUnavailableError(
        `${head} (${code}): ${serverMessage}${tail}`,
      );
    }
    return new Error(`${head} (HTTP ${code}): ${serverMessage}${tail}`);
  }

  const message = failure.message;
  if (failure.networkCode) {
    return new ServiceUnavailableError(
      `Could not reach Kubernetes cluster "${cluster.name}" at ${cluster.url} (${failure.networkCode}) for ${stage} ${subject}: ${message}${tail}`,
    );
  }
  return new Error(
    `Failed ${stage} ${subject} on cluster "${cluster.name}" (${cluster.url}): ${message}${tail}`,
  );
}
