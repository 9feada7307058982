export * from './FeastFeatureServerDouble';
export type {
  FeastEntityKeyDefinition,
  FeastFeatureDefinition,
  FeastFeatureServiceDefinition,
  FeastFeatureServiceProjection,
  FeastFeatureValue,
  FeastFeatureValueType,
  FeastFeatureViewDefinition,
  FeastJoinKeyValueType,
  FeastOnlineRow,
} from './types';
