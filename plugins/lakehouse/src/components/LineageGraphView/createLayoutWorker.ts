/**
 * Starts the layout worker. In a module of its own because bundlers find
 * the worker's code through `import.meta.url`, which Jest's CommonJS cannot
 * parse: tests never load this module (jsdom has no Worker).
 */
export function createLayoutWorker(): Worker {
  return new Worker(new URL('./layout.worker.ts', import.meta.url));
}
