/*
 * Tests of the MLflow double over plain fetch, checked against MLflow's server (mlflow/server/handlers.py,
 * the SQL model registry store and mlflow/server/auth): document shapes of registered-models/search and get,
 * model-versions/search and runs/get, offset page tokens, filters and order_by, MlflowException bodies with
 * their HTTP status, Flask's 404/405 pages, basic-auth 401s, injected faults and the synthetic registry.
 */
import { MlflowDouble } from './MlflowDouble';

const CHURN_RUN = '0b6e1d3c9a8f4e27b5d1c2a3f4e5d6c7';

async function get(url: string, init?: RequestInit) {
  const res = await fetch(url, init);
  const text = await res.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return {
    status: res.status,
    contentType: res.headers.get('content-type'),
    headers: res.headers,
    text,
    json,
  };
}

describe('MlflowDouble', () => {
  let mlflow: MlflowDouble;
  const api = (path: string) => `${mlflow.url}/api/2.0/mlflow/${path}`;

  beforeAll(async () => {
    mlflow = await MlflowDouble.start();
    mlflow.addModel({
      name: 'customer-churn',
      description: 'Predicts churn in the next 30 days.',
      tags: { team: 'growth', feature_service: 'commerce.churn_features' },
      aliases: { champion: 2 },
      creationTimestamp: 1_700_000_000_000,
      lastUpdatedTimestamp: 1_700_000_900_000,
      versions: [
        {
          source: 's3://models/churn/v1',
          creationTimestamp: 1_700_000_100_000,
          stage: 'Archived',
          run: { runId: 'a'.repeat(32), metrics: { auc: 0.81 } },
        },
        {
          source: 's3://models/churn/v2',
          creationTimestamp: 1_700_000_200_000,
          lastUpdatedTimestamp: 1_700_000_900_000,
          tags: { training_datasets: 'lake.sales.orders' },
          run: {
            runId: CHURN_RUN,
            runName: 'churn-xgb',
            experimentId: '4',
            userId: 'alice',
            startTime: 1_700_000_150_000,
            endTime: 1_700_000_180_000,
            metrics: [
              {
                key: 'auc',
                value: 0.87,
                timestamp: 1_700_000_170_000,
                step: 3,
              },
            ],
            params: { max_depth: '6' },
            datasets: [
              {
                name: 'churn-train',
                digest: '5f1e2d3c',
                sourceType: 's3',
                source: '{"uri": "s3://lake/churn/train"}',
                context: 'training',
              },
            ],
          },
        },
      ],
    });
    for (const name of ['fraud', 'forecast', 'ranking', 'reco', 'search-ltr']) {
      mlflow.addModel({
        name,
        tags: { team: name.startsWith('f') ? 'risk' : 'discovery' },
        versions: [{}, {}],
      });
    }
    mlflow.addModel({
      name: 'summarize-prompt',
      tags: { 'mlflow.prompt.is_prompt': 'true' },
    });
  });

  afterAll(() => mlflow.stop());
  beforeEach(() => mlflow.clearFaults());

  it('writes registered models as MLflow does, with latest versions per stage and aliases', async () => {
    const res = await get(
      `${api('registered-models/get')}?name=customer-churn`,
    );
    expect(res.status).toBe(200);
    expect(res.contentType).toBe('application/json');
    expect(res.json).toEqual({
      registered_model: {
        name: 'customer-churn',
        creation_timestamp: 1_700_000_000_000,
        last_updated_timestamp: 1_700_000_900_000,
        description: 'Predicts churn in the next 30 days.',
        latest_versions: [
          expect.objectContaining({ version: '1', current_stage: 'Archived' }),
          expect.objectContaining({ version: '2', current_stage: 'None' }),
        ],
        tags: [
          { key: 'team', value: 'growth' },
          { key: 'feature_service', value: 'commerce.churn_features' },
        ],
        aliases: [{ alias: 'champion', version: '2' }],
      },
    });
  });

  it('writes model versions with string version numbers and no aliases, as model-versions/search does', async () => {
    const res = await get(
      `${api('model-versions/search')}?filter=${encodeURIComponent(
        "name='customer-churn'",
      )}`,
    );
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      model_versions: [
        {
          name: 'customer-churn',
          version: '2',
          creation_timestamp: 1_700_000_200_000,
          last_updated_timestamp: 1_700_000_900_000,
          current_stage: 'None',
          description: '',
          source: 's3://models/churn/v2',
          run_id: CHURN_RUN,
          status: 'READY',
          tags: [{ key: 'training_datasets', value: 'lake.sales.orders' }],
          run_link: '',
        },
        expect.objectContaining({ version: '1', run_id: 'a'.repeat(32) }),
      ],
    });
    expect(res.json.next_page_token).toBeUndefined();
  });

  it('serves runs with info, latest metrics, params, tags and dataset inputs', async () => {
    const res = await get(`${api('runs/get')}?run_id=${CHURN_RUN}`);
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      run: {
        info: {
          run_uuid: CHURN_RUN,
          experiment_id: '4',
          run_name: 'churn-xgb',
          user_id: 'alice',
          status: 'FINISHED',
          start_time: 1_700_000_150_000,
          end_time: 1_700_000_180_000,
          artifact_uri: `mlflow-artifacts:/4/${CHURN_RUN}/artifacts`,
          lifecycle_stage: 'active',
          run_id: CHURN_RUN,
        },
        data: {
          metrics: [
            { key: 'auc', value: 0.87, timestamp: 1_700_000_170_000, step: 3 },
          ],
          params: [{ key: 'max_depth', value: '6' }],
          tags: [
            { key: 'mlflow.runName', value: 'churn-xgb' },
            { key: 'mlflow.user', value: 'alice' },
          ],
        },
        inputs: {
          dataset_inputs: [
            {
              tags: [{ key: 'mlflow.data.context', value: 'training' }],
              dataset: {
                name: 'churn-train',
                digest: '5f1e2d3c',
                source_type: 's3',
                source: '{"uri": "s3://lake/churn/train"}',
              },
            },
          ],
        },
      },
    });
    // The run_uuid form of older clients is accepted too.
    const legacy = await get(`${api('runs/get')}?run_uuid=${CHURN_RUN}`);
    expect(legacy.json.run.info.run_id).toBe(CHURN_RUN);
  });

  it('pages registered models with opaque offset tokens until the last page, which has none', async () => {
    const names: string[] = [];
    const tokens: string[] = [];
    let token: string | undefined;
    do {
      const res = await get(
        `${api('registered-models/search')}?max_results=2${
          token ? `&page_token=${encodeURIComponent(token)}` : ''
        }`,
      );
      expect(res.status).toBe(200);
      names.push(...res.json.registered_models.map((m: any) => m.name));
      token = res.json.next_page_token;
      if (token) tokens.push(token);
    } while (token);
    // The prompt is left out of model searches, as MLflow 3 does.
    expect(names).toEqual([
      'customer-churn',
      'forecast',
      'fraud',
      'ranking',
      'reco',
      'search-ltr',
    ]);
    expect(tokens).toHaveLength(2);
    expect(Buffer.from(tokens[0], 'base64').toString()).toBe('{"offset": 2}');

    const all = await get(api('registered-models/search'));
    expect(all.json.registered_models).toHaveLength(6);
    expect(all.json.next_page_token).toBeUndefined();
  });

  it('pages model versions newest first and orders them on request', async () => {
    const first = await get(`${api('model-versions/search')}?max_results=5`);
    expect(first.json.model_versions).toHaveLength(5);
    const updated = first.json.model_versions.map(
      (v: any) => v.last_updated_timestamp,
    );
    expect(updated).toEqual([...updated].sort((a, b) => b - a));
    const rest = await get(
      `${api(
        'model-versions/search',
      )}?max_results=5&page_token=${encodeURIComponent(
        first.json.next_page_token,
      )}`,
    );
    const second = await get(
      `${api(
        'model-versions/search',
      )}?max_results=5&page_token=${encodeURIComponent(
        rest.json.next_page_token,
      )}`,
    );
    expect(second.json.model_versions).toHaveLength(2);
    expect(second.json.next_page_token).toBeUndefined();

    const ordered = await get(
      `${api(
        'model-versions/search',
      )}?order_by=name+DESC&order_by=version_number+ASC&max_results=3`,
    );
    expect(
      ordered.json.model_versions.map((v: any) => `${v.name}/${v.version}`),
    ).toEqual(['search-ltr/1', 'search-ltr/2', 'reco/1']);
  });

  it('filters models and versions by name, LIKE, tags, run ids and version numbers', async () => {
    const names = async (path: string, filter: string) => {
      const res = await get(
        `${api(path)}?filter=${encodeURIComponent(filter)}`,
      );
      expect([filter, res.status]).toEqual([filter, 200]);
      return (res.json.registered_models ?? res.json.model_versions ?? []).map(
        (m: any) => (m.version ? `${m.name}/${m.version}` : m.name),
      );
    };
    expect(await names('registered-models/search', "name LIKE 'f%'")).toEqual([
      'forecast',
      'fraud',
    ]);
    expect(
      await names('registered-models/search', "name ILIKE 'CUSTOMER%'"),
    ).toEqual(['customer-churn']);
    expect(
      await names(
        'registered-models/search',
        "tags.team = 'discovery' AND name != 'reco'",
      ),
    ).toEqual(['ranking', 'search-ltr']);
    expect(
      await names(
        'registered-models/search',
        "tags.`mlflow.prompt.is_prompt` = 'true'",
      ),
    ).toEqual(['summarize-prompt']);
    expect(
      await names(
        'model-versions/search',
        `run_id IN ('${CHURN_RUN}', '${'a'.repeat(32)}')`,
      ),
    ).toEqual(['customer-churn/2', 'customer-churn/1']);
    expect(
      await names(
        'model-versions/search',
        "name = 'fraud' AND version_number > 1",
      ),
    ).toEqual(['fraud/2']);
    expect(
      await names(
        'model-versions/search',
        "tags.training_datasets LIKE 'lake.%'",
      ),
    ).toEqual(['customer-churn/2']);
    expect(
      await names(
        'model-versions/search',
        "source_path = 's3://models/churn/v1'",
      ),
    ).toEqual(['customer-churn/1']);
    expect(await names('model-versions/search', "name = 'unknown'")).toEqual(
      [],
    );
  });

  it('refuses bad parameters with INVALID_PARAMETER_VALUE (400) bodies', async () => {
    const refusal = async (path: string, message: string) => {
      const res = await get(api(path));
      expect([path, res.status, res.contentType]).toEqual([
        path,
        400,
        'application/json',
      ]);
      expect(res.json).toEqual({
        error_code: 'INVALID_PARAMETER_VALUE',
        message,
      });
      return res;
    };
    const raw = await refusal(
      'registered-models/search?max_results=1001',
      `Invalid value "1001" for parameter 'max_results' supplied:  Hint: Value was of type 'str'. See the API docs for more information about request parameters.`,
    );
    // Python's json.dumps layout.
    expect(
      raw.text.startsWith(
        '{"error_code": "INVALID_PARAMETER_VALUE", "message": ',
      ),
    ).toBe(true);
    await refusal(
      'model-versions/search?max_results=ten',
      `Invalid value "ten" for parameter 'max_results' supplied:  Hint: Value was of type 'str'. See the API docs for more information about request parameters.`,
    );
    await refusal(
      'model-versions/search?max_results=200001',
      `Invalid value "200001" for parameter 'max_results' supplied:  Hint: Value was of type 'str'. See the API docs for more information about request parameters.`,
    );
    await refusal(
      'model-versions/search?max_results=0',
      'Invalid value for max_results. It must be a positive integer, but got 0',
    );
    await refusal(
      'registered-models/search?page_token=evilhax',
      'Invalid page token, could not base64-decode',
    );
    await refusal(
      `registered-models/search?page_token=${Buffer.from(
        '{"offset": 0}',
      ).toString('base64')}`,
      "Invalid page token, parsed value={'offset': 0}",
    );
    await refusal(
      `model-versions/search?page_token=${Buffer.from('not json').toString(
        'base64',
      )}`,
      "Invalid page token, decoded value=b'not json'",
    );
    await refusal(
      `registered-models/search?filter=${encodeURIComponent(
        "name = 'a' OR name = 'b'",
      )}`,
      "Invalid clause(s) in filter string: OR name = 'b'",
    );
    await refusal(
      `registered-models/search?filter=${encodeURIComponent("owner = 'x'")}`,
      "Invalid attribute key 'owner' specified. Valid keys are '{'name'}'",
    );
    await refusal(
      `registered-models/search?filter=${encodeURIComponent("params.x = 'y'")}`,
      "Invalid entity type 'params'. Valid entity types are ('attribute', 'tag', 'tags')",
    );
    await refusal(
      `registered-models/search?filter=${encodeURIComponent('name = churn')}`,
      'Expected a quoted string value or a list of quoted string values for attributes. Got value churn',
    );
    await refusal(
      `model-versions/search?filter=${encodeURIComponent("name IN ('a')")}`,
      "Only the 'run_id' attribute supports comparison with a list of quoted string values.",
    );
    await refusal(
      `registered-models/search?order_by=owner`,
      "Invalid order by key 'owner' specified.Valid keys are '('name', 'last_updated_timestamp')'",
    );
    await refusal(
      'runs/get',
      "Missing value for required parameter 'run_id'. See the API docs for more information about request parameters.",
    );
    await refusal(
      'registered-models/get',
      "Missing value for required parameter 'name'. See the API docs for more information about request parameters.",
    );
  });

  it('answers RESOURCE_DOES_NOT_EXIST (404) for unknown runs and models', async () => {
    const run = await get(`${api('runs/get')}?run_id=ffff`);
    expect(run.status).toBe(404);
    expect(run.json).toEqual({
      error_code: 'RESOURCE_DOES_NOT_EXIST',
      message: 'Run with id=ffff not found',
    });
    const model = await get(`${api('registered-models/get')}?name=nope`);
    expect(model.status).toBe(404);
    expect(model.json).toEqual({
      error_code: 'RESOURCE_DOES_NOT_EXIST',
      message: 'Registered Model with name=nope not found',
    });
  });

  it('answers like Flask for other methods and unknown URLs', async () => {
    const post = await get(api('registered-models/search'), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(post.status).toBe(405);
    expect(post.contentType).toBe('text/html; charset=utf-8');
    expect(post.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
    expect(post.text).toContain('<title>405 Method Not Allowed</title>');

    const unknown = await get(api('experiments/list'));
    expect(unknown.status).toBe(404);
    expect(unknown.text).toContain('<title>404 Not Found</title>');

    // The UI's /ajax-api prefix serves the same endpoints.
    const ajax = await get(
      `${mlflow.url}/ajax-api/2.0/mlflow/registered-models/get?name=fraud`,
    );
    expect(ajax.json.registered_model.name).toBe('fraud');
  });

  it('injects faults as INTERNAL_ERROR bodies and counts requests per route', async () => {
    const before = mlflow.requestCount('runs/get');
    mlflow.failNext(1, { status: 500, path: '/runs/get' });
    const failed = await get(`${api('runs/get')}?run_id=${CHURN_RUN}`);
    expect(failed.status).toBe(500);
    expect(failed.contentType).toBe('application/json');
    expect(failed.json).toEqual({
      error_code: 'INTERNAL_ERROR',
      message: 'The MLflow server failed with HTTP 500',
    });
    const again = await get(`${api('runs/get')}?run_id=${CHURN_RUN}`);
    expect(again.status).toBe(200);
    expect(mlflow.requestCount('runs/get')).toBe(before + 2);

    mlflow.failNext(1, { status: 503 });
    const unavailable = await get(api('registered-models/search'));
    expect(unavailable.status).toBe(503);
    expect(unavailable.json.error_code).toBe('TEMPORARILY_UNAVAILABLE');

    mlflow.failNext(1, { emptyListing: true });
    const empty = await get(api('registered-models/search'));
    expect(empty.json).toEqual({});
  });
});

