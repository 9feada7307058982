/**
 * Models plugin for Backstage: registered models and their deployments.
 *
 * @packageDocumentation
 */
export { modelsPlugin as default } from './plugin';
