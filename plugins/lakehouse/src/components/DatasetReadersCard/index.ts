export { DatasetReadersCard } from './DatasetReadersCard';
