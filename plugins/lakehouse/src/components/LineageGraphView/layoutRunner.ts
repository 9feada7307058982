import type { LayoutRequest, LayoutResult } from './layout';

/** Lays out lineage graphs. */
export interface LayoutRunner {
  layout(request: LayoutRequest): Promise<LayoutResult>;
  /** Starts the worker ahead of the first layout. */
  prepare(): void;
  /** Stops the worker; pending layouts never settle. */
  dispose(): void;
}

/** On this thread: for tests and for browsers that cannot start the worker. */
async function layoutHere(request: LayoutRequest): Promise<LayoutResult> {
  const { layoutLineage } = await import('./layout');
  return layoutLineage(request);
}

type Pending = {
  request: LayoutRequest;
  resolve: (result: LayoutResult) => void;
  reject: (error: Error) => void;
};

/**
 * Lays out graphs in a web worker, so that 2,000 nodes do not freeze the
 * page. Where no worker can be started (jsdom, a page whose content
 * security policy forbids it) the layout runs on this thread instead, as it
 * does for the requests pending when a worker fails.
 */
export function createLayoutRunner(
  startWorker?: () => Promise<Worker>,
): LayoutRunner {
  const start =
    startWorker ??
    (typeof Worker === 'undefined'
      ? undefined
      : () => import('./createLayoutWorker').then(m => m.createLayoutWorker()));
  if (!start) {
    return { layout: layoutHere, prepare: () => {}, dispose: () => {} };
  }

  const pending = new Map<number, Pending>();
  let nextId = 0;
  let disposed = false;
  let failed = false;
  let worker: Promise<Worker | undefined> | undefined;

  const fallBack = () => {
    failed = true;
    const waiting = [...pending.values()];
    pending.clear();
    for (const job of waiting) {
      layoutHere(job.request).then(job.resolve, job.reject);
    }
  };

  const getWorker = () => {
    // A worker that cannot even be constructed throws: that rejects too.
    worker ??= Promise.resolve()
      .then(start)
      .then(
        started => {
          started.onmessage = (
            event: MessageEvent<{
              id: number;
              result?: LayoutResult;
              error?: string;
            }>,
          ) => {
            const job = pending.get(event.data.id);
            if (!job) return;
            pending.delete(event.data.id);
            if (event.data.error !== undefined) {
              job.reject(new Error(`Layout failed: ${event.data.error}`));
            } else {
              job.resolve(event.data.result!);
            }
          };
          started.onerror = () => {
            started.terminate();
            fallBack();
          };
          if (disposed) started.terminate();
          return started;
        },
        () => {
          fallBack();
          return undefined;
        },
      );
    return worker;
  };

  return {
    layout(request) {
      if (failed) return layoutHere(request);
      return new Promise<LayoutResult>((resolve, reject) => {
        const id = nextId++;
        pending.set(id, { request, resolve, reject });
        getWorker().then(started => started?.postMessage({ id, request }));
      });
    },
    prepare() {
      if (!failed) getWorker();
    },
    dispose() {
      disposed = true;
      pending.clear();
      worker?.then(started => started?.terminate());
    },
  };
}

let shared: LayoutRunner | undefined;

/**
 * The runner every lineage graph of the page uses. Its worker lives as long
 * as the page: ELK's code runs several times faster once the JavaScript
 * engine has compiled it (2,000 nodes: about 2.8 s in a fresh worker, 1.3 s
 * after), so only the first layout of a visit pays for that.
 */
export function sharedLayoutRunner(): LayoutRunner {
  shared ??= createLayoutRunner();
  return shared;
}
