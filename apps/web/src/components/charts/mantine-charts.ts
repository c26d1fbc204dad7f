/**
 * The only module that imports @mantine/charts (and so Recharts) as code: LazyCharts loads it on demand, so the
 * chart library sits in chunks that only pages drawing a chart fetch, after their first paint.
 */
export { BarChart, LineChart } from '@mantine/charts';
