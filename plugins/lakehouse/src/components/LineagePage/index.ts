export { LineagePage } from './LineagePage';
