export { AccessRequestStateChip } from './AccessRequestStateChip';
