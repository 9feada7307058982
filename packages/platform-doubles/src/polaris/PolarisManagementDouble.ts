/*
 * Test double of the Apache Polaris management service, following its OpenAPI spec
 * (spec/polaris-management-service.yml; schemas copied in schema/) and, for what the spec leaves open, Polaris'
 * own source (apache/polaris at 4b4218638308, read for facts only). It serves, under /api/management/v1:
 * catalogs (list, get), principals (list, get, create, their principal roles: list, assign, revoke), principal
 * roles (list, get, create, their principals, their catalog roles: list, assign, revoke), catalog roles (list,
 * get, create, their principal roles) and the grants of a catalog role (GET lists, PUT adds, POST revokes),
 * with the status codes, bodies and refusals described in operations.ts, requestBodies.ts and access.ts.
 * Every management call needs a bearer token from Polaris' internal OAuth2 endpoint,
 * POST /api/catalog/v1/oauth/tokens (tokens.ts). Other management operations of the spec answer 501 naming the
 * operation; other paths 404. Faults (support/faults.ts) are answered with Polaris' ErrorResponse body.
 */
import type http from 'node:http';
import { type LocalServer, sendText } from '../support/http';
import { receiveRequest } from '../support/receive';
import { ProtocolDouble } from '../support/ProtocolDouble';
import {
  type ChildProcessDouble,
  startDoubleInChildProcess,
} from '../support/childProcess';
import {
  BareAnswer,
  OAuthTokenError,
  PolarisError,
  errorResponseBody,
  faultBody,
} from './errors';
import { GRANT_TYPE_ORDER, type PolarisGrant } from './grants';
import { runOperation } from './operations';
import { PolarisRealm } from './realm';
import { MANAGEMENT_BASE_PATH, matchManagementRoute } from './routes';
import {
  type PolarisCatalogSeed,
  type PolarisPrincipalRoleSeed,
  type PolarisPrincipalSeed,
  seedRealm,
} from './seed';
import { TokenBroker } from './tokens';

export type { PolarisGrant } from './grants';
export type {
  PolarisCatalogRoleSeed,
  PolarisCatalogSeed,
  PolarisPrincipalRoleSeed,
  PolarisPrincipalSeed,
  PolarisSecurableSeed,
} from './seed';

/** Polaris' internal OAuth2 token endpoint, on the catalog API. */
const TOKEN_PATH = '/api/catalog/v1/oauth/tokens';

/**
 * Options of {@link PolarisManagementDouble.start}.
 *
 * @public
 */
export interface PolarisManagementDoubleOptions {
  /**
   * Client credentials of the `root` principal, which holds `service_admin`. Default: client id `root`, secret
   * `s3cr3t` (the bootstrap credentials of Polaris' getting-started guide).
   */
  rootCredentials?: { clientId: string; clientSecret: string };
  /** Catalogs to start with. */
  catalogs?: PolarisCatalogSeed[];
  /** Principal roles to start with (besides `service_admin`). */
  principalRoles?: PolarisPrincipalRoleSeed[];
  /** Principals to start with (besides `root`). */
  principals?: PolarisPrincipalSeed[];
  /** Lifetime of access tokens. Default 3600, Polaris' default. */
  tokenTtlSeconds?: number;
  /** Maximum number of entries kept in `requests`. Default 100000. */
  requestLogLimit?: number;
  /** Clock for timestamps and token expiry, in ms. Default Date.now. */
  now?: () => number;
  /** Port to listen on. Default: a random free port. */
  port?: number;
}

/**
 * Handle of a Polaris management double running in a child process.
 *
 * @public
 */
export type PolarisManagementChildProcess = ChildProcessDouble;

/**
 * A protocol-faithful Apache Polaris management service (with its OAuth2 token endpoint) on 127.0.0.1 for
 * tests.
 *
 * @public
 */
export class PolarisManagementDouble extends ProtocolDouble {
  /** The server's origin, `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** Base URL of the management API: `${url}/api/management/v1`. */
  readonly managementUrl: string;
  /** The OAuth2 token endpoint: `${url}/api/catalog/v1/oauth/tokens`. */
  readonly tokenUrl: string;

  private readonly tokens: TokenBroker;

  private constructor(
    options: PolarisManagementDoubleOptions,
    server: LocalServer,
    private readonly realm: PolarisRealm,
  ) {
    super(server, options.requestLogLimit ?? 100_000);
    this.url = server.origin;
    this.managementUrl = `${server.origin}${MANAGEMENT_BASE_PATH}`;
    this.tokenUrl = `${server.origin}${TOKEN_PATH}`;
    this.tokens = new TokenBroker(
      realm,
      options.now ?? Date.now,
      options.tokenTtlSeconds ?? 3600,
    );
  }

  /**
   * Starts a Polaris management double on 127.0.0.1 (random free port unless `port` is given). Throws before
   * listening when a seed breaks the API's rules.
   */
  static async start(
    options: PolarisManagementDoubleOptions = {},
  ): Promise<PolarisManagementDouble> {
    const realm = new PolarisRealm(
      options.now ?? Date.now,
      options.rootCredentials ?? { clientId: 'root', clientSecret: 's3cr3t' },
    );
    seedRealm(realm, options);
    return ProtocolDouble.listen(
      options.port,
      server => new PolarisManagementDouble(options, server, realm),
    );
  }

