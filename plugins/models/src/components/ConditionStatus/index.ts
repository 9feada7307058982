export { ConditionStatus } from './ConditionStatus';
