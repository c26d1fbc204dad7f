import type { BarChartProps, LineChartProps } from '@mantine/charts';
import { Skeleton } from '@mantine/core';
import { lazy, Suspense } from 'react';

/**
 * `BarChart` and `LineChart` of @mantine/charts, fetched when first drawn. Recharts is the largest library of the
 * console (~120 KB gzip); importing it statically put it into every chart route's first load. Until the chart code
 * arrives a skeleton of the chart's height holds its place, so nothing below it moves.
 */
const load = () => import('./mantine-charts');
const LazyBar = lazy(() => load().then((m) => ({ default: m.BarChart })));
const LazyLine = lazy(() => load().then((m) => ({ default: m.LineChart })));

/** Mantine's charts are 300 px high unless given `h`. */
const DEFAULT_HEIGHT = 300;

/** A chart of two or more series names them (which bar is the comparison period?) unless the caller says otherwise. */
const legendShown = (props: BarChartProps | LineChartProps): boolean => props.withLegend ?? props.series.length > 1;

export function BarChart(props: BarChartProps) {
  return (
    <Suspense fallback={<Skeleton h={props.h ?? DEFAULT_HEIGHT} aria-busy="true" />}>
      <LazyBar {...props} withLegend={legendShown(props)} />
    </Suspense>
  );
}

export function LineChart(props: LineChartProps) {
  return (
    <Suspense fallback={<Skeleton h={props.h ?? DEFAULT_HEIGHT} aria-busy="true" />}>
      <LazyLine {...props} withLegend={legendShown(props)} />
    </Suspense>
  );
}

/** Starts fetching the chart code (say, while the route's data loads) so the chart draws without a skeleton. */
export function preloadCharts(): void {
  void load();
}