  /**
   * Starts the double in a separate Node.js process (for a running portal or a browser test). Options must be
   * JSON-serializable (no `now`).
   */
  static startInChildProcess(
    options: Omit<PolarisManagementDoubleOptions, 'now'> = {},
  ): Promise<PolarisManagementChildProcess> {
    return startDoubleInChildProcess(require.resolve('./serve'), options);
  }

  /** The grants a catalog role holds, in the order the API lists them. */
  grants(catalog: string, catalogRole: string): PolarisGrant[] {
    const role = this.realm.catalogs.get(catalog)?.roles.get(catalogRole);
    if (!role) {
      throw new Error(
        `The Polaris double has no catalog role "${catalogRole}" in catalog "${catalog}"`,
      );
    }
    const grants = [...role.grants.values()];
    return GRANT_TYPE_ORDER.flatMap(type =>
      grants.filter(g => g.type === type),
    );
  }

  /** The principal roles assigned to a principal. */
  principalRolesOf(principal: string): string[] {
    return [...this.principal(principal).principalRoles];
  }

  /** The catalog roles of `catalog` assigned to a principal role. */
  catalogRolesOf(principalRole: string, catalog: string): string[] {
    if (!this.realm.principalRoles.has(principalRole)) {
      throw new Error(
        `The Polaris double has no principal role "${principalRole}"`,
      );
    }
    return this.realm
      .catalogRolesOf([principalRole], catalog)
      .map(role => role.name);
  }

  /** The client credentials of a principal (seeded, created through the API, or `root`). */
  credentials(principal: string): { clientId: string; clientSecret: string } {
    const { clientId, clientSecret } = this.principal(principal);
    return { clientId, clientSecret };
  }

  /** Adds a namespace (and its missing ancestors) to a catalog. */
  addNamespace(catalog: string, levels: string[]): void {
    this.catalog(catalog);
    this.realm.addNamespace(catalog, levels);
  }

  /** Adds a table (and its namespace) to a catalog, so that grants may name it. */
  addTable(catalog: string, namespace: string[], name: string): void {
    this.catalog(catalog);
    this.realm.addLeaf(catalog, 'table', namespace, name);
  }

  /** Adds a view (and its namespace) to a catalog, so that grants may name it. */
  addView(catalog: string, namespace: string[], name: string): void {
    this.catalog(catalog);
    this.realm.addLeaf(catalog, 'view', namespace, name);
  }

  /**
   * Mints an access token for a principal as the token endpoint would. `scope` activates principal roles:
   * `PRINCIPAL_ROLE:ALL` (default) or `PRINCIPAL_ROLE:<name>` words.
   */
  issueToken(principal = 'root', scope = 'PRINCIPAL_ROLE:ALL'): string {
    return this.tokens.issue(principal, scope);
  }

  /** Makes every token issued so far expired (requests with them get 401). */
  expireTokens(): void {
    this.tokens.expireAll();
  }

  private principal(name: string) {
    const principal = this.realm.principals.get(name);
    if (!principal) {
      throw new Error(`The Polaris double has no principal "${name}"`);
    }
    return principal;
  }

  private catalog(name: string) {
    const catalog = this.realm.catalogs.get(name);
    if (!catalog) {
      throw new Error(`The Polaris double has no catalog "${name}"`);
    }
    return catalog;
  }

  protected internalError(error: unknown) {
    return {
      body: errorResponseBody(
        500,
        (error as Error)?.constructor?.name ?? 'RuntimeException',
        String((error as Error)?.message ?? error),
      ),
    };
  }

  protected async handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const received = await receiveRequest(req, res, {
      log: this.log,
      faults: this.faults,
      hasBody: method => method !== 'GET' && method !== 'HEAD',
      faultAnswer: status => ({ body: faultBody(status) }),
    });
    if (!received) return;
    const { method, path, query, body, truncate } = received;
    try {
      const answer = this.route(method, path, query, req.headers, body);
      if (answer.json === undefined) {
        res.writeHead(answer.status);
        res.end();
        return;
      }
      sendText(
        res,
        answer.status,
        JSON.stringify(answer.json),
        answer.headers,
        truncate,
      );
    } catch (e) {
      if (e instanceof PolarisError || e instanceof OAuthTokenError) {
        sendText(res, e.status, e.body(), {}, truncate);
      } else if (e instanceof BareAnswer) {
        res.writeHead(e.status, e.headers);
        res.end();
      } else {
        throw e;
      }
    }
  }

  private route(
    method: string,
    path: string,
    query: Record<string, string>,
    headers: http.IncomingHttpHeaders,
    body: string | undefined,
  ): { status: number; json?: unknown; headers?: Record<string, string> } {
    if (path === TOKEN_PATH) {
      if (method !== 'POST') {
        throw new BareAnswer(405, { Allow: 'POST' });
      }
      return this.tokens.tokenEndpoint(headers, body ?? '');
    }
    if (!path.startsWith(`${MANAGEMENT_BASE_PATH}/`)) {
      throw new BareAnswer(404);
    }
    const { operation, names } = matchManagementRoute(method, path);
    const caller = this.tokens.authenticate(headers.authorization);
    const contentType = headers['content-type'];
    if (
      (method === 'PUT' || method === 'POST') &&
      contentType !== undefined &&
      !/^application\/json\b/i.test(contentType)
    ) {
      throw new BareAnswer(415);
    }
    return runOperation(this.realm, { caller, operation, names, query, body });
  }
}
