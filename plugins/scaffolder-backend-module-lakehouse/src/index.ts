/**
 * Scaffolder actions of the lakehouse golden paths.
 *
 * @packageDocumentation
 */
export { scaffolderModuleLakehouse as default } from './module';
export { createDbtModelValidateAction } from './actions/dbt';
export { createFeastFeatureViewValidateAction } from './actions/feast';
export { createInferenceServiceValidateAction } from './actions/kserve';
export { createKubernetesApplyAction } from './actions/kubernetes';
