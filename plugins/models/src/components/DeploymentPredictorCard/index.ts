export { DeploymentPredictorCard } from './DeploymentPredictorCard';
