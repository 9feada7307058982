export { createFeastFeatureViewValidateAction } from './createFeastFeatureViewValidateAction';
