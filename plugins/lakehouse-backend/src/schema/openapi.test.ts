/*
 * The API cannot drift from its spec: the plugin's routes are registered on
 * the router generated from src/schema/openapi.yaml, which refuses what the
 * spec does not allow before any route runs, and the generated files must
 * be what the spec gives (`generate-openapi.mjs --check`, also run by CI).
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import request from 'supertest';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import exampleFullEvent from '../lineage/openlineage/__fixtures__/example_full_event.json';
import { lakehousePlugin } from '../plugin';

jest.setTimeout(60_000);

describe('the lakehouse API, checked against its spec', () => {
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  beforeAll(async () => {
    backend = await startTestBackend({
      features: [
        lakehousePlugin,
        mockServices.rootConfig.factory({ data: {} }),
        catalogServiceMock.factory({ entities: [] }),
      ],
    });
  });
  afterAll(() => backend.stop());

  const get = (url: string) => request(backend.server).get(url);

  it('refuses a request the spec does not allow with 400, naming what is wrong', async () => {
    const refusals = await Promise.all([
      get('/api/lakehouse/lineage'),
      get('/api/lakehouse/lineage?entityRef=resource:default/a&depth=26'),
      get('/api/lakehouse/history?sort=asc'),
      get('/api/lakehouse/access-requests?state=open'),
    ]);
    expect(refusals.map(res => [res.status, res.body.error?.message])).toEqual([
      [400, "request/query must have required property 'entityRef'"],
      [400, 'request/query/depth must be <= 25'],
      [400, "Unknown query parameter 'sort'"],
      [
        400,
        'request/query/state must be equal to one of the allowed values: pending, approved, rejected, expired',
      ],
    ]);
  });

  it('lets the routes answer what the spec allows', async () => {
    // The route ran (with the spec's defaults): the entity is not there.
    const lineage = await get(
      '/api/lakehouse/lineage?entityRef=resource:default/nowhere',
    );
    expect(lineage.status).toBe(404);
    expect(lineage.body.error.name).toBe('NotFoundError');
    // The spec sets no maximum where the route caps the limit.
    const history = await get('/api/lakehouse/history?limit=1000');
    expect(history.status).toBe(200);
    expect(history.body).toEqual({ items: [] });
    // A decision without a comment needs no body.
    const approval = await request(backend.server).post(
      '/api/lakehouse/access-requests/no-such-request/approve',
    );
    expect(approval.status).toBe(404);
    expect(approval.body.error.message).toBe(
      'No access request no-such-request',
    );
  });

  it('serves its spec, as Backstage backends do', async () => {
    const res = await get('/api/lakehouse/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.info.title).toBe('lakehouse');
    expect(Object.keys(res.body.paths)).toContain('/api/lakehouse/lineage');
  });

  it('leaves OpenLineage events to the intake, whatever their content type', async () => {
    // Producers post with other content types than JSON, which the spec's
    // router would refuse; the intake is mounted before it.
    const res = await request(backend.server)
      .post('/api/lakehouse/openlineage')
      .set('Content-Type', 'text/plain')
      .send(JSON.stringify(exampleFullEvent));
    expect(res.status).toBe(201);
    expect(res.body.id).toEqual(expect.any(String));
  });
});

describe('generate-openapi.mjs --check', () => {
  const script = path.resolve(
    __dirname,
    '../../../../scripts/generate-openapi.mjs',
  );
  const serverDir = path.resolve(__dirname, 'openapi/generated');
  const clientFile = path.resolve(
    __dirname,
    '../../../lakehouse-common/src/schema/openapi/generated/types.ts',
  );

  const check = async (...args: string[]) => {
    try {
      const { stdout } = await promisify(execFile)(process.execPath, [
        script,
        '--check',
        ...args,
      ]);
      return { code: 0, output: stdout };
    } catch (error) {
      const { code, stderr } = error as { code: number; stderr: string };
      return { code, output: stderr };
    }
  };

  it('passes when the generated files are what the spec gives', async () => {
    expect(await check()).toEqual({
      code: 0,
      output: expect.stringContaining('up to date'),
    });
  });

  it('fails, naming the file, when a generated file is stale', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lakehouse-openapi-'));
    try {
      fs.cpSync(serverDir, path.join(dir, 'server'), { recursive: true });
      fs.copyFileSync(clientFile, path.join(dir, 'types.ts'));
      const args = [
        '--server-dir',
        path.join(dir, 'server'),
        '--client-file',
        path.join(dir, 'types.ts'),
      ];
      expect((await check(...args)).code).toBe(0);

      // An edit by hand, or a spec changed without generating again.
      const spec = path.join(dir, 'server', 'spec.ts');
      fs.writeFileSync(
        spec,
        fs
          .readFileSync(spec, 'utf8')
          .replace("'/lineage': {", "'/lineage-v2': {"),
      );
      fs.rmSync(path.join(dir, 'types.ts'));
      const stale = await check(...args);
      expect(stale.code).toBe(1);
      expect(stale.output).toContain('server/spec.ts');
      expect(stale.output).toContain('types.ts');
      expect(stale.output).not.toContain('router.ts');
      expect(stale.output).toContain('npm run generate');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
