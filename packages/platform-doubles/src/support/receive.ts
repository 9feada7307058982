/*
 * The start every double's request handler shares: record the request, then
 * apply an injected fault (see faults.ts) before the protocol is served.
 */
import type http from 'node:http';
import {
  FaultInjector,
  isDelayFault,
  isEmptyListingFault,
  isStatusFault,
  isTruncateFault,
} from './faults';
import { readBody, RequestLog, sendText, sleep, splitUrl } from './http';

/** A request recorded and past its fault, ready for the protocol. */
export interface ReceivedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body?: string;
  /** Send the answer cut off mid-body. */
  truncate: boolean;
  /** Answer listings as empty. */
  emptyListing: boolean;
}

/**
 * Records `req` in `log` and applies the next matching fault. Resolves to
 * undefined when the fault already answered (a status fault) or the client
 * left during an injected delay.
 */
export async function receiveRequest(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  options: {
    log: RequestLog;
    faults: FaultInjector;
    /** Whether requests of this method carry a body to read. */
    hasBody: (method: string) => boolean;
    /** Body and headers of a status fault that names none, in the protocol's error format. */
    faultAnswer: (status: number) => {
      body: string;
      headers?: Record<string, string>;
    };
  },
): Promise<ReceivedRequest | undefined> {
  const method = (req.method ?? 'GET').toUpperCase();
  const { path, query } = splitUrl(req.url ?? '/');
  const body = options.hasBody(method) ? await readBody(req) : undefined;
  options.log.push({
    method,
    path,
    query,
    headers: req.headers,
    body,
    time: Date.now(),
  });

  const fault = options.faults.take(method, path);
  if (!fault)
    return { method, path, query, body, truncate: false, emptyListing: false };
  if (isStatusFault(fault)) {
    const answer = options.faultAnswer(fault.status);
    sendText(res, fault.status, fault.body ?? answer.body, {
      ...answer.headers,
      ...fault.headers,
    });
    return undefined;
  }
  if (isDelayFault(fault)) {
    await sleep(fault.delayMs);
    if (req.destroyed || res.destroyed) return undefined;
  }
  return {
    method,
    path,
    query,
    body,
    truncate: isTruncateFault(fault),
    emptyListing: isEmptyListingFault(fault),
  };
}
