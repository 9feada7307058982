/*
 * How Apache Polaris refuses a request (apache/polaris at 4b4218638308, read for facts):
 * - management and catalog errors are Iceberg ErrorResponse bodies `{"error":{"message","type","code"}}` whose
 *   `type` is the simple class name of the exception (runtime/service/.../exception/IcebergExceptionMapper,
 *   PolarisExceptionMapper, IcebergJsonProcessingExceptionMapper, IcebergConstraintViolationExceptionMapper);
 * - a failed grant or role assignment answers 400 with the metastore's return status as type and
 *   "Operation failed: <STATUS>" as message (PolarisServiceImpl.toResponse);
 * - a request without valid credentials gets the Quarkus challenge: 401, `WWW-Authenticate: Bearer`, no body
 *   (auth/internal/InternalAuthenticationMechanism.getChallenge);
 * - the OAuth token endpoint answers `{"error","error_description"}` (auth/internal/service/OAuthUtils,
 *   OAuthError): 401 for unauthorized_client, 400 for every other error.
 */

/** An ErrorResponse answer: the status, the exception's simple class name and its message. */
export class PolarisError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
    /** False for an exception without a message (Polaris then writes `"message": null`). */
    private readonly hasMessage = true,
  ) {
    super(message);
  }

  /** The body Polaris writes for this error. */
  body(): string {
    return errorResponseBody(
      this.status,
      this.type,
      this.hasMessage ? this.message : null,
    );
  }
}

/** An answer without a body (the authentication challenge, an unknown path, an unsupported media type). */
export class BareAnswer extends Error {
  constructor(
    readonly status: number,
    readonly headers: Record<string, string> = {},
  ) {
    super(`HTTP ${status}`);
  }
}

/** The OAuth2 error codes Polaris answers, with the description it sends for each (OAuthError). */
const OAUTH_ERROR_DESCRIPTIONS = {
  invalid_request: 'The request is invalid',
  invalid_client: 'The Client is invalid',
  invalid_grant: 'The grant is invalid',
  unauthorized_client: 'The client is not authorized',
  unsupported_grant_type: 'The grant type is invalid',
  invalid_scope: 'The scope is invalid',
};

/** An OAuth2 error code of the token endpoint. */
export type OAuthErrorCode = keyof typeof OAUTH_ERROR_DESCRIPTIONS;

/** An OAuth2 error of the token endpoint. */
export class OAuthTokenError extends Error {
  constructor(readonly error: OAuthErrorCode) {
    super(OAUTH_ERROR_DESCRIPTIONS[error]);
  }

  /** 401 for unauthorized_client, 400 otherwise (OAuthUtils.getResponseFromError). */
  get status(): number {
    return this.error === 'unauthorized_client' ? 401 : 400;
  }

  body(): string {
    return JSON.stringify({
      error: this.error,
      error_description: this.message,
    });
  }
}

/** `{"error":{"message","type","code"}}` as Polaris writes it. */
export function errorResponseBody(
  status: number,
  type: string,
  message: string | null,
): string {
  return JSON.stringify({ error: { message, type, code: status } });
}

/** Exception types for statuses a test injects without naming a body. */
const FAULT_TYPES: Record<number, [string, string]> = {
  400: ['BadRequestException', 'Malformed request'],
  403: ['ForbiddenException', 'Forbidden'],
  404: ['NotFoundException', 'Not found'],
  409: ['AlreadyExistsException', 'Conflict'],
  429: ['TooManyRequestsException', 'Too many requests'],
  500: ['RuntimeException', 'Internal Server Error'],
  502: ['BadGatewayException', 'Bad Gateway'],
  503: ['ServiceUnavailableException', 'Service unavailable'],
  504: ['GatewayTimeoutException', 'Gateway Timeout'],
};

/** The ErrorResponse body of an injected status fault. */
export function faultBody(status: number): string {
  const [type, message] = FAULT_TYPES[status] ?? [
    status >= 500 ? 'RuntimeException' : 'BadRequestException',
    `HTTP ${status}`,
  ];
  return errorResponseBody(status, type, message);
}

/** Iceberg's NotFoundException (404). */
export function notFound(message: string): PolarisError {
  return new PolarisError(404, 'NotFoundException', message);
}

/** Iceberg's AlreadyExistsException (409). */
export function alreadyExists(message: string): PolarisError {
  return new PolarisError(409, 'AlreadyExistsException', message);
}

/** A metastore result that is not a success, as PolarisServiceImpl.toResponse writes it (400). */
export function operationFailed(returnStatus: string): PolarisError {
  return new PolarisError(
    400,
    returnStatus,
    `Operation failed: ${returnStatus}`,
  );
}

/**
 * A Java NullPointerException (500): what Polaris answers when a request body or one of its nested objects
 * that the spec leaves optional is absent and the service dereferences it.
 */
export function nullPointer(message?: string): PolarisError {
  return new PolarisError(
    500,
    'NullPointerException',
    message ?? 'null',
    message !== undefined,
  );
}

/** The Quarkus authentication challenge (401, no body). */
export function authenticationRequired(): BareAnswer {
  return new BareAnswer(401, { 'WWW-Authenticate': 'Bearer' });
}
