export { FeatureViewCard, formatTtl } from './FeatureViewCard';
