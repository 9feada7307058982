/*
 * Runs a double in a separate Node.js process (node:child_process fork with an IPC channel,
 * https://nodejs.org/api/child_process.html#child_processforkmodulepath-args-options) so that a benchmark
 * measures the client without sharing its event loop with the server. The wire protocol of the double
 * itself is unchanged; see the spec comment of each double.
 */
import { fork, type ChildProcess } from 'node:child_process';
import type { Fault } from './faults';

/**
 * Handle of a double running in a child process.
 *
 * @public
 */
export interface ChildProcessDouble {
  /** Base URL of the double. */
  url: string;
  /** Process id of the child. */
  pid: number;
  /** Same as the double's setFault; `path` must be a string (RegExp cannot cross processes). */
  setFault(fault: Fault | undefined): Promise<void>;
  /** Same as the double's failNext. */
  failNext(count: number, fault: Fault): Promise<void>;
  /** Stops the double and waits for the child to exit. */
  stop(): Promise<void>;
}

/** What a serve script must provide to {@link runDoubleProcess}. */
export interface ServableDouble {
  url: string;
  stop(): Promise<void>;
  setFault(fault: Fault | undefined): void;
  failNext?(count: number, fault: Fault): void;
}

type ParentMessage =
  | { id: number; type: 'setFault'; fault: Fault | undefined }
  | { id: number; type: 'failNext'; count: number; fault: Fault }
  | { id: number; type: 'stop' };

type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;

type ChildMessage =
  | { type: 'ready'; url: string }
  | { type: 'error'; message: string }
  | { type: 'ack'; id: number; error?: string };

function transformArgs(script: string): string[] {
  if (!/\.tsx?$/.test(script)) {
    return [];
  }
  // Source checkouts run TypeScript directly through the Backstage CLI's node transform.
  return [
    '--require',
    require.resolve('@backstage/cli/config/nodeTransform.cjs'),
  ];
}

/**
 * Forks `script` (a serve entry of this package) with `options` and resolves once the double listens.
 */
export function startDoubleInChildProcess(
  script: string,
  options: unknown,
): Promise<ChildProcessDouble> {
  const child: ChildProcess = fork(script, [JSON.stringify(options ?? {})], {
    execArgv: transformArgs(script),
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let nextId = 1;
  const pending = new Map<
    number,
    { resolve(): void; reject(e: Error): void }
  >();
  const exited = new Promise<void>(resolve =>
    child.once('exit', () => resolve()),
  );

  const call = (message: WithoutId<ParentMessage>): Promise<void> => {
    const id = nextId++;
    return new Promise<void>((resolve, reject) => {
      pending.set(id, { resolve, reject });
      child.send({ ...message, id } as ParentMessage, err => {
        if (err) {
          pending.delete(id);
          reject(err);
        }
      });
    });
  };

  return new Promise<ChildProcessDouble>((resolve, reject) => {
    const onExit = (code: number | null) =>
      reject(new Error(`Double process exited early with code ${code}`));
    child.once('exit', onExit);
    child.on('message', (raw: unknown) => {
      const message = raw as ChildMessage;
      if (message.type === 'ready') {
        child.off('exit', onExit);
        resolve({
          url: message.url,
          pid: child.pid!,
          setFault: fault => call({ type: 'setFault', fault }),
          failNext: (count, fault) => call({ type: 'failNext', count, fault }),
          async stop() {
            if (child.exitCode === null && child.signalCode === null) {
              await call({ type: 'stop' }).catch(() => undefined);
            }
            await exited;
          },
        });
      } else if (message.type === 'error') {
        child.off('exit', onExit);
        child.kill();
        reject(new Error(message.message));
      } else if (message.type === 'ack') {
        const p = pending.get(message.id);
        pending.delete(message.id);
        if (message.error) {
          p?.reject(new Error(message.error));
        } else {
          p?.resolve();
        }
      }
    });
  });
}

/**
 * Body of a serve script: reads JSON options from argv[2], starts the double, reports its URL
 * (IPC message when forked, a JSON line `{"url": ...}` on stdout otherwise) and serves until
 * stopped (IPC `stop`, SIGTERM, SIGINT or the parent going away).
 */
export async function runDoubleProcess(
  start: (options: Record<string, unknown>) => Promise<ServableDouble>,
): Promise<void> {
  let double: ServableDouble | undefined;
  const send = (m: ChildMessage) => {
    if (process.send) {
      process.send(m);
    }
  };
  const shutdown = async (code = 0) => {
    try {
      await double?.stop();
    } finally {
      process.exit(code);
    }
  };
  try {
    const options = JSON.parse(process.argv[2] ?? '{}') as Record<
      string,
      unknown
    >;
    double = await start(options);
  } catch (e) {
    const message = e instanceof Error ? e.stack ?? e.message : String(e);
    if (process.send) {
      send({ type: 'error', message });
    } else {
      process.stderr.write(`${message}\n`);
    }
    process.exit(1);
  }
  if (process.send) {
    send({ type: 'ready', url: double.url });
    process.on('disconnect', () => void shutdown());
    process.on('message', (raw: unknown) => {
      const message = raw as ParentMessage;
      try {
        if (message.type === 'setFault') {
          double!.setFault(message.fault);
        } else if (message.type === 'failNext') {
          double!.failNext?.(message.count, message.fault);
        } else if (message.type === 'stop') {
          send({ type: 'ack', id: message.id });
          void shutdown();
          return;
        }
        send({ type: 'ack', id: message.id });
      } catch (e) {
        send({ type: 'ack', id: message.id, error: String(e) });
      }
    });
  } else {
    process.stdout.write(
      `${JSON.stringify({ url: double.url, pid: process.pid })}\n`,
    );
  }
  process.on('SIGTERM', () => void shutdown());
  process.on('SIGINT', () => void shutdown());
}
