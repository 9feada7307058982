/*
 * The error answers of the Feast feature server (sdk/python/feast/feature_server.py,
 * rest_exception_handler): a FeastError answers its http_status_code() with
 * JSONResponse(content=exc.to_error_detail()) — to_error_detail (errors.py) is
 * json.dumps({"module", "class", "message"}), a *string*, so the body is that
 * string encoded once more as a JSON string. Any other exception answers 500
 * with JSONResponse(content=str(exc)): a JSON string too (str() of a KeyError
 * is the repr() of its message, quotes included).
 */
import { pyJsonDumps, pyRepr } from './python';

/** An answer of the feature server other than 200, as status and exact body. */
export class FeatureServerError extends Error {
  constructor(readonly status: number, readonly body: string) {
    super(body);
  }
}

/** A FeastError subclass of feast.errors with its HTTP status (404 for *NotFoundException, else 500). */
export function feastError(
  className: string,
  message: string,
  status: number,
): FeatureServerError {
  const detail = pyJsonDumps(
    { module: 'feast.errors', class: className, message },
    false,
  );
  return new FeatureServerError(status, pyJsonDumps(detail));
}

/** A Python exception other than FeastError (ValueError, TypeError, RuntimeError...): 500 with str(exc). */
export function pythonError(message: string): FeatureServerError {
  return new FeatureServerError(500, pyJsonDumps(message));
}

/** A KeyError: str() quotes the message as repr() does. */
export function pythonKeyError(message: string): FeatureServerError {
  return pythonError(pyRepr(message));
}
