export { FeatureViewFeaturesCard } from './FeatureViewFeaturesCard';
