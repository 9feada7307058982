export { DatasetOverviewCard } from './DatasetOverviewCard';
