export { SqlConsoleLink } from './SqlConsoleLink';
