export { Identifier } from './Identifier';
export type { IdentifierProps } from './Identifier';
