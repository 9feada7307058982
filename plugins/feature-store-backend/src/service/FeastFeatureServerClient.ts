import { CustomErrorBase } from '@backstage/errors';
import { z } from 'zod';

/** A join key value as sent to Feast: int64 keys as bigint so that no digit is lost. */
export type FeastEntityValue = string | number | bigint | boolean;

/** The body of Feast's `POST /get-online-features`. */
export type FeastOnlineFeaturesRequest = {
  entities: Record<string, FeastEntityValue[]>;
  fullFeatureNames: boolean;
} & ({ features: string[] } | { featureService: string });

const responseSchema = z.object({
  metadata: z.object({ feature_names: z.array(z.string()) }),
  results: z.array(
    z.object({
      values: z.array(z.unknown()),
      statuses: z.array(z.string()),
      event_timestamps: z.array(z.string()).optional(),
    }),
  ),
});

/** Feast's answer: one result per name of `metadata.feature_names`, join keys first. */
export type FeastOnlineFeaturesResponse = z.infer<typeof responseSchema>;

/**
 * The feature server failed or could not be reached: 502, or 504 after the
 * timeout, with the server's URL, its status and Feast's own message.
 */
export class FeatureServerError extends CustomErrorBase {
  name = 'FeatureServerError' as const;
  readonly statusCode: number;

  constructor(message: string, statusCode = 502, cause?: unknown) {
    super(message, cause);
    this.statusCode = statusCode;
  }
}

/** JSON text of a request body, with bigint values written as exact integers. */
function toJson(value: unknown): string {
  const marker = '\u0000bigint:';
  return JSON.stringify(value, (_key, v) =>
    typeof v === 'bigint' ? `${marker}${v}` : v,
  ).replace(/"\\u0000bigint:(-?\d+)"/g, '$1');
}

/** JSON.parse that keeps integers beyond 2^53 as their decimal text. */
function parseJson(text: string): unknown {
  return JSON.parse(text, (_key, value, context?: { source?: string }) =>
    typeof value === 'number' &&
    !Number.isSafeInteger(value) &&
    context?.source !== undefined &&
    /^-?\d+$/.test(context.source)
      ? context.source
      : value,
  );
}

/**
 * Feast's message from an error body. The Python server answers a JSON
 * string: a FeastError's `{"module", "class", "message"}` encoded as JSON
 * inside it, or the text of any other exception; FastAPI answers
 * `{"detail": "..."}` or, for a body it refuses, `{"detail": [{loc, msg}]}`;
 * the Go server `{"error": "...", "status_code": n}`.
 */
export function feastErrorMessage(text: string): string {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return text.trim().slice(0, 500) || '(empty body)';
  }
  if (typeof body === 'string') {
    try {
      const detail = JSON.parse(body);
      if (detail && typeof detail.message === 'string') {
        return typeof detail.class === 'string'
          ? `${detail.class}: ${detail.message}`
          : detail.message;
      }
    } catch {
      // Not a FeastError: the exception's text itself.
    }
    return body;
  }
  if (body && typeof body === 'object') {
    const { detail, error } = body as { detail?: unknown; error?: unknown };
    if (typeof detail === 'string') return detail;
    if (Array.isArray(detail)) {
      return detail
        .map(d => {
          const loc = Array.isArray(d?.loc) ? d.loc.join('.') : '';
          return loc ? `${loc}: ${d?.msg}` : String(d?.msg);
        })
        .join('; ');
    }
    if (typeof error === 'string') return error;
  }
  return text.slice(0, 500);
}

/** Calls a Feast feature server's `POST /get-online-features`. */
export class FeastFeatureServerClient {
  constructor(private readonly requestTimeoutMs: number) {}

  async getOnlineFeatures(
    serverUrl: string,
    request: FeastOnlineFeaturesRequest,
  ): Promise<FeastOnlineFeaturesResponse> {
    const url = `${serverUrl}/get-online-features`;
    const body: Record<string, unknown> = {
      entities: request.entities,
      full_feature_names: request.fullFeatureNames,
    };
    if ('featureService' in request) {
      body.feature_service = request.featureService;
    } else body.features = request.features;

    let response: Response;
    let text: string;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: toJson(body),
        signal: AbortSignal.timeout(this.requestTimeoutMs),
      });
      text = await response.text();
    } catch (e) {
      const error = e as Error;
      if (error.name === 'TimeoutError') {
        throw new FeatureServerError(
          `The Feast feature server at ${serverUrl} did not answer within ${this.requestTimeoutMs} ms (lakehouse.feast.requestTimeoutMs)`,
          504,
          error,
        );
      }
      const cause = (error as { cause?: Error }).cause?.message;
      throw new FeatureServerError(
        `The Feast feature server at ${serverUrl} could not be reached: ${
          cause ?? error.message
        }`,
        502,
        error,
      );
    }

    if (!response.ok) {
      throw new FeatureServerError(
        `The Feast feature server at ${serverUrl} answered ${
          response.status
        }: ${feastErrorMessage(text)}`,
      );
    }
    let parsed: unknown;
    try {
      parsed = parseJson(text);
    } catch {
      throw new FeatureServerError(
        `The Feast feature server at ${serverUrl} answered with a body that is not JSON: ${text.slice(
          0,
          200,
        )}`,
      );
    }
    const answer = responseSchema.safeParse(parsed);
    if (!answer.success) {
      const issue = answer.error.issues[0];
      throw new FeatureServerError(
        `The Feast feature server at ${serverUrl} answered with an unexpected body: ${
          issue.path.join('.') || 'body'
        }: ${issue.message}`,
      );
    }
    return answer.data;
  }
}
