export { AccessRequestsPage } from './AccessRequestsPage';
