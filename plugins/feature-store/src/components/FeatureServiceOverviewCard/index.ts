export { FeatureServiceOverviewCard } from './FeatureServiceOverviewCard';
