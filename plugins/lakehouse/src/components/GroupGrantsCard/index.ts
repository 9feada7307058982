export { GroupGrantsCard } from './GroupGrantsCard';
