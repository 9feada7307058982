export { FeatureViewTransformationCard } from './FeatureViewTransformationCard';
