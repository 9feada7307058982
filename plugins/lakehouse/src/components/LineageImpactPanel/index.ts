export { LineageImpactPanel } from './LineageImpactPanel';
export type { LineageImpactPanelProps } from './LineageImpactPanel';
