/*
 * Polaris' internal OAuth2 token endpoint and bearer authentication (apache/polaris at 4b4218638308,
 * runtime/service/.../auth): POST /api/catalog/v1/oauth/tokens takes a form (Iceberg's OAuthTokenRequest) and
 * answers Iceberg's OAuthTokenResponse `{access_token, token_type: "bearer", issued_token_type, expires_in}`.
 * DefaultOAuth2ApiService and JWTBroker decide, in this order: a grant_type other than client_credentials or
 * token exchange is unsupported_grant_type; a requested_token_type other than an access token is
 * invalid_request; neither an Authorization header nor client_secret is invalid_client; client id and secret
 * may come in a Basic header; an empty client id or secret is invalid_client, a missing scope or one that is not
 * `PRINCIPAL_ROLE:<name>` words is invalid_scope, and a client id or secret that matches no principal is
 * unauthorized_client (401); a subject_token that does not verify is invalid_client. Tokens are HMAC-signed JWTs
 * (iss "polaris", sub the principal, client_id, scope) valid for an hour by default
 * (polaris.authentication.token-broker.max-token-generation). On every other request the bearer token must
 * verify and the principal must still exist; the scope activates the principal's roles, all of them for
 * PRINCIPAL_ROLE:ALL, and naming a role the principal lacks fails authentication (DefaultAuthenticator). Any
 * failure gets the 401 challenge.
 */
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import type http from 'node:http';
import type { Caller } from './access';
import { BareAnswer, OAuthTokenError, authenticationRequired } from './errors';
import type { PolarisRealm } from './realm';

const CLIENT_CREDENTIALS = 'client_credentials';
const TOKEN_EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';
const ACCESS_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:access_token';
const ROLE_PREFIX = 'PRINCIPAL_ROLE:';
const ALL_ROLES = 'PRINCIPAL_ROLE:ALL';

interface IssuedToken {
  principal: string;
  clientId: string;
  scope: string;
  expiresAt: number;
}

/** Issues and verifies the access tokens of a realm. */
export class TokenBroker {
  private readonly tokens = new Map<string, IssuedToken>();
  private readonly key = randomBytes(32);

  constructor(
    private readonly realm: PolarisRealm,
    private readonly now: () => number,
    private readonly ttlSeconds: number,
  ) {}

  /** Answers POST /api/catalog/v1/oauth/tokens. */
  tokenEndpoint(
    headers: http.IncomingHttpHeaders,
    body: string,
  ): { status: number; json: Record<string, unknown> } {
    const contentType = String(headers['content-type'] ?? '');
    if (!contentType.startsWith('application/x-www-form-urlencoded')) {
      throw new BareAnswer(415);
    }
    const form = new URLSearchParams(body);
    const grantType = form.get('grant_type');
    if (grantType !== CLIENT_CREDENTIALS && grantType !== TOKEN_EXCHANGE) {
      throw new OAuthTokenError('unsupported_grant_type');
    }
    const requested = form.get('requested_token_type');
    if (requested !== null && requested !== ACCESS_TOKEN_TYPE) {
      throw new OAuthTokenError('invalid_request');
    }
    const authHeader = headers.authorization;
    let clientId = form.get('client_id');
    let clientSecret = form.get('client_secret');
    if (authHeader === undefined && clientSecret === null) {
      throw new OAuthTokenError('invalid_client');
    }
    if (
      authHeader !== undefined &&
      clientSecret === null &&
      authHeader.startsWith('Basic ')
    ) {
      const decoded = Buffer.from(authHeader.slice(6), 'base64').toString(
        'utf8',
      );
      const colon = decoded.indexOf(':');
      if (colon < 0) {
        throw new OAuthTokenError('invalid_request');
      }
      clientId = decoded.slice(0, colon);
      clientSecret = decoded.slice(colon + 1);
    }
    const scope = form.get('scope');
    let token: string;
    if (clientSecret !== null) {
      token = this.fromClientSecret(clientId, clientSecret, scope);
    } else if (form.get('subject_token') !== null) {
      token = this.fromToken(
        form.get('subject_token')!,
        form.get('subject_token_type'),
        scope,
      );
    } else {
      throw new OAuthTokenError('invalid_request');
    }
    return {
      status: 200,
      json: {
        access_token: token,
        token_type: 'bearer',
        issued_token_type: ACCESS_TOKEN_TYPE,
        expires_in: this.ttlSeconds,
      },
    };
  }

