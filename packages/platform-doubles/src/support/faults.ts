/*
 * Fault injection shared by the doubles. Not part of any upstream protocol: it reproduces
 * what clients meet in production in front of the real servers (gateways answering 5xx,
 * slow upstreams, connections cut mid-body), as listed in the error responses of the
 * Iceberg REST spec (iceberg-rest-catalog-open-api.yaml, 5XX/503 ServiceUnavailable) and
 * in the Trino client protocol notes (clients retry 502/503/504).
 */

/** Restricts a fault to some requests. */
export interface FaultScope {
  /** Only requests whose raw path contains this string, or matches this pattern. */
  path?: string | RegExp;
  /** Only requests with this HTTP method. */
  method?: string;
}

/**
 * Answer with this status. The body defaults to the double's own error format for that status.
 *
 * @public
 */
export interface StatusFault extends FaultScope {
  status: number;
  body?: string;
  headers?: Record<string, string>;
}

/**
 * Wait this long before handling the request normally (to trigger client timeouts).
 *
 * @public
 */
export interface DelayFault extends FaultScope {
  delayMs: number;
}

/**
 * Send the normal status and headers but only the first half of the body.
 *
 * @public
 */
export interface TruncateFault extends FaultScope {
  truncate: true;
}

/**
 * Listings (namespaces, tables) come back empty. Iceberg double only.
 *
 * @public
 */
export interface EmptyListingFault extends FaultScope {
  emptyListing: true;
}

/**
 * Any injectable fault.
 *
 * @public
 */
export type Fault =
  | StatusFault
  | DelayFault
  | TruncateFault
  | EmptyListingFault;

function matches(fault: Fault, method: string, path: string): boolean {
  if (fault.method && fault.method.toUpperCase() !== method) {
    return false;
  }
  if (fault.path === undefined) {
    return true;
  }
  return typeof fault.path === 'string'
    ? path.includes(fault.path)
    : fault.path.test(path);
}

/** Holds a persistent fault and a queue of one-shot faults. */
export class FaultInjector {
  private persistent: Fault | undefined;
  private readonly queue: Array<{ remaining: number; fault: Fault }> = [];

  /** Applies `fault` to every matching request until cleared with `undefined`. */
  setFault(fault: Fault | undefined): void {
    this.persistent = fault;
  }

  /** Applies `fault` to the next `count` matching requests. */
  failNext(count: number, fault: Fault): void {
    if (count > 0) {
      this.queue.push({ remaining: count, fault });
    }
  }

  /** Removes every fault. */
  clear(): void {
    this.persistent = undefined;
    this.queue.length = 0;
  }

  /** The fault for this request, if any; consumes one-shot faults. */
  take(method: string, path: string): Fault | undefined {
    for (let i = 0; i < this.queue.length; i++) {
      const entry = this.queue[i];
      if (matches(entry.fault, method, path)) {
        entry.remaining -= 1;
        if (entry.remaining <= 0) {
          this.queue.splice(i, 1);
        }
        return entry.fault;
      }
    }
    if (this.persistent && matches(this.persistent, method, path)) {
      return this.persistent;
    }
    return undefined;
  }
}

/** Type guards for the fault variants. */
export const isStatusFault = (f: Fault): f is StatusFault => 'status' in f;
export const isDelayFault = (f: Fault): f is DelayFault => 'delayMs' in f;
export const isTruncateFault = (f: Fault): f is TruncateFault =>
  'truncate' in f && f.truncate === true;
export const isEmptyListingFault = (f: Fault): f is EmptyListingFault =>
  'emptyListing' in f && f.emptyListing === true;
