import { DriftHistogram } from '@internal/plugin-lakehouse-common';
import { makeStyles } from '@material-ui/core';
import { formatShare, formatStatistic } from '../../drift';

const useStyles = makeStyles(theme => ({
  reference: { fill: theme.palette.primary.main, fillOpacity: 0.35 },
  current: { fill: theme.palette.secondary.main, fillOpacity: 0.8 },
  axis: { stroke: theme.palette.divider, strokeWidth: 1 },
  label: {
    fill: theme.palette.text.secondary,
    fontSize: 11,
    fontFamily: theme.typography.fontFamily,
  },
  legend: {
    fill: theme.palette.text.primary,
    fontSize: 12,
    fontFamily: theme.typography.fontFamily,
  },
}));

const WIDTH = 520;
const HEIGHT = 240;
const LEFT = 44;
const RIGHT = 12;
const TOP = 28;
const BOTTOM = 36;
/** Axis labels at most this many, so they never overlap. */
const MAX_LABELS = 8;
/** Characters of a category name under its bar; the bar's title has all. */
const CATEGORY_CHARS = 10;

function shorten(text: string): string {
  return text.length > CATEGORY_CHARS
    ? `${text.slice(0, CATEGORY_CHARS - 1)}…`
    : text;
}

/** Properties of {@link HistogramChart}. */
export interface HistogramChartProps {
  /** The feature the histogram is of. */
  feature: string;
  histogram: DriftHistogram;
}

/**
 * The reference and current distributions of a feature over the same
 * bins (numeric) or categories, drawn in SVG one over the other: the
 * reference as wide pale bars, the current data as narrow strong bars in
 * front of them, so a shift shows as bars stepping out of their shadows.
 * Each bar carries its share as a title, shown on hover.
 */
export const HistogramChart = ({ feature, histogram }: HistogramChartProps) => {
  const classes = useStyles();
  const { edges, categories } = histogram;
  const numeric = !categories && Array.isArray(edges);
  const count = Math.min(histogram.reference.length, histogram.current.length);
  const binLabel = (i: number) =>
    numeric
      ? `${formatStatistic(edges![i])} to ${formatStatistic(edges![i + 1])}`
      : categories?.[i] ?? `bin ${i + 1}`;

  const plotWidth = WIDTH - LEFT - RIGHT;
  const plotHeight = HEIGHT - TOP - BOTTOM;
  const slot = plotWidth / Math.max(count, 1);
  const max = Math.max(
    ...histogram.reference.slice(0, count),
    ...histogram.current.slice(0, count),
    0,
  );
  const top = max > 0 ? max : 1;
  const y = (share: number) => TOP + plotHeight - (share / top) * plotHeight;
  const baseline = TOP + plotHeight;

  const series = [
    {
      key: 'reference',
      name: 'Reference',
      shares: histogram.reference,
      className: classes.reference,
      inset: 0.08,
    },
    {
      key: 'current',
      name: 'Current',
      shares: histogram.current,
      className: classes.current,
      inset: 0.3,
    },
  ];

  // Numeric bins are labelled at their edges, categories under their bars.
  const ticks = numeric ? count + 1 : count;
  const every = Math.max(1, Math.ceil(ticks / MAX_LABELS));
  const tickLabels: { x: number; text: string; title?: string }[] = [];
  for (let i = 0; i < ticks; i += every) {
    if (numeric) {
      tickLabels.push({ x: LEFT + i * slot, text: formatStatistic(edges![i]) });
    } else {
      const name = categories?.[i] ?? `bin ${i + 1}`;
      tickLabels.push({
        x: LEFT + (i + 0.5) * slot,
        text: shorten(name),
        title: name,
      });
    }
  }

  return (
    <svg
      role="img"
      aria-label={`Histogram of ${feature}: share of non-null rows per ${
        numeric ? 'bin' : 'category'
      }, reference and current`}
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      width="100%"
      style={{ maxWidth: WIDTH, display: 'block' }}
    >
      {series.map((s, i) => (
        <g key={s.key} transform={`translate(${LEFT + i * 110}, 8)`}>
          <rect className={s.className} width={12} height={12} />
          <text className={classes.legend} x={18} y={10}>
            {s.name}
          </text>
        </g>
      ))}
      <text className={classes.label} x={LEFT - 6} y={TOP + 4} textAnchor="end">
        {formatShare(top)}
      </text>
      <text
        className={classes.label}
        x={LEFT - 6}
        y={baseline}
        textAnchor="end"
      >
        0%
      </text>
      {series.map(s => (
        <g key={s.key} data-series={s.key}>
          {s.shares.slice(0, count).map((share, i) => {
            const height = Math.max(baseline - y(share), 0);
            return (
              <rect
                key={i}
                className={s.className}
                x={LEFT + (i + s.inset) * slot}
                width={slot * (1 - 2 * s.inset)}
                y={baseline - height}
                height={height}
              >
                <title>{`${s.name}, ${binLabel(i)}: ${formatShare(
                  share,
                )}`}</title>
              </rect>
            );
          })}
        </g>
      ))}
      <line
        className={classes.axis}
        x1={LEFT}
        x2={WIDTH - RIGHT}
        y1={baseline}
        y2={baseline}
      />
      {tickLabels.map(tick => (
        <text
          key={tick.x}
          className={classes.label}
          x={tick.x}
          y={baseline + 16}
          textAnchor="middle"
        >
          {tick.title && <title>{tick.title}</title>}
          {tick.text}
        </text>
      ))}
    </svg>
  );
};
