/*
 * Requests an MLflow tracking server refuses, replayed against the double over HTTP. Facts from mlflow/mlflow
 * (read for facts only): mlflow/server/handlers.py (_search_registered_models: max_results at most 1000;
 * _search_model_versions: at most 200_000; _get_registered_model: name required; _get_run: run_id required;
 * _validate_param_against_schema and catch_mlflow_exception), mlflow/utils/validation.py (invalid_value,
 * missing_value), mlflow/store/model_registry/sqlalchemy_store.py ("Registered Model with name=%s not found"),
 * mlflow/store/tracking/sqlalchemy_store.py ("Run with id=%s not found"), mlflow/utils/search_utils.py (page
 * tokens), mlflow/exceptions.py (RESOURCE_DOES_NOT_EXIST 404, INVALID_PARAMETER_VALUE 400), Flask's 405 page
 * for a method a route does not take, and mlflow/server/auth (401 with a Basic challenge).
 */
import { MlflowDouble } from './MlflowDouble';

const API_DOCS_HINT =
  ' See the API docs for more information about request parameters.';

/** Each request MLflow refuses, with the status and the `{"error_code", "message"}` body it answers. */
const REFUSALS: Array<[string, string, number, string, string]> = [
  [
    'an unknown registered model',
    'registered-models/get?name=no-such-model',
    404,
    'RESOURCE_DOES_NOT_EXIST',
    'Registered Model with name=no-such-model not found',
  ],
  [
    'an unknown run',
    'runs/get?run_id=0123456789abcdef0123456789abcdef',
    404,
    'RESOURCE_DOES_NOT_EXIST',
    'Run with id=0123456789abcdef0123456789abcdef not found',
  ],
  [
    'registered-models/get without the name it requires',
    'registered-models/get',
    400,
    'INVALID_PARAMETER_VALUE',
    `Missing value for required parameter 'name'.${API_DOCS_HINT}`,
  ],
  [
    'registered-models/get with an empty name',
    'registered-models/get?name=',
    400,
    'INVALID_PARAMETER_VALUE',
    `Missing value for required parameter 'name'.${API_DOCS_HINT}`,
  ],
  [
    'runs/get without run_id',
    'runs/get',
    400,
    'INVALID_PARAMETER_VALUE',
    `Missing value for required parameter 'run_id'.${API_DOCS_HINT}`,
  ],
  [
    'registered-models/search with max_results over 1000',
    'registered-models/search?max_results=1001',
    400,
    'INVALID_PARAMETER_VALUE',
    `Invalid value "1001" for parameter 'max_results' supplied:  Hint: Value was of type 'str'.${API_DOCS_HINT}`,
  ],
  [
    'model-versions/search with max_results over 200000',
    'model-versions/search?max_results=200001',
    400,
    'INVALID_PARAMETER_VALUE',
    `Invalid value "200001" for parameter 'max_results' supplied:  Hint: Value was of type 'str'.${API_DOCS_HINT}`,
  ],
  [
    'a max_results that is not an integer',
    'registered-models/search?max_results=all',
    400,
    'INVALID_PARAMETER_VALUE',
    `Invalid value "all" for parameter 'max_results' supplied:  Hint: Value was of type 'str'.${API_DOCS_HINT}`,
  ],
  [
    'a page token that is not base64',
    'registered-models/search?page_token=not-a-token',
    400,
    'INVALID_PARAMETER_VALUE',
    'Invalid page token, could not base64-decode',
  ],
];

describe('MlflowDouble refuses what MLflow refuses', () => {
  let mlflow: MlflowDouble;
  const api = (path: string) => `${mlflow.url}/api/2.0/mlflow/${path}`;

  beforeAll(async () => {
    mlflow = await MlflowDouble.start();
    mlflow.addModel({ name: 'customer-churn', versions: [{ run: {} }] });
  });

  afterAll(() => mlflow.stop());

  it.each(REFUSALS)('%s', async (_, path, status, errorCode, message) => {
    const res = await fetch(api(path));
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toBe('application/json');
    // catch_mlflow_exception writes MlflowException.serialize_as_json: json.dumps of these two keys.
    expect(await res.text()).toBe(
      `{"error_code": "${errorCode}", "message": ${JSON.stringify(message)}}`,
    );
  });

  it('a write to a route the protos declare GET only: Flask’s 405 page', async () => {
    const res = await fetch(api('registered-models/get?name=customer-churn'), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"name": "customer-churn"}',
    });
    expect(res.status).toBe(405);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
  });

  it('a request without credentials to the basic-auth app: 401 with a Basic challenge', async () => {
    const secured = await MlflowDouble.start({
      auth: { type: 'basic', username: 'portal', password: 's3cret' },
    });
    try {
      const res = await fetch(
        `${secured.url}/api/2.0/mlflow/registered-models/search`,
      );
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Basic realm="mlflow"');
    } finally {
      await secured.stop();
    }
  });
});
