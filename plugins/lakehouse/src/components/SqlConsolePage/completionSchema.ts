import { Completion } from '@codemirror/autocomplete';
import { SQLNamespace } from '@codemirror/lang-sql';
import { QueryEngineInfo } from '@internal/plugin-lakehouse-common';
import { useEffect, useState } from 'react';
import { LakehouseApi } from '../../api';

/** What the editor completes: names, and the schema completed without a prefix. */
export interface CompletionSchema {
  schema: SQLNamespace;
  defaultSchema?: string;
}

/** Tables of the default schema whose columns are loaded for completion. */
const MAX_TABLES_WITH_COLUMNS = 100;
/** Column requests in flight at once, to spare the engine's metadata calls. */
const CONCURRENCY = 4;

/**
 * Loads the names the editor completes from the schema browser, for the
 * engine's default catalog and schema: the catalogs, the schemas of the
 * default catalog, the tables of the default schema and their columns.
 * Other catalogs and schemas are completed by name only. Calls `onUpdate`
 * as each level arrives, so completion improves while the rest loads.
 */
export async function loadCompletionSchema(
  api: LakehouseApi,
  engine: QueryEngineInfo,
  onUpdate: (schema: CompletionSchema) => void,
  isCanceled: () => boolean = () => false,
): Promise<void> {
  const catalogs = new Set<string>();
  const schemas = new Set<string>();
  const columns: Record<string, Completion[]> = {};
  // A new object each time: the editor reconfigures when the schema changes.
  const emit = (defaultSchema?: string) => {
    if (isCanceled()) return;
    const namespace: Record<string, SQLNamespace> = {};
    for (const name of catalogs) namespace[name] = {};
    const defaultCatalog = engine.catalog;
    if (defaultCatalog && catalogs.has(defaultCatalog)) {
      const inCatalog: Record<string, SQLNamespace> = {};
      for (const name of schemas) inCatalog[name] = {};
      if (defaultSchema) inCatalog[defaultSchema] = { ...columns };
      namespace[defaultCatalog] = inCatalog;
      // The engine resolves schema.table in the default catalog.
      Object.assign(namespace, inCatalog);
    }
    onUpdate({ schema: namespace, defaultSchema });
  };

  for (const name of await api.listCatalogs(engine.id)) catalogs.add(name);
  if (!engine.catalog) {
    emit();
    return;
  }
  catalogs.add(engine.catalog);
  if (isCanceled()) return;
  for (const name of await api.listSchemas(engine.catalog, engine.id)) {
    schemas.add(name);
  }
  emit();
  if (!engine.schema || isCanceled()) return;

  const tables = await api.listTables(engine.catalog, engine.schema, engine.id);
  for (const table of tables) columns[table] = [];
  emit(engine.schema);

  // A table whose columns cannot be read keeps its name; the first such
  // error is reported once the others are in.
  let failure: unknown;
  const queue = tables.slice(0, MAX_TABLES_WITH_COLUMNS);
  const worker = async () => {
    for (let table = queue.shift(); table; table = queue.shift()) {
      if (isCanceled()) return;
      try {
        const list = await api.listColumns(
          engine.catalog!,
          engine.schema!,
          table,
          engine.id,
        );
        columns[table] = list.map(c => ({
          label: c.name,
          type: 'property',
          detail: c.type,
        }));
      } catch (error) {
        failure ??= error;
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  emit(engine.schema);
  if (failure) throw failure;
}

/**
 * The completion schema of an engine, loaded in the background. Completion
 * is a convenience: a failing schema browser leaves keyword completion and
 * reports the error without blocking the console.
 */
export function useCompletionSchema(
  api: LakehouseApi,
  engine: QueryEngineInfo | undefined,
): CompletionSchema & { error?: Error } {
  const [state, setState] = useState<CompletionSchema & { error?: Error }>({
    schema: {},
  });

  useEffect(() => {
    setState({ schema: {} });
    if (!engine) return undefined;
    let canceled = false;
    loadCompletionSchema(
      api,
      engine,
      schema => setState(schema),
      () => canceled,
    ).catch(error => {
      if (!canceled) setState(prev => ({ ...prev, error }));
    });
    return () => {
      canceled = true;
    };
  }, [api, engine]);

  return state;
}
