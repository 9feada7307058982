import { layoutLineage, LayoutRequest } from './layout';
import { createLayoutRunner } from './layoutRunner';

const request: LayoutRequest = {
  nodes: [
    { id: 'a', width: 260, height: 76 },
    { id: 'b', width: 260, height: 76 },
  ],
  edges: [{ source: 'a', target: 'b' }],
};

/**
 * Stands in for the worker: answers each message the way layout.worker.ts
 * does, on a later task, or fails like a worker whose script did not load.
 */
class FakeWorker {
  onmessage: ((event: MessageEvent) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  received: unknown[] = [];
  terminated = false;
  constructor(private readonly mode: 'answer' | 'fail' | 'refuse') {}
  postMessage(message: { id: number; request: LayoutRequest }) {
    this.received.push(message);
    setTimeout(async () => {
      if (this.mode === 'fail') {
        this.onerror?.({ message: 'script not found' } as ErrorEvent);
      } else if (this.mode === 'refuse') {
        this.onmessage?.({
          data: { id: message.id, error: 'graph too large' },
        } as MessageEvent);
      } else {
        const result = await layoutLineage(message.request);
        this.onmessage?.({ data: { id: message.id, result } } as MessageEvent);
      }
    });
  }
  terminate() {
    this.terminated = true;
  }
}

describe('createLayoutRunner', () => {
  it('lays out in the worker, matching answers to requests', async () => {
    const worker = new FakeWorker('answer');
    const runner = createLayoutRunner(async () => worker as unknown as Worker);

    const [first, second] = await Promise.all([
      runner.layout(request),
      runner.layout({ nodes: [request.nodes[0]], edges: [] }),
    ]);

    expect(worker.received).toHaveLength(2);
    expect(Object.keys(first.positions)).toEqual(['a', 'b']);
    expect(Object.keys(second.positions)).toEqual(['a']);
    runner.dispose();
    await Promise.resolve();
    expect(worker.terminated).toBe(true);
  });

  it('starts the worker once, ahead of the first layout when prepared', async () => {
    const worker = new FakeWorker('answer');
    const start = jest.fn(async () => worker as unknown as Worker);
    const runner = createLayoutRunner(start);

    runner.prepare();
    await Promise.resolve();
    expect(start).toHaveBeenCalledTimes(1);
    expect(worker.received).toHaveLength(0);

    await runner.layout(request);
    expect(start).toHaveBeenCalledTimes(1);
    expect(worker.received).toHaveLength(1);
  });

  it('lays out on this thread when the worker fails, then and afterwards', async () => {
    const worker = new FakeWorker('fail');
    const runner = createLayoutRunner(async () => worker as unknown as Worker);

    const result = await runner.layout(request);
    expect(result.positions.a.x).toBeLessThan(result.positions.b.x);
    expect(worker.terminated).toBe(true);

    await expect(runner.layout(request)).resolves.toEqual(result);
    expect(worker.received).toHaveLength(1);
  });

  it('lays out on this thread when no worker can be started', async () => {
    const runner = createLayoutRunner(() =>
      Promise.reject(new Error('Worker is not allowed by the page')),
    );

    const result = await runner.layout(request);

    expect(Object.keys(result.positions)).toEqual(['a', 'b']);
  });

  it('rejects with the reason the worker gives for a failed layout', async () => {
    const runner = createLayoutRunner(
      async () => new FakeWorker('refuse') as unknown as Worker,
    );

    await expect(runner.layout(request)).rejects.toThrow(
      'Layout failed: graph too large',
    );
  });

  it('lays out on this thread where there is no Worker, as in jsdom', async () => {
    expect(typeof Worker).toBe('undefined');
    const runner = createLayoutRunner();

    await expect(runner.layout(request)).resolves.toMatchObject({
      positions: { a: expect.anything(), b: expect.anything() },
    });
  });
});
