import type { SqlPosition } from '../SqlEditor';

interface ErrorWithStatus extends Error {
  statusCode?: number;
  body?: { error?: { name?: string; message?: string } };
}

/**
 * What the server said, without the wrapping of ResponseError. Answers
 * without Backstage's full error body (the 429 and 410 of the query API)
 * arrive as "Request failed with status 429 …, {json}"; their message is
 * taken out of the JSON.
 */
export function serverMessage(error: Error): string {
  const message = (error as ErrorWithStatus).body?.error?.message;
  if (!message) return error.message;
  const embedded = /^Request failed with status [^,]*, (\{[\s\S]*\})$/.exec(
    message,
  );
  if (embedded) {
    try {
      const parsed = JSON.parse(embedded[1]);
      if (typeof parsed?.error?.message === 'string') {
        return parsed.error.message;
      }
    } catch {
      // Not JSON after all: the message as it is.
    }
  }
  return message;
}

/** A heading for a failed request of the console, by its HTTP status. */
export function requestErrorTitle(error: Error): string {
  switch ((error as ErrorWithStatus).statusCode) {
    case 400:
      return 'Statement refused';
    case 403:
      return 'Not allowed';
    case 429:
      return 'Too many running queries';
    case 404:
    case 410:
      return 'The query is no longer available';
    default:
      return 'The query could not be run';
  }
}

/** The "(line L, column C)" a refusal names, if any. */
export function positionInMessage(message: string): SqlPosition | undefined {
  const match = /\bline (\d+), column (\d+)\b/.exec(message);
  return match
    ? { line: Number(match[1]), column: Number(match[2]) }
    : undefined;
}
