export { createKubernetesApplyAction, DEFAULT_FIELD_MANAGER } from './apply';