describe('MlflowDouble with authentication', () => {
  let mlflow: MlflowDouble;
  afterEach(() => mlflow?.stop());

  const search = (authorization?: string) =>
    get(`${mlflow.url}/api/2.0/mlflow/registered-models/search`, {
      headers: authorization ? { Authorization: authorization } : {},
    });

  it('answers 401 as the basic-auth app does without the right credentials', async () => {
    mlflow = await MlflowDouble.start({
      auth: { type: 'basic', username: 'portal', password: 's3cret' },
    });
    mlflow.addModel({ name: 'customer-churn' });
    for (const header of [
      undefined,
      `Basic ${Buffer.from('portal:wrong').toString('base64')}`,
      'Bearer s3cret',
    ]) {
      const res = await search(header);
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Basic realm="mlflow"');
      expect(res.contentType).toBe('text/html; charset=utf-8');
      expect(res.text).toBe(
        'You are not authenticated. Please see https://www.mlflow.org/docs/latest/auth/index.html#authenticating-to-mlflow on how to authenticate.',
      );
    }
    const ok = await search(
      `Basic ${Buffer.from('portal:s3cret').toString('base64')}`,
    );
    expect(ok.status).toBe(200);
    expect(ok.json.registered_models[0].name).toBe('customer-churn');
  });

  it('accepts only the configured bearer token', async () => {
    mlflow = await MlflowDouble.start({
      auth: { type: 'bearer', token: 'tok' },
    });
    expect((await search()).status).toBe(401);
    expect((await search('Bearer other')).status).toBe(401);
    expect((await search('Bearer tok')).status).toBe(200);
  });
});

