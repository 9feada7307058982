export { QueryHistoryDrawer } from './QueryHistoryDrawer';
export type { QueryHistoryDrawerProps } from './QueryHistoryDrawer';
