import type http from 'node:http';
import { type Fault, FaultInjector } from './faults';
import {
  type LocalServer,
  type RecordedRequest,
  RequestLog,
  sendText,
  startLocalServer,
} from './http';

/** The answer to a request whose handling threw: the protocol's own error format. */
export interface InternalErrorAnswer {
  body: string;
  headers?: Record<string, string>;
}

/**
 * What every protocol double has besides its protocol: a server on
 * 127.0.0.1, the log of the requests it received and the faults a test
 * injects into them.
 *
 * @public
 */
export abstract class ProtocolDouble {
  /** Requests received, oldest first (bounded by `requestLogLimit`). */
  readonly requests: RecordedRequest[];

  protected readonly log: RequestLog;
  protected readonly faults = new FaultInjector();

  protected constructor(
    protected readonly server: LocalServer,
    requestLogLimit: number,
  ) {
    this.log = new RequestLog(requestLogLimit);
    this.requests = this.log.entries;
  }

  /**
   * Starts a server on 127.0.0.1 (a random free port unless `port` is given)
   * and the double `create` makes for it.
   */
  protected static async listen<D extends ProtocolDouble>(
    port: number | undefined,
    create: (server: LocalServer) => D,
  ): Promise<D> {
    // The server needs its handler before the double exists, and the double
    // needs the started server: the handler is bound once both are there.
    let handler: (
      req: http.IncomingMessage,
      res: http.ServerResponse,
    ) => void = () => undefined;
    const server = await startLocalServer(
      (req, res) => handler(req, res),
      port,
    );
    const double = create(server);
    handler = (req, res) => {
      double.handle(req, res).catch(error => {
        const answer = double.internalError(error);
        sendText(res, 500, answer.body, answer.headers);
      });
    };
    return double;
  }

  /** Applies `fault` to every matching request until called with `undefined`. */
  setFault(fault: Fault | undefined): void {
    this.faults.setFault(fault);
  }

  /** Applies `fault` to the next `count` matching requests. */
  failNext(count: number, fault: Fault): void {
    this.faults.failNext(count, fault);
  }

  /** Removes every injected fault. */
  clearFaults(): void {
    this.faults.clear();
  }

  /** Stops the server and closes keep-alive connections. */
  async stop(): Promise<void> {
    await this.server.close();
  }

  /** Answers one request of the protocol. */
  protected abstract handle(
    req: http.IncomingMessage,
    res: http.ServerResponse,
  ): Promise<void>;

  /** How the protocol reports an unexpected error (HTTP 500). */
  protected abstract internalError(error: unknown): InternalErrorAnswer;
}
