export { ClassificationChip } from './ClassificationChip';
