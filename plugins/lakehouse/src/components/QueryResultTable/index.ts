export { QueryResultTable, formatValue } from './QueryResultTable';
export type { QueryResultTableProps } from './QueryResultTable';
