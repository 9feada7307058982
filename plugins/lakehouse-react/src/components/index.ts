export * from './EntityLinkGroups';
export * from './Identifier';
export { useDataTableStyles } from './dataTableStyles';
