export { GovernanceLink } from './GovernanceLink';