describe('MlflowDouble synthetic registry', () => {
  it('generates models × versions with one run each', async () => {
    const mlflow = await MlflowDouble.start({
      synthetic: { models: 30, versionsPerModel: 4 },
    });
    try {
      expect(mlflow.modelCount).toBe(30);
      const models = await get(
        `${mlflow.url}/api/2.0/mlflow/registered-models/search?max_results=1000`,
      );
      expect(models.json.registered_models).toHaveLength(30);
      expect(models.json.registered_models[0]).toMatchObject({
        name: 'model-0000',
        aliases: [
          { alias: 'champion', version: '4' },
          { alias: 'challenger', version: '3' },
        ],
      });
      const versions = await get(
        `${
          mlflow.url
        }/api/2.0/mlflow/model-versions/search?filter=${encodeURIComponent(
          "name='model-0007'",
        )}`,
      );
      expect(versions.json.model_versions).toHaveLength(4);
      const run = await get(
        `${mlflow.url}/api/2.0/mlflow/runs/get?run_id=${versions.json.model_versions[0].run_id}`,
      );
      expect(run.json.run.data.metrics.map((m: any) => m.key)).toEqual([
        'accuracy',
        'f1',
        'roc_auc',
      ]);
      expect(versions.json.model_versions[0].source).toBe(
        `${run.json.run.info.artifact_uri}/model`,
      );
      expect(mlflow.requestCounts).toEqual({
        'registered-models/search': 1,
        'registered-models/get': 0,
        'model-versions/search': 1,
        'runs/get': 1,
      });
    } finally {
      await mlflow.stop();
    }
  });

  it('runs in a child process', async () => {
    const child = await MlflowDouble.startInChildProcess({
      synthetic: { models: 3, versionsPerModel: 2 },
    });
    try {
      const res = await get(
        `${child.url}/api/2.0/mlflow/registered-models/search`,
      );
      expect(res.json.registered_models).toHaveLength(3);
      await child.failNext(1, { status: 500 });
      expect(
        (await get(`${child.url}/api/2.0/mlflow/registered-models/search`))
          .status,
      ).toBe(500);
    } finally {
      await child.stop();
    }
  });
});
