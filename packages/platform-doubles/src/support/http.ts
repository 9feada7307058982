/*
 * Shared HTTP plumbing of the doubles, built on node:http (https://nodejs.org/api/http.html):
 * a server bound to 127.0.0.1 on a random free port with keep-alive, a bounded request log
 * and small helpers to read bodies and query strings. The wire behaviour of each double
 * follows its own upstream spec; see the comment at the top of each double.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * One HTTP request as a double received it.
 *
 * @public
 */
export interface RecordedRequest {
  /** HTTP method, upper case. */
  method: string;
  /** Raw path without query string, percent-encoding kept as received (e.g. `/v1/p/namespaces/a%1Fb`). */
  path: string;
  /** Decoded query parameters (last value wins). */
  query: Record<string, string>;
  /** Request headers, lower-case names as node:http gives them. */
  headers: http.IncomingHttpHeaders;
  /** Request body, for requests that carry one (POST/PUT) and that the double read. */
  body?: string;
  /** Wall-clock time the request arrived (ms since epoch). */
  time: number;
}

/** Parses the query part of a request URL into decoded key/value pairs. */
export function parseQuery(search: string): Record<string, string> {
  const query: Record<string, string> = {};
  if (!search) {
    return query;
  }
  for (const [key, value] of new URLSearchParams(search)) {
    query[key] = value;
  }
  return query;
}

/** Splits a raw request URL into raw path and decoded query. */
export function splitUrl(rawUrl: string): {
  path: string;
  query: Record<string, string>;
} {
  const q = rawUrl.indexOf('?');
  if (q < 0) {
    return { path: rawUrl, query: {} };
  }
  return { path: rawUrl.slice(0, q), query: parseQuery(rawUrl.slice(q + 1)) };
}

/** Reads a request body as UTF-8 text. */
export function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** A request log that keeps at most `limit` entries (oldest dropped first). */
export class RequestLog {
  readonly entries: RecordedRequest[] = [];

  constructor(private readonly limit: number) {}

  push(entry: RecordedRequest): void {
    this.entries.push(entry);
    if (this.entries.length > this.limit + Math.ceil(this.limit / 10)) {
      this.entries.splice(0, this.entries.length - this.limit);
    }
  }

  clear(): void {
    this.entries.length = 0;
  }
}

/** A started HTTP server on 127.0.0.1. */
export interface LocalServer {
  server: http.Server;
  port: number;
  origin: string;
  close(): Promise<void>;
}

/**
 * Starts `handler` on 127.0.0.1 on a random free port (or `port` when given).
 * Keep-alive stays on; `close()` also ends idle keep-alive sockets.
 */
export async function startLocalServer(
  handler: (req: http.IncomingMessage, res: http.ServerResponse) => void,
  port = 0,
): Promise<LocalServer> {
  const server = http.createServer({ keepAlive: true }, handler);
  server.keepAliveTimeout = 30_000;
  server.headersTimeout = 35_000;
  // Long benchmarks and slow tests must not be cut by the default request timeout.
  server.requestTimeout = 0;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  let closed: Promise<void> | undefined;
  return {
    server,
    port: address.port,
    origin: `http://127.0.0.1:${address.port}`,
    close() {
      if (!closed) {
        closed = new Promise<void>(resolve => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
      }
      return closed;
    },
  };
}

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise(resolve => setTimeout(resolve, ms));
}

/**
 * Writes `text` as the response body. With `truncate`, sends the status and headers but only
 * the first half of the body (no Content-Length, so the client sees a cleanly ended but cut-off
 * JSON document).
 */
export function sendText(
  res: http.ServerResponse,
  status: number,
  text: string,
  headers: Record<string, string> = {},
  truncate = false,
): void {
  if (res.headersSent || res.writableEnded) {
    return;
  }
  const body = truncate ? text.slice(0, Math.floor(text.length / 2)) : text;
  const allHeaders: Record<string, string | number> = {
    'Content-Type': 'application/json',
    ...headers,
  };
  if (!truncate) {
    allHeaders['Content-Length'] = Buffer.byteLength(body);
  }
  res.writeHead(status, allHeaders);
  res.end(body);
}
