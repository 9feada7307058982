import { CustomErrorBase } from '@backstage/errors';
import { PolarisAuth } from './config';

/**
 * A privilege granted to a catalog role on a securable: a GrantResource of
 * the Polaris management API (polaris-management-service.yml).
 */
export type PolarisGrant =
  | { type: 'catalog'; privilege: string }
  | { type: 'namespace'; namespace: string[]; privilege: string }
  | {
      type: 'table';
      namespace: string[];
      tableName: string;
      privilege: string;
    }
  | { type: 'view'; namespace: string[]; viewName: string; privilege: string }
  | {
      type: 'policy';
      namespace: string[];
      policyName: string;
      privilege: string;
    };

/** A catalog role, principal role or principal as Polaris lists them. */
export interface PolarisNamedEntity {
  name: string;
  properties?: Record<string, string>;
}

/** A principal role: `federated` ones are managed by an identity provider. */
export interface PolarisPrincipalRole extends PolarisNamedEntity {
  federated?: boolean;
}

/**
 * A failed call to Polaris: names the operation (the spec's operationId),
 * Polaris' status and the `error.message` of its ErrorResponse. Answered to
 * the portal's clients as 502: the fault is upstream.
 */
export class PolarisRequestError extends CustomErrorBase {
  name = 'PolarisRequestError' as const;
  /** The portal's answer: Polaris failed, not the request. */
  readonly statusCode = 502;

  constructor(
    message: string,
    readonly operation: string,
    /** Polaris' HTTP status; absent when Polaris did not answer. */
    readonly polarisStatus?: number,
    /** The exception type of Polaris' ErrorResponse, e.g. `NotFoundException`. */
    readonly polarisType?: string,
  ) {
    super(message);
  }
}

/** Whether Polaris answered that the entity does not exist. */
export function isPolarisNotFound(error: unknown): boolean {
  return error instanceof PolarisRequestError && error.polarisStatus === 404;
}

/** Whether Polaris answered that a grant or assignment to revoke is not held. */
export function isPolarisGrantNotFound(error: unknown): boolean {
  return (
    error instanceof PolarisRequestError &&
    (error.polarisType === 'GRANT_NOT_FOUND' || error.polarisStatus === 404)
  );
}

/** Whether Polaris answered that what was created exists already. */
export function isPolarisAlreadyExists(error: unknown): boolean {
  return error instanceof PolarisRequestError && error.polarisStatus === 409;
}

/** What the client needs. */
export interface PolarisManagementClientOptions {
  /** Polaris base URL; the management API is at `<url>/api/management/v1`. */
  url: string;
  auth?: PolarisAuth;
  /** Time out each request after this many milliseconds. */
  requestTimeoutMs: number;
}

interface Call {
  operation: string;
  method: 'GET' | 'PUT' | 'POST' | 'DELETE';
  path: string;
  body?: unknown;
}

const seg = encodeURIComponent;

/** `: <type>: <message>` of a Polaris ErrorResponse or OAuth error body. */
function describeErrorBody(text: string): {
  detail: string;
  type?: string;
} {
  try {
    const body = JSON.parse(text);
    if (body?.error && typeof body.error === 'object') {
      const type =
        typeof body.error.type === 'string' ? body.error.type : undefined;
      const message = body.error.message ?? '(no message)';
      return { detail: `: ${type ?? 'error'}: ${message}`, type };
    }
    if (typeof body?.error === 'string') {
      return {
        detail: `: ${body.error}${
          body.error_description ? `: ${body.error_description}` : ''
        }`,
        type: body.error,
      };
    }
  } catch {
    // Not JSON: the raw text says what there is to say.
  }
  const snippet = text.trim().slice(0, 200);
  return { detail: snippet ? `: ${snippet}` : '' };
}

/**
 * A client of Apache Polaris' management API (polaris-management-service.yml)
 * for the catalog roles, principal roles and grants the portal reads and
 * changes. Authenticates with OAuth2 client credentials against Polaris'
 * token endpoint (the token is reused until shortly before it expires and
 * fetched again once when Polaris answers 401) or with a static bearer token.
 */
export class PolarisManagementClient {
  private readonly baseUrl: string;
  private token?: { value: string; expiresAt: number };
  private tokenRequest?: Promise<string>;

  constructor(private readonly options: PolarisManagementClientOptions) {
    this.baseUrl = `${options.url.replace(/\/+$/, '')}/api/management/v1`;
  }

  // Catalog roles and their grants.

  async listCatalogRoles(catalog: string): Promise<PolarisNamedEntity[]> {
    const body = await this.call({
      operation: 'listCatalogRoles',
      method: 'GET',
      path: `/catalogs/${seg(catalog)}/catalog-roles`,
    });
    return body.roles;
  }

