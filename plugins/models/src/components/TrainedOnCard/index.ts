export { TrainedOnCard } from './TrainedOnCard';
