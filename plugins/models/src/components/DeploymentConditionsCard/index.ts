export { DeploymentConditionsCard } from './DeploymentConditionsCard';