  /** The catalog role, or undefined when the catalog has none of that name. */
  async getCatalogRole(
    catalog: string,
    role: string,
  ): Promise<PolarisNamedEntity | undefined> {
    try {
      return await this.call({
        operation: 'getCatalogRole',
        method: 'GET',
        path: `/catalogs/${seg(catalog)}/catalog-roles/${seg(role)}`,
      });
    } catch (error) {
      if (isPolarisNotFound(error)) return undefined;
      throw error;
    }
  }

  async createCatalogRole(
    catalog: string,
    role: string,
    properties: Record<string, string> = {},
  ): Promise<PolarisNamedEntity> {
    return this.call({
      operation: 'createCatalogRole',
      method: 'POST',
      path: `/catalogs/${seg(catalog)}/catalog-roles`,
      body: { catalogRole: { name: role, properties } },
    });
  }

  async listGrants(catalog: string, role: string): Promise<PolarisGrant[]> {
    const body = await this.call({
      operation: 'listGrantsForCatalogRole',
      method: 'GET',
      path: `/catalogs/${seg(catalog)}/catalog-roles/${seg(role)}/grants`,
    });
    return body.grants;
  }

  /** Adds a grant; adding one the role holds changes nothing. */
  async addGrant(
    catalog: string,
    role: string,
    grant: PolarisGrant,
  ): Promise<void> {
    await this.call({
      operation: 'addGrantToCatalogRole',
      method: 'PUT',
      path: `/catalogs/${seg(catalog)}/catalog-roles/${seg(role)}/grants`,
      body: { grant },
    });
  }

  /** Revokes a grant, without cascading (Polaris does not implement it). */
  async revokeGrant(
    catalog: string,
    role: string,
    grant: PolarisGrant,
  ): Promise<void> {
    await this.call({
      operation: 'revokeGrantFromCatalogRole',
      method: 'POST',
      path: `/catalogs/${seg(catalog)}/catalog-roles/${seg(
        role,
      )}/grants?cascade=false`,
      body: { grant },
    });
  }

  async listPrincipalRolesOfCatalogRole(
    catalog: string,
    role: string,
  ): Promise<PolarisPrincipalRole[]> {
    const body = await this.call({
      operation: 'listAssigneePrincipalRolesForCatalogRole',
      method: 'GET',
      path: `/catalogs/${seg(catalog)}/catalog-roles/${seg(
        role,
      )}/principal-roles`,
    });
    return body.roles;
  }

  // Principal roles.

  async listPrincipalRoles(): Promise<PolarisPrincipalRole[]> {
    const body = await this.call({
      operation: 'listPrincipalRoles',
      method: 'GET',
      path: '/principal-roles',
    });
    return body.roles;
  }

  /** The principal role, or undefined when there is none of that name. */
  async getPrincipalRole(
    role: string,
  ): Promise<PolarisPrincipalRole | undefined> {
    try {
      return await this.call({
        operation: 'getPrincipalRole',
        method: 'GET',
        path: `/principal-roles/${seg(role)}`,
      });
    } catch (error) {
      if (isPolarisNotFound(error)) return undefined;
      throw error;
    }
  }

  async createPrincipalRole(
    role: string,
    properties: Record<string, string> = {},
  ): Promise<PolarisPrincipalRole> {
    return this.call({
      operation: 'createPrincipalRole',
      method: 'POST',
      path: '/principal-roles',
      body: { principalRole: { name: role, properties } },
    });
  }

  async listPrincipalsOfPrincipalRole(
    role: string,
  ): Promise<PolarisNamedEntity[]> {
    const body = await this.call({
      operation: 'listAssigneePrincipalsForPrincipalRole',
      method: 'GET',
      path: `/principal-roles/${seg(role)}/principals`,
    });
    return body.principals;
  }

  async listCatalogRolesOfPrincipalRole(
    principalRole: string,
    catalog: string,
  ): Promise<PolarisNamedEntity[]> {
    const body = await this.call({
      operation: 'listCatalogRolesForPrincipalRole',
      method: 'GET',
      path: `/principal-roles/${seg(principalRole)}/catalog-roles/${seg(
        catalog,
      )}`,
    });
    return body.roles;
  }

  /** Assigns a catalog role to a principal role; assigning twice changes nothing. */
  async assignCatalogRole(
    principalRole: string,
    catalog: string,
    catalogRole: string,
  ): Promise<void> {
    await this.call({
      operation: 'assignCatalogRoleToPrincipalRole',
      method: 'PUT',
      path: `/principal-roles/${seg(principalRole)}/catalog-roles/${seg(
        catalog,
      )}`,
      body: { catalogRole: { name: catalogRole } },
    });
  }

  async revokeCatalogRole(
    principalRole: string,
    catalog: string,
    catalogRole: string,
  ): Promise<void> {
    await this.call({
      operation: 'revokeCatalogRoleFromPrincipalRole',
      method: 'DELETE',
      path: `/principal-roles/${seg(principalRole)}/catalog-roles/${seg(
        catalog,
      )}/${seg(catalogRole)}`,
    });
  }

  // Principals.

