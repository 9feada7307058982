export { DeploymentTrafficCard } from './DeploymentTrafficCard';
