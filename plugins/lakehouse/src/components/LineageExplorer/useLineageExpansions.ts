import { LineageGraph, LineageNode } from '@internal/plugin-lakehouse-common';
import { useCallback, useMemo, useRef, useState } from 'react';
import { LakehouseApi } from '../../api';
import { collapseExpansion, mergeLineage } from './mergeLineage';

const NONE: ReadonlyMap<string, LineageGraph> = new Map();
const NO_IDS: ReadonlySet<string> = new Set();

/** Why a node's neighbours could not be fetched. */
export interface ExpansionFailure {
  node: LineageNode;
  error: Error;
}

/**
 * The neighbours fetched for expanded nodes (depth 1, both ways), merged
 * into the lineage asked for. They belong to that lineage: asking for
 * another (other direction, depth or column) starts without expansions,
 * and answers for an earlier one are dropped.
 */
export function useLineageExpansions(
  api: Pick<LakehouseApi, 'getLineage'>,
  base: LineageGraph | undefined,
) {
  const [expansions, setExpansions] = useState<{
    base?: LineageGraph;
    map: ReadonlyMap<string, LineageGraph>;
  }>({ map: NONE });
  const [expanding, setExpanding] = useState<{
    base?: LineageGraph;
    ids: ReadonlySet<string>;
  }>({ ids: NO_IDS });
  const [failed, setFailed] = useState<
    ExpansionFailure & { base: LineageGraph }
  >();

  const map = expansions.base === base ? expansions.map : NONE;
  const expandingIds = expanding.base === base ? expanding.ids : NO_IDS;
  const graph = useMemo(() => base && mergeLineage(base, map), [base, map]);

  // The callback stays the same while the graph changes, so node cards
  // need not render again; it reads the latest state from here.
  const latest = useRef({ base, map, expandingIds, graph });
  latest.current = { base, map, expandingIds, graph };

  const toggleExpand = useCallback(
    (nodeId: string) => {
      const current = latest.current;
      if (!current.base || current.expandingIds.has(nodeId)) return;
      const forBase = current.base;
      if (current.map.has(nodeId)) {
        setExpansions({
          base: forBase,
          map: collapseExpansion(forBase, current.map, nodeId),
        });
        return;
      }
      // The lineage API starts from catalog entities only.
      const node = current.graph?.nodes.find(n => n.id === nodeId);
      if (!node?.entityRef) return;
      const setIds = (change: (ids: Set<string>) => void) =>
        setExpanding(previous => {
          const ids = new Set(previous.base === forBase ? previous.ids : []);
          change(ids);
          return { base: forBase, ids };
        });
      setIds(ids => ids.add(nodeId));
      setFailed(undefined);
      api
        .getLineage({
          entityRef: node.entityRef,
          direction: 'both',
          depth: 1,
        })
        .then(neighbours => {
          if (latest.current.base !== forBase) return;
          setExpansions(previous => {
            const next = new Map(previous.base === forBase ? previous.map : []);
            next.set(nodeId, neighbours);
            return { base: forBase, map: next };
          });
        })
        .catch(error => {
          if (latest.current.base === forBase) {
            setFailed({ base: forBase, node, error });
          }
        })
        .finally(() => setIds(ids => ids.delete(nodeId)));
    },
    [api],
  );

  const collapseAll = useCallback(
    () => setExpansions({ base: latest.current.base, map: NONE }),
    [],
  );

  const expandedIds = useMemo(() => new Set(map.keys()), [map]);

  return {
    graph,
    expandedIds,
    expandingIds,
    toggleExpand,
    collapseAll,
    failure: failed?.base === base ? failed : undefined,
    dismissFailure: () => setFailed(undefined),
  };
}
