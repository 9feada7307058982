export { createDbtModelValidateAction } from './createDbtModelValidateAction';
export {
  DBT_LAYERS,
  DEFAULT_NAMING_CONVENTIONS,
  type DbtLayer,
  type NamingConventions,
} from './namingConventions';
