export { SqlConsolePage } from './SqlConsolePage';
