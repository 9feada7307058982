import { createContext } from 'react';

/**
 * What a node card can ask of the explorer. Passed through context, not
 * node data, so that node objects stay the same while the callbacks change.
 */
export interface LineageGraphActions {
  /** Shows the node in the side panel. */
  select(nodeId: string): void;
  /** Fetches the node's neighbours, or removes them again. */
  toggleExpand(nodeId: string): void;
}

export const LineageGraphActionsContext = createContext<LineageGraphActions>({
  select: () => {},
  toggleExpand: () => {},
});
