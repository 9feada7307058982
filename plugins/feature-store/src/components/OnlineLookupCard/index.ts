export { OnlineLookupCard } from './OnlineLookupCard';