  async listPrincipalRolesOfPrincipal(
    principal: string,
  ): Promise<PolarisPrincipalRole[]> {
    const body = await this.call({
      operation: 'listPrincipalRolesAssigned',
      method: 'GET',
      path: `/principals/${seg(principal)}/principal-roles`,
    });
    return body.roles;
  }

  /** Assigns a principal role to a principal; assigning twice changes nothing. */
  async assignPrincipalRole(
    principal: string,
    principalRole: string,
  ): Promise<void> {
    await this.call({
      operation: 'assignPrincipalRole',
      method: 'PUT',
      path: `/principals/${seg(principal)}/principal-roles`,
      body: { principalRole: { name: principalRole } },
    });
  }

  async revokePrincipalRole(
    principal: string,
    principalRole: string,
  ): Promise<void> {
    await this.call({
      operation: 'revokePrincipalRole',
      method: 'DELETE',
      path: `/principals/${seg(principal)}/principal-roles/${seg(
        principalRole,
      )}`,
    });
  }

  private async call(call: Call, retried = false): Promise<any> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    const token = await this.bearerToken();
    if (token) headers.Authorization = `Bearer ${token}`;
    if (call.body !== undefined) headers['Content-Type'] = 'application/json';
    const what = `Polaris ${call.operation} (${call.method} ${call.path})`;
    const { status, text } = await this.send(
      `${this.baseUrl}${call.path}`,
      {
        method: call.method,
        headers,
        body: call.body === undefined ? undefined : JSON.stringify(call.body),
      },
      what,
      call.operation,
    );
    if (status === 401 && this.options.auth?.type === 'oauth2' && !retried) {
      // The token expired or Polaris restarted with a new signing key:
      // fetch a new one once, then give up.
      this.token = undefined;
      return this.call(call, true);
    }
    if (status < 200 || status >= 300) {
      const { detail, type } = describeErrorBody(text);
      throw new PolarisRequestError(
        `${what} answered ${status}${detail}`,
        call.operation,
        status,
        type,
      );
    }
    if (!text) return undefined;
    try {
      return JSON.parse(text);
    } catch {
      throw new PolarisRequestError(
        `${what} answered ${status} with a body that is not JSON`,
        call.operation,
        status,
      );
    }
  }

  private async bearerToken(): Promise<string | undefined> {
    const auth = this.options.auth;
    if (!auth) return undefined;
    if (auth.type === 'bearer') return auth.token;
    if (this.token && this.token.expiresAt > Date.now()) {
      return this.token.value;
    }
    this.tokenRequest ??= this.requestToken(auth).finally(() => {
      this.tokenRequest = undefined;
    });
    return this.tokenRequest;
  }

  private async requestToken(
    auth: Extract<PolarisAuth, { type: 'oauth2' }>,
  ): Promise<string> {
    const what = `Polaris token endpoint ${auth.tokenUrl}`;
    const { status, text } = await this.send(
      auth.tokenUrl,
      {
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          Accept: 'application/json',
        },
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: auth.clientId,
          client_secret: auth.clientSecret,
          scope: auth.scope,
        }).toString(),
      },
      what,
      'token',
    );
    if (status < 200 || status >= 300) {
      const { detail, type } = describeErrorBody(text);
      throw new PolarisRequestError(
        `${what} answered ${status}${detail}`,
        'token',
        status,
        type,
      );
    }
    let token: { access_token?: unknown; expires_in?: unknown };
    try {
      token = JSON.parse(text);
    } catch {
      throw new PolarisRequestError(
        `${what} answered with a body that is not JSON`,
        'token',
        status,
      );
    }
    if (typeof token.access_token !== 'string' || !token.access_token) {
      throw new PolarisRequestError(
        `${what} answered without an access_token`,
        'token',
        status,
      );
    }
    const expiresIn =
      typeof token.expires_in === 'number' ? token.expires_in : 3600;
    // Renew a minute early (or halfway through a short lifetime) so that no
    // request goes out with a token about to expire.
    const marginSeconds = Math.min(60, expiresIn / 2);
    this.token = {
      value: token.access_token,
      expiresAt: Date.now() + (expiresIn - marginSeconds) * 1000,
    };
    return token.access_token;
  }

  private async send(
    url: string,
    init: RequestInit,
    what: string,
    operation: string,
  ): Promise<{ status: number; text: string }> {
    const timeoutMs = this.options.requestTimeoutMs;
    try {
      const response = await fetch(url, {
        ...init,
        signal: AbortSignal.timeout(timeoutMs),
      });
      return { status: response.status, text: await response.text() };
    } catch (error) {
      const e = error as Error;
      const reason =
        e.name === 'TimeoutError' || e.name === 'AbortError'
          ? `timed out after ${timeoutMs} ms`
          : `failed: ${(e as { cause?: Error }).cause?.message ?? e.message}`;
      throw new PolarisRequestError(`${what} ${reason}`, operation);
    }
  }
}
