// The layout off the main thread: the explorer posts { id, request } and
// gets back { id, result } or { id, error }. ELK, when it first lays out,
// sets the worker's onmessage to a dispatcher of its own (which ignores
// these messages), so this worker listens with addEventListener instead.
import { layoutLineage, LayoutRequest } from './layout';

interface WorkerScope {
  addEventListener(
    type: 'message',
    listener: (event: MessageEvent) => void,
  ): void;
  postMessage(message: unknown): void;
}

const scope = self as unknown as WorkerScope;

scope.addEventListener(
  'message',
  async (event: MessageEvent<{ id?: unknown; request?: LayoutRequest }>) => {
    const { id, request } = event.data ?? {};
    if (typeof id !== 'number' || !request) return;
    try {
      scope.postMessage({ id, result: await layoutLineage(request) });
    } catch (error) {
      scope.postMessage({
        id,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  },
);
