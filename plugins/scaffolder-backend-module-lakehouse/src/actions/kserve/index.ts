export { createInferenceServiceValidateAction } from './createInferenceServiceValidateAction';
