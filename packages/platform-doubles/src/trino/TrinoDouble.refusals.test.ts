/*
 * Requests a real Trino coordinator refuses, replayed against the double over HTTP. Facts from trinodb/trino
 * (read for facts only): io.trino.server.security.InsecureAuthenticator, BasicAuthCredentials and
 * ServletSecurityUtils (401 text/plain with a Basic challenge), io.trino.dispatcher.QueuedStatementResource
 * (empty statement 400; queued URIs checked against their slug), io.trino.server.protocol.Slug (one HMAC per
 * phase and token), ExecutingStatementResource ("Query not found", 404) and Query.getCachedResult (an earlier
 * token 410), QueryResource (kill of an unknown query 410), and io.trino.metadata.MetadataUtil with
 * io.trino.spi.StandardErrorCode for the failed queries. The missing-schema failure replays the error page of
 * trino-python-client's unit tests (tests/unit/conftest.py, sample_get_error_response_data, captured from
 * Trino 360), copied below.
 */
import { TrinoDouble } from './TrinoDouble';

/** The `error` of trino-python-client's sample_get_error_response_data (the fields the client reads). */
const PYTHON_CLIENT_ERROR_SAMPLE = {
  // SELECT * FROM foo, with no session schema
  message: 'line 1:15: Schema must be specified when session schema is not set',
  errorLocation: { lineNumber: 1, columnNumber: 15 },
  errorType: 'USER_ERROR',
  failureInfo: { type: 'io.trino.spi.TrinoException' },
};

interface Page {
  id: string;
  nextUri?: string;
  data?: unknown[][];
  stats: { state: string };
  error?: Record<string, any>;
}

