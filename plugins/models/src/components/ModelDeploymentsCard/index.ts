export { ModelDeploymentsCard } from './ModelDeploymentsCard';
