export { FeatureServiceViewsCard } from './FeatureServiceViewsCard';
