/**
 * A request to a Feast registry server that failed: the server could not be
 * reached, did not answer in time, answered with an HTTP error (the message
 * then carries Feast's `detail`) or with a body that is not a registry
 * listing. The message names the URL and the cause.
 *
 * @public
 */
export class FeastRegistryRequestError extends Error {
  readonly name = 'FeastRegistryRequestError';
  /** The URL requested. */
  readonly url: string;
  /** HTTP status of the answer, when there was one. */
  readonly status?: number;
  /** Feast's `detail` from the error body, when it sent one. */
  readonly detail?: string;

  constructor(
    message: string,
    url: string,
    details: {
      status?: number;
      detail?: string;
      /** The underlying network or timeout error. */
      cause?: unknown;
    } = {},
  ) {
    super(
      message,
      details.cause === undefined ? undefined : { cause: details.cause },
    );
    this.url = url;
    this.status = details.status;
    this.detail = details.detail;
  }
}
