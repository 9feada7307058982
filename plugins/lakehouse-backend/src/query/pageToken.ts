import { createHmac, timingSafeEqual } from 'node:crypto';
import { InputError, NotAllowedError } from '@backstage/errors';

/**
 * What any replica needs to continue a Trino query from where its client
 * is: the page token of `GET /queries/{id}` carries it, so no replica has
 * to remember the query.
 */
export interface TrinoPageState {
  /** Trino's nextUri of the next page. */
  nextUri: string;
  /**
   * Rows of the page at `nextUri` already handed out: a Trino page larger
   * than the console's page size is handed out in parts, and Trino answers
   * the same nextUri again until the one after it is fetched, so whichever
   * replica is asked fetches that page again and skips these rows.
   */
  offset: number;
  /** Rows handed out so far, for the row cap. */
  rowCount: number;
  rowCap: number;
  /** When the query started (ms), for the time-out. */
  startedAt: number;
  /** The name Trino knows the user by. */
  engineUser: string;
  engineQueryId: string;
  statementType: string;
}

interface TokenPayload {
  v: 1;
  /** Query id and user entity ref the token is bound to. */
  q: string;
  u: string;
  n: string;
  /** Offset into the page at `n`; absent (0) in tokens issued before. */
  o?: number;
  r: number;
  c: number;
  s: number;
  e: string;
  t: string;
  i: string;
}

/**
 * Signs page tokens with a key every replica shares (HMAC-SHA256 of the
 * payload): `<base64url JSON payload>.<base64url signature>`. The token is
 * bound to the query and its user, so a token that was changed, or used
 * for another query or by another user, is refused.
 */
export class PageTokens {
  constructor(private readonly key: Buffer) {}

  private sign(payload: string): Buffer {
    return createHmac('sha256', this.key).update(payload).digest();
  }

  issue(queryId: string, userRef: string, state: TrinoPageState): string {
    const payload: TokenPayload = {
      v: 1,
      q: queryId,
      u: userRef,
      n: state.nextUri,
      ...(state.offset ? { o: state.offset } : {}),
      r: state.rowCount,
      c: state.rowCap,
      s: state.startedAt,
      e: state.engineUser,
      t: state.statementType,
      i: state.engineQueryId,
    };
    const encoded = Buffer.from(JSON.stringify(payload)).toString('base64url');
    return `${encoded}.${this.sign(encoded).toString('base64url')}`;
  }

  /**
   * The state in a token of query `queryId` presented by `userRef`. Throws
   * InputError (400) for a token that is malformed, altered or of another
   * query, NotAllowedError (403) for another user's.
   */
  read(token: string, queryId: string, userRef: string): TrinoPageState {
    const [encoded, signature, extra] = token.split('.');
    const given = Buffer.from(signature ?? '', 'base64url');
    const expected = this.sign(encoded ?? '');
    if (
      extra !== undefined ||
      !encoded ||
      given.length !== expected.length ||
      !timingSafeEqual(given, expected)
    ) {
      throw new InputError(
        `The page token of query ${queryId} is not one this portal issued`,
      );
    }
    const payload = JSON.parse(
      Buffer.from(encoded, 'base64url').toString('utf8'),
    ) as TokenPayload;
    if (payload.q !== queryId) {
      throw new InputError(
        `The page token is of another query than ${queryId}`,
      );
    }
    if (payload.u !== userRef) {
      throw new NotAllowedError(
        `The page token of query ${queryId} was issued to another user`,
      );
    }
    return {
      nextUri: payload.n,
      offset: payload.o ?? 0,
      rowCount: payload.r,
      rowCap: payload.c,
      startedAt: payload.s,
      engineUser: payload.e,
      statementType: payload.t,
      engineQueryId: payload.i,
    };
  }
}
