export { RequestAccess } from './RequestAccess';
export type { RequestAccessProps } from './RequestAccess';
