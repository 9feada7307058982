import {
  QueryColumn,
  QueryEngineId,
  QueryError,
  QueryProgress,
  QueryState,
  SubmitQueryRequest,
} from '@internal/plugin-lakehouse-common';
import { useCallback, useEffect, useRef, useState } from 'react';
import { LakehouseApi } from '../../api';

/** How long the server may hold a page request while waiting for rows. */
const MAX_WAIT_MS = 1000;

/** A statement the console ran or runs, as far as the browser knows it. */
export interface QueryRun {
  /** submitting: POST sent; running: pages being fetched; done: no more pages. */
  phase: 'idle' | 'submitting' | 'running' | 'done';
  id?: string;
  engine?: QueryEngineId;
  state?: QueryState;
  progress?: QueryProgress;
  columns?: QueryColumn[];
  /** Every row received so far, over all pages. */
  rows: unknown[][];
  rowCount: number;
  truncated: boolean;
  /** Why the engine failed or stopped the query. */
  error?: QueryError;
  /** A request that failed: refused statement, not allowed, network. */
  requestError?: Error;
  /** The user asked to cancel; the server has not confirmed yet. */
  canceling: boolean;
  cancelError?: Error;
}

const IDLE: QueryRun = {
  phase: 'idle',
  rows: [],
  rowCount: 0,
  truncated: false,
  canceling: false,
};

interface Handle {
  controller: AbortController;
  id?: string;
  done: boolean;
  cancelRequested: boolean;
}

/**
 * Runs statements through the lakehouse API: submits one, then follows its
 * page tokens until the last page, collecting rows and progress. Only one
 * statement at a time; leaving the console cancels a running one.
 */
export function useQueryRunner(api: LakehouseApi) {
  const [run, setRun] = useState<QueryRun>(IDLE);
  const current = useRef<Handle>();

  const requestCancel = useCallback(
    async (handle: Handle) => {
      if (!handle.id) return;
      try {
        await api.cancelQuery(handle.id);
      } catch (error) {
        handle.cancelRequested = false;
        if (current.current === handle) {
          setRun(prev => ({
            ...prev,
            canceling: false,
            cancelError: error as Error,
          }));
        }
      }
    },
    [api],
  );

  const start = useCallback(
    async (request: SubmitQueryRequest) => {
      current.current?.controller.abort();
      const handle: Handle = {
        controller: new AbortController(),
        done: false,
        cancelRequested: false,
      };
      current.current = handle;
      const { signal } = handle.controller;
      const update = (patch: Partial<QueryRun>) => {
        if (!signal.aborted) setRun(prev => ({ ...prev, ...patch }));
      };

      setRun({ ...IDLE, phase: 'submitting', engine: request.engine });
      try {
        const submitted = await api.submitQuery(request);
        if (signal.aborted) return;
        handle.id = submitted.id;
        update({
          phase: 'running',
          id: submitted.id,
          engine: submitted.engine,
          state: submitted.state,
        });
        if (handle.cancelRequested) requestCancel(handle);

        let rows: unknown[][] = [];
        let pageToken: string | undefined;
        for (;;) {
          const page = await api.getQueryPage(submitted.id, {
            pageToken,
            maxWaitMs: MAX_WAIT_MS,
            signal,
          });
          if (signal.aborted) return;
          if (page.rows.length > 0) rows = rows.concat(page.rows);
          pageToken = page.nextPageToken;
          handle.done = pageToken === undefined;
          update({
            phase: handle.done ? 'done' : 'running',
            state: page.state,
            progress: page.progress,
            ...(page.columns ? { columns: page.columns } : {}),
            rows,
            rowCount: page.rowCount,
            truncated: page.truncated,
            error: page.error,
            ...(handle.done ? { canceling: false } : {}),
          });
          if (handle.done) return;
        }
      } catch (error) {
        if (signal.aborted) return;
        handle.done = true;
        update({
          phase: 'done',
          requestError: error as Error,
          canceling: false,
        });
      }
    },
    [api, requestCancel],
  );

  const cancel = useCallback(() => {
    const handle = current.current;
    if (!handle || handle.done || handle.cancelRequested) return;
    handle.cancelRequested = true;
    setRun(prev => ({ ...prev, canceling: true, cancelError: undefined }));
    // Without an id yet, the query is canceled as soon as it is accepted.
    if (handle.id) requestCancel(handle);
  }, [requestCancel]);

  // Leaving the console stops the query on the engine instead of letting
  // it run until the server's idle timeout.
  useEffect(
    () => () => {
      const handle = current.current;
      handle?.controller.abort();
      if (handle?.id && !handle.done) {
        api.cancelQuery(handle.id).catch(() => {});
      }
    },
    [api],
  );

  return { run, start, cancel };
}
