export { AccessRequestsLink } from './AccessRequestsLink';
