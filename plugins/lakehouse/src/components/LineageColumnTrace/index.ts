export { LineageColumnTrace } from './LineageColumnTrace';
export type { LineageColumnTraceProps } from './LineageColumnTrace';
export { traceColumns } from './traceColumns';
export type { ColumnTrace, TracedColumn } from './traceColumns';
