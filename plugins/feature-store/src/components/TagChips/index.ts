export { TagChips } from './TagChips';
