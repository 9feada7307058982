export { HeaderPageLink } from './HeaderPageLink';
