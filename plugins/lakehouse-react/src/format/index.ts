export { formatDate, formatDateTime, parseTimestamp } from './time';
