export { DeploymentStatusCard } from './DeploymentStatusCard';
