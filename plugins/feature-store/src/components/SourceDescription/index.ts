export { SourceDescription } from './SourceDescription';
