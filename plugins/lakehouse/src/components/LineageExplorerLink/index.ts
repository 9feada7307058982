export { LineageExplorerLink } from './LineageExplorerLink';
