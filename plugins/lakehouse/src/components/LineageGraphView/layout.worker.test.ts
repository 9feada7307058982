/**
 * @jest-environment node
 */
// In a worker there is no document, which is what makes ELK take over the
// worker's onmessage on its first layout; the Node environment recreates
// that, with a stand-in for the worker's global scope.

type Listener = (event: { data: unknown }) => void;

function workerScope() {
  const listeners: Listener[] = [];
  const posted: any[] = [];
  const scope = {
    onmessage: null as Listener | null,
    addEventListener: (_type: string, listener: Listener) =>
      listeners.push(listener),
    postMessage: (message: unknown) => posted.push(message),
    /** Delivers a message the way a worker does: listeners and onmessage. */
    receive(data: unknown) {
      for (const listener of listeners) listener({ data });
      scope.onmessage?.({ data });
    },
    posted,
  };
  return scope;
}

const request = (height: number) => ({
  nodes: [
    { id: 'raw', width: 260, height },
    { id: 'gold', width: 260, height: 76 },
  ],
  edges: [{ source: 'raw', target: 'gold' }],
});

async function answered(posted: any[], count: number) {
  for (let i = 0; i < 200 && posted.length < count; i++) {
    await new Promise(resolve => setTimeout(resolve, 10));
  }
  return posted;
}

describe('layout.worker', () => {
  const scope = workerScope();

  beforeAll(() => {
    (globalThis as any).self = scope;
    jest.isolateModules(() => {
      require('./layout.worker');
    });
  });

  afterAll(() => {
    delete (globalThis as any).self;
  });

  it('answers every layout request, not only the first', async () => {
    scope.receive({ id: 1, request: request(76) });
    await answered(scope.posted, 1);
    scope.receive({ id: 2, request: request(300) });
    scope.receive({ id: 3, request: request(120) });

    const posted = await answered(scope.posted, 3);

    expect(posted.map(message => message.id)).toEqual([1, 2, 3]);
    expect(posted[1].result.positions.raw.x).toBeLessThan(
      posted[1].result.positions.gold.x,
    );
  });

  it('ignores messages that are not layout requests', async () => {
    const before = scope.posted.length;
    scope.receive('hello');
    scope.receive({ id: 'x', request: request(76) });
    scope.receive({ id: 8 });
    scope.receive({ id: 9, request: request(76) });

    const posted = await answered(scope.posted, before + 1);
    await new Promise(resolve => setTimeout(resolve, 50));

    expect(posted.slice(before).map(message => message.id)).toEqual([9]);
  });
});
