/*
 * How an MLflow tracking server refuses a request, following mlflow/exceptions.py (MlflowException,
 * ERROR_CODE_TO_HTTP_STATUS), mlflow/server/handlers.py (catch_mlflow_exception, _get_request_message and
 * _validate_param_against_schema), mlflow/utils/validation.py (invalid_value, missing_value) and the Flask /
 * Werkzeug pages the server answers for unknown URLs and wrong methods. Error bodies are written the way
 * Python's json.dumps writes `{"error_code": ..., "message": ...}` (", " and ": " separators, non-ASCII
 * escaped).
 */

/** HTTP status of each MLflow error code (ERROR_CODE_TO_HTTP_STATUS in mlflow/exceptions.py). */
const ERROR_CODE_TO_HTTP_STATUS: Record<string, number> = {
  INTERNAL_ERROR: 500,
  INVALID_STATE: 500,
  DATA_LOSS: 500,
  NOT_IMPLEMENTED: 501,
  TEMPORARILY_UNAVAILABLE: 503,
  DEADLINE_EXCEEDED: 504,
  REQUEST_LIMIT_EXCEEDED: 429,
  CANCELLED: 499,
  RESOURCE_EXHAUSTED: 429,
  ABORTED: 409,
  RESOURCE_CONFLICT: 409,
  ALREADY_EXISTS: 409,
  NOT_FOUND: 404,
  ENDPOINT_NOT_FOUND: 404,
  RESOURCE_DOES_NOT_EXIST: 404,
  PERMISSION_DENIED: 403,
  CUSTOMER_UNAUTHORIZED: 401,
  UNAUTHENTICATED: 401,
  BAD_REQUEST: 400,
  RESOURCE_ALREADY_EXISTS: 400,
  INVALID_PARAMETER_VALUE: 400,
};

/**
 * The error code MLflow associates with an HTTP status (HTTP_STATUS_TO_ERROR_CODE: the inverse of the table
 * above, where the last code listed for a status wins, with 400, 404 and 500 overridden).
 */
export function errorCodeForStatus(status: number): string {
  const overrides: Record<number, string> = {
    400: 'BAD_REQUEST',
    404: 'ENDPOINT_NOT_FOUND',
    500: 'INTERNAL_ERROR',
  };
  if (overrides[status]) {
    return overrides[status];
  }
  let found: string | undefined;
  for (const [code, http] of Object.entries(ERROR_CODE_TO_HTTP_STATUS)) {
    if (http === status) {
      found = code;
    }
  }
  return found ?? 'INTERNAL_ERROR';
}

/** Writes JSON text the way Python's json.dumps does by default (ensure_ascii, ", " and ": "). */
export function pythonJsonDumps(value: unknown): string {
  const ascii = (text: string) =>
    text.replace(
      /[\u007f-\uffff]/g,
      c => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
    );
  if (Array.isArray(value)) {
    return `[${value.map(pythonJsonDumps).join(', ')}]`;
  }
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${ascii(JSON.stringify(k))}: ${pythonJsonDumps(v)}`)
      .join(', ')}}`;
  }
  return ascii(JSON.stringify(value) ?? 'null');
}

/** An answer that is not the normal JSON document of a route. */
export interface MlflowAnswer {
  status: number;
  body: string;
  headers: Record<string, string>;
}

/** An MlflowException as the server serializes it (serialize_as_json, get_http_status_code). */
export class MlflowError extends Error {
  constructor(readonly errorCode: string, message: string) {
    super(message);
  }

  get status(): number {
    return ERROR_CODE_TO_HTTP_STATUS[this.errorCode] ?? 500;
  }

  answer(): MlflowAnswer {
    return {
      status: this.status,
      body: pythonJsonDumps({
        error_code: this.errorCode,
        message: this.message,
      }),
      headers: { 'Content-Type': 'application/json' },
    };
  }
}

/** A Flask/Werkzeug HTML page (unknown URL, wrong method, unhandled exception, auth refusal). */
export class HtmlAnswerError extends Error {
  constructor(
    readonly status: number,
    readonly html: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(html);
  }

  answer(): MlflowAnswer {
    return {
      status: this.status,
      body: this.html,
      headers: { 'Content-Type': 'text/html; charset=utf-8', ...this.headers },
    };
  }
}

/** Throws MLflow's INVALID_PARAMETER_VALUE (400). */
export function invalidParameter(message: string): never {
  throw new MlflowError('INVALID_PARAMETER_VALUE', message);
}

/** Throws RESOURCE_DOES_NOT_EXIST (404). */
export function doesNotExist(message: string): never {
  throw new MlflowError('RESOURCE_DOES_NOT_EXIST', message);
}

const API_DOCS_HINT =
  ' See the API docs for more information about request parameters.';

/**
 * The message of a failed schema check of a query parameter (_validate_param_against_schema):
 * `invalid_value(param, value, " Hint: Value was of type 'str'.")` plus the API docs hint. Query parameters
 * always reach the schema as Python strings.
 */
export function invalidParameterValue(param: string, value: string): never {
  return invalidParameter(
    `Invalid value ${JSON.stringify(
      value,
    )} for parameter '${param}' supplied:  Hint: Value was of type 'str'.${API_DOCS_HINT}`,
  );
}

/** `missing_value(param)` plus the API docs hint, for a required parameter that is absent or empty. */
export function missingParameter(param: string): never {
  return invalidParameter(
    `Missing value for required parameter '${param}'.${API_DOCS_HINT}`,
  );
}

/** Werkzeug's NotFound page, answered by Flask for a URL no route matches. */
export function notFoundPage(): HtmlAnswerError {
  return new HtmlAnswerError(
    404,
    '<!doctype html>\n<html lang=en>\n<title>404 Not Found</title>\n<h1>Not Found</h1>\n<p>The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.</p>\n',
  );
}

/** Werkzeug's MethodNotAllowed page, with the Allow header Flask sends for a GET route. */
export function methodNotAllowedPage(): HtmlAnswerError {
  return new HtmlAnswerError(
    405,
    '<!doctype html>\n<html lang=en>\n<title>405 Method Not Allowed</title>\n<h1>Method Not Allowed</h1>\n<p>The method is not allowed for the requested URL.</p>\n',
    { Allow: 'GET, HEAD, OPTIONS' },
  );
}

/** Werkzeug's InternalServerError page, for exceptions that are not MlflowExceptions. */
export function internalServerErrorPage(): HtmlAnswerError {
  return new HtmlAnswerError(
    500,
    '<!doctype html>\n<html lang=en>\n<title>500 Internal Server Error</title>\n<h1>Internal Server Error</h1>\n<p>The server encountered an internal error and was unable to complete your request. Either the server is overloaded or there is an error in the application.</p>\n',
  );
}

/**
 * What `mlflow server --app-name basic-auth` answers a request without valid credentials
 * (make_basic_auth_response in mlflow/server/auth/__init__.py): 401, a plain sentence served as
 * text/html, and a Basic challenge.
 */
export function notAuthenticatedAnswer(): HtmlAnswerError {
  return new HtmlAnswerError(
    401,
    'You are not authenticated. Please see https://www.mlflow.org/docs/latest/auth/index.html#authenticating-to-mlflow on how to authenticate.',
    { 'WWW-Authenticate': 'Basic realm="mlflow"' },
  );
}