describe('TrinoDouble refuses what Trino refuses', () => {
  let trino: TrinoDouble;

  const post = (sql: string, headers: Record<string, string> = {}) =>
    fetch(`${trino.url}/v1/statement`, { method: 'POST', headers, body: sql });

  /** Follows nextUri from the POST answer to the last page, keeping every URI. */
  const run = async (sql: string, headers: Record<string, string>) => {
    const res = await post(sql, headers);
    expect(res.status).toBe(200);
    const first: Page = await res.json();
    const uris: string[] = [];
    let page = first;
    while (page.nextUri) {
      uris.push(page.nextUri);
      const next = await fetch(page.nextUri);
      expect(next.status).toBe(200);
      page = await next.json();
    }
    return { first, last: page, uris };
  };

  /** What a client sees of a refusal: status, content type, challenge and text. */
  const refusalOf = async (res: Response) => ({
    status: res.status,
    contentType: res.headers.get('content-type'),
    challenge: res.headers.get('www-authenticate'),
    text: await res.text(),
  });

  /** A plain-text refusal as Trino's resources and filters write it. */
  const plainText = (
    status: number,
    text: string,
    challenge: string | null,
  ) => ({
    status,
    contentType: 'text/plain',
    challenge,
    text,
  });

  beforeAll(async () => {
    trino = await TrinoDouble.start({
      threads: 1,
      catalogs: {
        lake: { schemas: { sales: { orders: 'SELECT 1::BIGINT AS id' } } },
      },
    });
  });

  afterAll(() => trino.stop());

  describe('authentication (no authenticator configured: the insecure one)', () => {
    it('a statement without X-Trino-User or Basic credentials: 401 before the body is looked at', async () => {
      for (const sql of ['SELECT 1', '']) {
        expect(await refusalOf(await post(sql))).toEqual(
          plainText(
            401,
            'Basic authentication or X-Trino-User must be sent',
            'Basic realm="Trino"',
          ),
        );
      }
      expect(trino.queries.map(q => q.sql)).not.toContain('SELECT 1');
    });

    it('Basic credentials with a password: 401, the insecure authenticator takes none', async () => {
      expect(
        await refusalOf(
          await post('SELECT 1', {
            Authorization: `Basic ${Buffer.from('alice:secret').toString(
              'base64',
            )}`,
          }),
        ),
      ).toEqual(
        plainText(
          401,
          'Password not allowed for insecure authentication',
          'Basic realm="Trino"',
        ),
      );
    });

    it('Basic credentials without a user: 401 malformed credentials, without a challenge', async () => {
      expect(
        await refusalOf(
          await post('SELECT 1', {
            Authorization: `Basic ${Buffer.from(':').toString('base64')}`,
          }),
        ),
      ).toEqual(plainText(401, 'Malformed credentials: user is empty', null));
    });

    it('still accepts a Basic user without a password, as trino-client sends it', async () => {
      const res = await post('SELECT 1', {
        Authorization: `Basic ${Buffer.from('alice:').toString('base64')}`,
      });
      expect(res.status).toBe(200);
    });
  });

  it('an empty statement from a known user: 400', async () => {
    const res = await post('', { 'X-Trino-User': 'alice' });
    expect(res.status).toBe(400);
  });

  describe('nextUri tokens', () => {
    it('a token the server did not issue: 404 Query not found; an earlier one it did: 410', async () => {
      const { uris, last } = await run('SELECT id FROM lake.sales.orders', {
        'X-Trino-User': 'alice',
      });
      expect(last.stats.state).toBe('FINISHED');
      const lastUri = uris[uris.length - 1];
      const withToken = (uri: string, delta: number) =>
        uri.replace(/\/(\d+)$/, (_, t) => `/${Number(t) + delta}`);

      // Altering the token of an issued URI breaks its slug: ExecutingStatementResource answers "Query not
      // found", QueuedStatementResource a bare NotFoundException.
      expect(await refusalOf(await fetch(withToken(lastUri, 1)))).toEqual(
        plainText(404, 'Query not found', null),
      );
      expect((await fetch(withToken(uris[0], 1))).status).toBe(404);
      // The executing page before the last one was issued and is gone.
      const executing = uris.filter(u => u.includes('/executing/'));
      expect(executing.length).toBeGreaterThan(1);
      expect((await fetch(executing[executing.length - 2])).status).toBe(410);
      // So is the first queued page: a queued URI is served for the last token and the next one only.
      expect(uris.filter(u => u.includes('/queued/')).length).toBeGreaterThan(
        1,
      );
      expect((await fetch(uris[0])).status).toBe(410);
      // Cancelling with an altered URI finds no query either.
      expect(
        await refusalOf(
          await fetch(withToken(lastUri, 1), { method: 'DELETE' }),
        ),
      ).toEqual(plainText(404, 'Query not found', null));
    });

    it('a query id the coordinator does not know: 404, and killing it: 410', async () => {
      const { uris } = await run('SELECT 1', { 'X-Trino-User': 'alice' });
      const unknownId = '20200101_000000_99999_zzzzz';
      const executing = uris.find(u => u.includes('/executing/'))!;
      expect(
        await refusalOf(
          await fetch(
            executing.replace(
              /\/executing\/[^/]+\//,
              `/executing/${unknownId}/`,
            ),
          ),
        ),
      ).toEqual(plainText(404, 'Query not found', null));
      const queued = uris[0].replace(
        /\/queued\/[^/]+\//,
        `/queued/${unknownId}/`,
      );
      expect((await fetch(queued)).status).toBe(404);
      const kill = await fetch(`${trino.url}/v1/query/${unknownId}/killed`, {
        method: 'PUT',
        headers: { 'X-Trino-User': 'alice' },
      });
      expect(kill.status).toBe(410);
    });
  });

  describe('failed queries (FAILED page, no nextUri, the error never on the POST answer)', () => {
    it('a syntax error: SYNTAX_ERROR, USER_ERROR, with the location of the offending token', async () => {
      const { first, last } = await run('SELECT * FROM', {
        'X-Trino-User': 'alice',
        'X-Trino-Catalog': 'lake',
        'X-Trino-Schema': 'sales',
      });
      expect(first.error).toBeUndefined();
      expect(last.stats.state).toBe('FAILED');
      expect(last.nextUri).toBeUndefined();
      expect(last.data).toBeUndefined();
      expect(last.error).toMatchObject({
        errorCode: 1,
        errorName: 'SYNTAX_ERROR',
        errorType: 'USER_ERROR',
        errorLocation: { lineNumber: 1, columnNumber: 14 },
        failureInfo: {
          type: 'io.trino.sql.parser.ParsingException',
          errorLocation: { lineNumber: 1, columnNumber: 14 },
        },
      });
      expect(last.error!.message).toMatch(/^line 1:14: mismatched input/);
      expect(last.error!.failureInfo.message).toBe(last.error!.message);
    });

    it('replays trino-python-client’s error sample: a table without a session schema', async () => {
      const { last } = await run('SELECT * FROM foo', {
        'X-Trino-User': 'alice',
        'X-Trino-Catalog': 'lake',
      });
      expect(last.stats.state).toBe('FAILED');
      expect(last.nextUri).toBeUndefined();
      expect(last.error).toMatchObject({
        ...PYTHON_CLIENT_ERROR_SAMPLE,
        failureInfo: {
          ...PYTHON_CLIENT_ERROR_SAMPLE.failureInfo,
          message: PYTHON_CLIENT_ERROR_SAMPLE.message,
          errorLocation: PYTHON_CLIENT_ERROR_SAMPLE.errorLocation,
        },
      });
      // The sample, from Trino 360, reports SYNTAX_ERROR (1); current Trino raises MISSING_SCHEMA_NAME (57)
      // from MetadataUtil.createQualifiedObjectName.
      expect(last.error).toMatchObject({
        errorCode: 57,
        errorName: 'MISSING_SCHEMA_NAME',
      });
    });

    it('a statement of blanks is not empty: it reaches the parser and fails there', async () => {
      const { last } = await run('   ', { 'X-Trino-User': 'alice' });
      expect(last.error).toMatchObject({
        errorName: 'SYNTAX_ERROR',
        errorLocation: { lineNumber: 1, columnNumber: 4 },
      });
    });
  });
});