  /** Mints a token for a principal as the token endpoint would. */
  issue(principal: string, scope: string = ALL_ROLES): string {
    const record = this.realm.principals.get(principal);
    if (!record) {
      throw new Error(`The Polaris double has no principal "${principal}"`);
    }
    const issuedAt = this.now();
    const expiresAt = issuedAt + this.ttlSeconds * 1000;
    const encode = (value: object) =>
      Buffer.from(JSON.stringify(value)).toString('base64url');
    const unsigned = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode({
      iss: 'polaris',
      sub: principal,
      iat: Math.floor(issuedAt / 1000),
      exp: Math.floor(expiresAt / 1000),
      jti: randomUUID(),
      active: true,
      client_id: record.clientId,
      scope,
    })}`;
    const token = `${unsigned}.${createHmac('sha256', this.key)
      .update(unsigned)
      .digest('base64url')}`;
    this.tokens.set(token, {
      principal,
      clientId: record.clientId,
      scope,
      expiresAt,
    });
    return token;
  }

  /** Makes every token issued so far expired. */
  expireAll(): void {
    const past = this.now() - 1;
    for (const token of this.tokens.values()) {
      token.expiresAt = past;
    }
  }

  /** The caller a request's Authorization header proves, or the 401 challenge. */
  authenticate(header: string | undefined): Caller {
    const space = header?.indexOf(' ') ?? -1;
    if (
      header === undefined ||
      space <= 0 ||
      header.slice(0, space).toLowerCase() !== 'bearer'
    ) {
      throw authenticationRequired();
    }
    const token = this.verify(header.slice(space + 1));
    const principal = token && this.realm.principals.get(token.principal);
    if (!token || !principal) {
      throw authenticationRequired();
    }
    const requested = token.scope.split(' ');
    if (requested.includes(ALL_ROLES)) {
      return {
        principal: principal.name,
        principalRoles: [...principal.principalRoles],
      };
    }
    const roles = requested
      .filter(s => s.startsWith(ROLE_PREFIX))
      .map(s => s.slice(ROLE_PREFIX.length));
    if (!roles.every(role => principal.principalRoles.includes(role))) {
      throw authenticationRequired();
    }
    return { principal: principal.name, principalRoles: [...new Set(roles)] };
  }

  private verify(token: string): IssuedToken | undefined {
    const issued = this.tokens.get(token);
    return issued && this.now() < issued.expiresAt ? issued : undefined;
  }

  private fromClientSecret(
    clientId: string | null,
    clientSecret: string,
    scope: string | null,
  ): string {
    if (!clientId || !clientSecret) {
      throw new OAuthTokenError('invalid_client');
    }
    if (!scope) {
      throw new OAuthTokenError('invalid_scope');
    }
    checkScope(scope);
    const principal = this.realm.principalByClientId(clientId);
    if (!principal || principal.clientSecret !== clientSecret) {
      throw new OAuthTokenError('unauthorized_client');
    }
    return this.issue(principal.name, scope);
  }

  private fromToken(
    subjectToken: string,
    subjectTokenType: string | null,
    scope: string | null,
  ): string {
    if (subjectTokenType !== ACCESS_TOKEN_TYPE || !subjectToken.trim()) {
      throw new OAuthTokenError('invalid_request');
    }
    const subject = this.verify(subjectToken);
    if (!subject) {
      throw new OAuthTokenError('invalid_client');
    }
    if (!this.realm.principals.has(subject.principal)) {
      throw new OAuthTokenError('unauthorized_client');
    }
    if (scope === null) {
      return this.issue(subject.principal, subject.scope);
    }
    checkScope(scope);
    const held = subject.scope.split(' ');
    const wanted = scope.split(' ');
    if (!held.includes(ALL_ROLES) && !wanted.every(s => held.includes(s))) {
      throw new OAuthTokenError('invalid_scope');
    }
    return this.issue(subject.principal, scope);
  }
}

/** TokenRequestValidator.validateScope: space-separated `PRINCIPAL_ROLE:<name>` words. */
function checkScope(scope: string): void {
  for (const word of scope.split(' ')) {
    if (!word.startsWith(ROLE_PREFIX) || word.length === ROLE_PREFIX.length) {
      throw new OAuthTokenError('invalid_scope');
    }
  }
}
