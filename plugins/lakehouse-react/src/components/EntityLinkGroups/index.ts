export { EntityLinkGroups } from './EntityLinkGroups';
export type {
  EntityLinkGroup,
  EntityLinkGroupsProps,
} from './EntityLinkGroups';
