export { ModelDeploymentCard } from './ModelDeploymentCard';
