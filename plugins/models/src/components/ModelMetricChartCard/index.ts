export { ModelMetricChartCard } from './ModelMetricChartCard';
